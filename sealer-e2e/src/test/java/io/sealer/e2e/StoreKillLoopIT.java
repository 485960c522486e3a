package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.ImageReference;
import io.sealer.api.image.ArchiveFormat;
import io.sealer.api.image.BlobWriter;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.filesystem.LayerDigests;
import io.sealer.filesystem.LayerWriter;
import io.sealer.sdk.Sealer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the packaged {@code sealer} with SIGKILL at random points of load, save, tag, rmi, push and
 * pull (against a real {@code docker-registry}), and checks each time that {@code sealer alpha
 * fsck} passes and that the command then succeeds; a pull run again resumes its partial blobs.
 */
class StoreKillLoopIT {
  private static final int ROUNDS = Integer.getInteger("sealer.killLoop.rounds", 16);
  @TempDir Path tmp;

  @Test
  void killedCommandsLeaveAConsistentStore() throws Exception {
    Path root = tmp.resolve("root");
    Path archive = tmp.resolve("big.tar");
    seed(tmp.resolve("seed"), archive);
    SealerProcess sealer = new SealerProcess(root);
    assertThat(sealer.run("load", "-i", archive.toString()).exitCode()).isZero();
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
      killLoop(sealer, archive, registry.host());
    }
  }

  private void killLoop(SealerProcess sealer, Path archive, String registry) throws Exception {
    String remote = registry + "/kill/big:v1";
    assertThat(sealer.run("tag", "big:v1", remote).exitCode()).isZero();
    SealerProcess.Result pushed = sealer.run("push", remote);
    assertThat(pushed.exitCode()).as(pushed.err()).isZero();
    assertThat(sealer.run("rmi", remote).exitCode()).isZero();
    SealerProcess puller = new SealerProcess(tmp.resolve("pulled"));
    long seed = Long.getLong("sealer.killLoop.seed", System.nanoTime());
    Random random = new Random(seed);
    List<String> log = new ArrayList<>();
    int kills = 0;
    // how long each command took when it ran to the end, so that kill points land inside it
    Map<String, Long> durations = new java.util.HashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      String op = List.of("load", "save", "tag", "rmi", "push", "pull").get(random.nextInt(6));
      // each push goes to a new repository, so that its blobs are sent, not skipped
      String pushTarget = registry + "/kill/r" + round + ":v1";
      String[] args =
          switch (op) {
            case "load" -> new String[] {"load", "-i", archive.toString()};
            case "save" -> new String[] {"save", "-o", tmp.resolve("out.tar").toString(), "big:v1"};
            case "tag" -> new String[] {"tag", "big:v1", "copy" + round + ":v1"};
            case "push" -> new String[] {"push", pushTarget};
            case "pull" -> new String[] {"pull", remote};
            default -> new String[] {"rmi", "copy-rmi:v1"};
          };
      SealerProcess target = op.equals("pull") ? puller : sealer;
      if (op.equals("push")) {
        assertThat(sealer.run("tag", "big:v1", pushTarget).exitCode()).isZero();
      }
      if (op.equals("pull") && puller.run("inspect", remote).exitCode() == 0) {
        // remove the pulled image and its blobs, so that pull fetches them again
        assertThat(puller.run("rmi", "-f", remote).exitCode()).isZero();
        assertThat(puller.run("prune").exitCode()).isZero();
      }
      if (op.equals("rmi")) {
        assertThat(sealer.run("tag", "big:v1", "copy-rmi:v1").exitCode()).isZero();
      }
      if (op.equals("load")) {
        // remove the image under every name and its blobs, so that load streams them again
        String id = sealer.run("images", "-q").out().trim();
        assertThat(sealer.run("rmi", "-f", id).exitCode()).isZero();
      }
      Long known = durations.get(op);
      long delay =
          known == null
              ? 100 + random.nextInt(1900)
              : 100 + random.nextLong(Math.max(1, known - 100));
      boolean killed = killAfter(target, delay, args);
      kills += killed ? 1 : 0;
      log.add(
          op + (killed ? " killed after " + delay + " ms" : " finished within " + delay + " ms"));
      SealerProcess.Result fsck = target.run("alpha", "fsck");
      assertThat(fsck.exitCode())
          .as("seed %d, %s\n%s%s", seed, log, fsck.out(), fsck.err())
          .isZero();
      long started = System.nanoTime();
      SealerProcess.Result again = target.run(args);
      durations.put(op, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      if (op.equals("rmi")) {
        assertThat(sealer.run("inspect", "copy-rmi:v1").exitCode()).isEqualTo(1);
      } else {
        assertThat(again.exitCode()).as("seed %d, %s: %s", seed, log, again.err()).isZero();
      }
      assertThat(sealer.run("inspect", "big:v1").exitCode()).isZero();
      if (op.equals("push")) {
        assertThat(sealer.run("rmi", pushTarget).exitCode()).isZero();
      }
    }
    if (puller.run("inspect", remote).exitCode() != 0) {
      assertThat(puller.run("pull", remote).exitCode()).isZero();
    }
    assertThat(puller.run("alpha", "fsck").exitCode()).isZero();
    System.out.println("kill loop, seed " + seed + ": " + log);
    assertThat(kills).as("commands actually killed: %s", log).isGreaterThanOrEqualTo(ROUNDS / 4);
    // memory stays flat: a 40 MiB heap saves and loads an image of 3 x 32 MiB layers
    Map<String, String> smallHeap = Map.of("SEALER_JAVA_OPTS", "-Xmx40m");
    Path last = tmp.resolve("final.tar");
    SealerProcess.Result saved = sealer.run(smallHeap, "save", "-o", last.toString(), "big:v1");
    assertThat(saved.exitCode()).as(saved.err()).isZero();
    SealerProcess fresh = new SealerProcess(tmp.resolve("fresh"));
    SealerProcess.Result loaded = fresh.run(smallHeap, "load", "-i", last.toString());
    assertThat(loaded.exitCode()).as(loaded.err()).isZero();
    assertThat(fresh.run("alpha", "fsck").exitCode()).isZero();
    assertThat(sealer.run("prune").exitCode()).isZero();
    assertThat(sealer.run("alpha", "fsck").exitCode()).isZero();
  }

  private static boolean killAfter(SealerProcess sealer, long millis, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(sealer.launcher().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SEALER_ROOT", sealer.root().toString());
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) {
      // SIGKILL the JVM itself (the launcher script execs java, so this is the JVM's pid)
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      return true;
    }
    return false;
  }

  /** Writes a 3-layer image of 96 MiB of incompressible data and saves it as an archive. */
  private static void seed(Path root, Path archive) throws Exception {
    Sealer sealer = Sealer.builder().root(root).home(root.resolve("home")).build();
    ImageStore store = sealer.images();
    Random random = new Random(42);
    StringBuilder layers = new StringBuilder();
    StringBuilder diffIds = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      Path dir = Files.createDirectories(root.resolve("layer" + i));
      byte[] chunk = new byte[1 << 20];
      try (OutputStream out = Files.newOutputStream(dir.resolve("data.bin"))) {
        for (int mb = 0; mb < 32; mb++) {
          random.nextBytes(chunk);
          out.write(chunk);
        }
      }
      LayerDigests d;
      try (BlobWriter w = store.newBlob(null)) {
        d = new LayerWriter().addDirectory(dir).compressionLevel(1).writeTo(w.stream());
        w.commit();
      }
      layers
          .append(i > 0 ? "," : "")
          .append("{\"mediaType\":\"")
          .append(MediaTypes.OCI_LAYER_GZIP)
          .append("\",\"digest\":\"")
          .append(d.digest())
          .append("\",\"size\":")
          .append(d.size())
          .append('}');
      diffIds.append(i > 0 ? "," : "").append('"').append(d.diffId()).append('"');
    }
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + diffIds
                + "]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\""
                + store.putBlob(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":["
                + layers
                + "]}")
            .getBytes(StandardCharsets.UTF_8);
    Descriptor m = Descriptor.of(MediaTypes.OCI_MANIFEST, store.putBlob(manifest), manifest.length);
    store.setName(ImageReference.parse("localhost/big:v1"), m);
    sealer.archives().save("big:v1", archive, ArchiveFormat.OCI_ARCHIVE);
  }
}
