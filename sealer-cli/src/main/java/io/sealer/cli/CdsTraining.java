package io.sealer.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training run of the start-up (AppCDS) archive, started by {@code bin/sealer} under {@code
 * -XX:ArchiveClassesAtExit} with {@code -Dsealer.cds.training=true}: the classes a run loads are
 * the classes the archive holds, and a class outside it costs loading, verifying and linking on
 * every later run. So the training does what users do most, through the same command-line path: a
 * pull of a small image into an empty store (the blob downloads, digests, direct writes, syncs and
 * renames), the same pull again (nothing to download), a push of it to a new repository (streamed
 * and one-request uploads) and that push again (nothing to send), then {@code images} and {@code
 * inspect}.
 *
 * <p>The registry it talks to is a minimal one in this process, on a loopback port, holding the
 * blobs in memory ({@link com.sun.net.httpserver.HttpServer}; it checks the digest of what is
 * pushed, as registries do). Its own classes end up in the archive too, a few hundred kilobytes
 * that a later run maps but never loads. Every step that fails is skipped: an archive trained on
 * less is still an archive, and the launcher never fails because of the training.
 */
final class CdsTraining {
  /** Layers above 1 MiB are written with direct I/O on pull and streamed with PATCH on push. */
  private static final int[] LAYER_SIZES = {3 << 20, (3 << 20) / 2, 200 << 10};

  private static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";
  private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> repositoryBlobs = new ConcurrentHashMap<>();
  private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
  private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
  private final AtomicInteger uploadIds = new AtomicInteger();

  private CdsTraining() {}

