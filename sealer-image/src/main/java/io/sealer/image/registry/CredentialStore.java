package io.sealer.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.api.SealerException;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.image.store.MetadataJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Registry credentials: Sealer's own {@code auth.json} (containers auth format, mode 0600), read
 * and written; Docker's {@code config.json} read only: {@code auths}, {@code credHelpers} and
 * {@code credsStore} (through {@code docker-credential-<name> get}).
 */
final class CredentialStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path authFile;
  private final @Nullable Path dockerConfig;
  private final EventListener events;

  private final @Nullable Path helperDir;

  CredentialStore(Path authFile, @Nullable Path dockerConfig, EventListener events) {
    this(authFile, dockerConfig, events, null);
  }

  /** As above; {@code helperDir} holds the credential helpers instead of PATH (for tests). */
  CredentialStore(
      Path authFile, @Nullable Path dockerConfig, EventListener events, @Nullable Path helperDir) {
    this.authFile = authFile;
    this.dockerConfig = dockerConfig;
    this.events = events;
    this.helperDir = helperDir;
  }

  /** The credentials for a registry, from auth.json first, then Docker's config. */
  synchronized Optional<Credential> find(String registry) {
    Optional<Credential> own = fromAuths(readJson(authFile).path("auths"), registry);
    if (own.isPresent() || dockerConfig == null) {
      return own;
    }
    JsonNode docker = readJson(dockerConfig);
    String helper = docker.path("credHelpers").path(registry).asText("");
    if (helper.isEmpty()) {
      Optional<Credential> inline = fromAuths(docker.path("auths"), registry);
      if (inline.isPresent()) {
        return inline;
      }
      helper = docker.path("credsStore").asText("");
    }
    return helper.isEmpty() ? Optional.empty() : fromHelper(helper, registry);
  }

  /** Saves credentials to auth.json (written atomically, mode 0600). */
  synchronized void save(String registry, Credential credential) {
    JsonNode root = readJson(authFile);
    ObjectNode doc = root.isObject() ? (ObjectNode) root : JSON.createObjectNode();
    ObjectNode auths =
        doc.path("auths").isObject() ? (ObjectNode) doc.get("auths") : doc.putObject("auths");
    auths.putObject(registry).put("auth", credential.encoded());
    write(doc);
  }

  /** Removes a registry from auth.json; returns whether it was there. */
  synchronized boolean remove(String registry) {
    JsonNode root = readJson(authFile);
    JsonNode auths = root.path("auths");
    if (!auths.isObject() || !auths.has(registry)) {
      return false;
    }
    ((ObjectNode) auths).remove(registry);
    write((ObjectNode) root);
    return true;
  }

  private static Optional<Credential> fromAuths(JsonNode auths, String registry) {
    if (!auths.isObject()) {
      return Optional.empty();
    }
    for (String key : keys(registry)) {
      JsonNode entry = auths.path(key);
      String auth = entry.path("auth").asText("");
      if (!auth.isEmpty()) {
        return Optional.of(Credential.decode(auth));
      }
      String user = entry.path("username").asText("");
      if (!user.isEmpty()) {
        return Optional.of(new Credential(user, entry.path("password").asText("")));
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = auths.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = f.getKey().replaceFirst("^https?://", "");
      key = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
      String auth = f.getValue().path("auth").asText("");
      if (key.equals(registry) && !auth.isEmpty()) {
        return Optional.of(Credential.decode(auth));
      }
    }
    return Optional.empty();
  }

  private static List<String> keys(String registry) {
    if (registry.equals("docker.io")) {
      return List.of("docker.io", "https://index.docker.io/v1/", "index.docker.io");
    }
    return List.of(registry);
  }

  private Optional<Credential> fromHelper(String helper, String registry) {
    String program = "docker-credential-" + helper;
    if (helperDir != null) {
      program = helperDir.resolve(program).toString();
    }
    String server = registry.equals("docker.io") ? "https://index.docker.io/v1/" : registry;
    try {
      Process p = new ProcessBuilder(program, "get").redirectErrorStream(false).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(server.getBytes(StandardCharsets.UTF_8));
      }
      byte[] out;
      try (InputStream stdout = p.getInputStream()) {
        out = stdout.readNBytes(1024 * 1024);
      }
      p.getErrorStream().close();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      if (p.exitValue() != 0) {
        return Optional.empty(); // "credentials not found in native keychain"
      }
      JsonNode json = MetadataJson.parse(out, "the answer of " + program);
      String user = json.path("Username").asText("");
      String secret = json.path("Secret").asText("");
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Credential(user.equals("<token>") ? "" : user, secret));
    } catch (IOException | MetadataJson.MetadataException e) {
      events.log(
          LogEvent.debug(
              "credential helper " + program + " not usable for " + registry + ": " + e));
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private JsonNode readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      return JSON.createObjectNode();
    }
    try {
      // the parser's own message may quote the file's text, which holds secrets: never shown
      return MetadataJson.parse(MetadataJson.read(file, "it"), "it");
    } catch (MetadataJson.MetadataException e) {
      throw new SealerException(
          "could not read credentials "
              + file
              + ": "
              + e.getMessage()
              + "; fix it, or remove it and log in again",
          e);
    } catch (IOException e) {
      throw new SealerException(
          "could not read credentials " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private void write(ObjectNode doc) {
    try {
      Path dir = authFile.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp =
          Files.createTempFile(
              dir,
              ".auth",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        try (OutputStream out = Files.newOutputStream(tmp)) {
          JSON.writeValue(out, doc);
        }
        try {
          Files.move(tmp, authFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, authFile, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new SealerException(
          "could not save credentials to " + authFile + ": " + e.getMessage(), e);
    }
  }
}