  /**
   * Runs the training in {@code base} (an empty directory: the store and {@code $HOME} go there).
   *
   * @return 0 when every step succeeded, else 1 (the archive is made either way)
   */
  static int run(Path base, Map<String, String> env) {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true);
    CdsTraining registry = new CdsTraining();
    HttpServer server;
    ExecutorService threads = Executors.newFixedThreadPool(4, CdsTraining::daemon);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.createContext("/v2/", registry::handle);
      server.setExecutor(threads);
      server.start();
    } catch (IOException e) {
      threads.shutdownNow();
      // no loopback port to listen on: at least the start of a pull, up to its failed connect
      cli(base, env, quiet).run("-q", "pull", "127.0.0.1:9/sealer/cds-training:v1");
      return 1;
    }
    try {
      String host = "127.0.0.1:" + server.getAddress().getPort();
      String source = host + "/sealer/cds-training:v1";
      String target = host + "/sealer/cds-training-pushed:v1";
      registry.publish("sealer/cds-training", "v1");
      SealerCli cli = cli(base, env, quiet);
      int failed = 0;
      failed += cli.run("-q", "pull", source) == 0 ? 0 : 1;
      failed += cli(base, env, quiet).run("pull", source) == 0 ? 0 : 1;
      failed += cli(base, env, quiet).run("-q", "tag", source, target) == 0 ? 0 : 1;
      failed += cli(base, env, quiet).run("-q", "push", target) == 0 ? 0 : 1;
      failed += cli(base, env, quiet).run("push", target) == 0 ? 0 : 1;
      failed += cli(base, env, quiet).run("images") == 0 ? 0 : 1;
      failed += cli(base, env, quiet).run("inspect", target) == 0 ? 0 : 1;
      return failed == 0 ? 0 : 1;
    } finally {
      server.stop(0);
      threads.shutdownNow();
    }
  }

  private static SealerCli cli(Path base, Map<String, String> env, PrintStream quiet) {
    Map<String, String> trainingEnv = new HashMap<>(env);
    trainingEnv.put("SEALER_ROOT", base.resolve("root").toString());
    trainingEnv.put("HOME", base.resolve("home").toString());
    trainingEnv.remove("XDG_CACHE_HOME");
    trainingEnv.remove("XDG_CONFIG_HOME");
    trainingEnv.remove("XDG_RUNTIME_DIR");
    trainingEnv.remove("REGISTRY_AUTH_FILE");
    trainingEnv.remove("DOCKER_CONFIG");
    return new SealerCli(quiet, quiet, trainingEnv);
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "cds-training-registry");
    t.setDaemon(true);
    return t;
  }

  /** Puts a small image (random layers, its config and manifest) under {@code name:tag}. */
  private void publish(String name, String tag) {
    SplittableRandom random = new SplittableRandom(42);
    StringBuilder layers = new StringBuilder();
    StringBuilder diffIds = new StringBuilder();
    for (int size : LAYER_SIZES) {
      byte[] layer = new byte[size];
      random.nextBytes(layer);
      String digest = add(name, layer);
      layers.append(layers.length() == 0 ? "" : ",").append(descriptor(LAYER_TYPE, digest, size));
      diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(digest).append('"');
    }
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + diffIds
                + "]}}")
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = add(name, config);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MANIFEST_TYPE
                + "\",\"config\":"
                + descriptor(CONFIG_TYPE, configDigest, config.length)
                + ",\"layers\":["
                + layers
                + "]}")
            .getBytes(StandardCharsets.UTF_8);
    manifests.put(name + ":" + tag, manifest);
    manifests.put(name + ":" + sha256(manifest), manifest);
  }

  private String add(String repository, byte[] blob) {
    String digest = sha256(blob);
    blobs.put(digest, blob);
    repositoryBlobs.computeIfAbsent(repository, r -> ConcurrentHashMap.newKeySet()).add(digest);
    return digest;
  }

  private static String descriptor(String mediaType, String digest, long size) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + digest
        + "\",\"size\":"
        + size
        + "}";
  }

  /** The part of the OCI distribution API that pull and push use, without authentication. */
  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      byte[] body = exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Docker-Distribution-Api-Version", "registry/2.0");
      if (path.equals("/v2/")) {
        respond(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      int manifestAt = path.lastIndexOf("/manifests/");
      int blobAt = path.lastIndexOf("/blobs/");
      int uploadAt = path.lastIndexOf("/blobs/uploads/");
      if (manifestAt > 3) {
        String repository = path.substring(4, manifestAt);
        String reference = path.substring(manifestAt + "/manifests/".length());
        manifest(exchange, method, repository, reference, body);
      } else if (uploadAt > 3) {
        String repository = path.substring(4, uploadAt);
        String id = path.substring(uploadAt + "/blobs/uploads/".length());
        upload(exchange, method, repository, id, query, body);
      } else if (blobAt > 3) {
        String repository = path.substring(4, blobAt);
        String digest = path.substring(blobAt + "/blobs/".length());
        byte[] blob = blobs.get(digest);
        if (blob == null || !repositoryBlobs.getOrDefault(repository, Set.of()).contains(digest)) {
          respond(exchange, 404, null, null);
        } else {
          exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
          respond(exchange, 200, "application/octet-stream", blob);
        }
      } else {
        respond(exchange, 404, null, null);
      }
    }
  }

  private void manifest(
      HttpExchange exchange, String method, String repository, String reference, byte[] body)
      throws IOException {
    if (method.equals("PUT")) {
      String digest = sha256(body);
      manifests.put(repository + ":" + reference, body);
      manifests.put(repository + ":" + digest, body);
      exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
      exchange.getResponseHeaders().set("Location", "/v2/" + repository + "/manifests/" + digest);
      respond(exchange, 201, null, null);
      return;
    }
    byte[] manifest = manifests.get(repository + ":" + reference);
    if (manifest == null) {
      respond(exchange, 404, null, null);
      return;
    }
    exchange.getResponseHeaders().set("Docker-Content-Digest", sha256(manifest));
    respond(exchange, 200, MANIFEST_TYPE, manifest);
  }

  private void upload(
      HttpExchange exchange, String method, String repository, String id, String query, byte[] body)
      throws IOException {
    if (method.equals("POST")) {
      // a mount is answered with a plain upload, as registries may do: the training wants uploads
      String newId = Integer.toString(uploadIds.incrementAndGet());
      uploads.put(newId, new byte[0]);
      exchange
          .getResponseHeaders()
          .set("Location", "/v2/" + repository + "/blobs/uploads/" + newId);
      respond(exchange, 202, null, null);
      return;
    }
    byte[] sofar = uploads.get(id);
    if (sofar == null) {
      respond(exchange, 404, null, null);
      return;
    }
    byte[] joined = new byte[sofar.length + body.length];
    System.arraycopy(sofar, 0, joined, 0, sofar.length);
    System.arraycopy(body, 0, joined, sofar.length, body.length);
    if (method.equals("PATCH")) {
      uploads.put(id, joined);
      exchange.getResponseHeaders().set("Location", "/v2/" + repository + "/blobs/uploads/" + id);
      exchange.getResponseHeaders().set("Range", "0-" + (joined.length - 1));
      respond(exchange, 202, null, null);
      return;
    }
    String digest = null;
    for (String part : query == null ? new String[0] : query.split("&")) {
      if (part.startsWith("digest=")) {
        digest = java.net.URLDecoder.decode(part.substring(7), StandardCharsets.UTF_8);
      }
    }
    if (!method.equals("PUT") || digest == null || !digest.equals(sha256(joined))) {
      respond(exchange, 400, null, null);
      return;
    }
    uploads.remove(id);
    add(repository, joined);
    exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
    respond(exchange, 201, null, null);
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    long length = body == null ? 0 : body.length;
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
    if (body != null && body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
