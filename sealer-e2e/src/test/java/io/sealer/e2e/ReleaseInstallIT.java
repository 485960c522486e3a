package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release artifact {@code sealer-<version>-linux.tar.gz}, unpacked and installed where a user
 * would, keeps its fast start: the launcher makes an AppCDS archive for wherever it lives (at
 * install, else on the first run) and uses it. "Uses it" is checked, not timed: the JVM's class
 * loading log says {@code io.sealer.cli.Main} came from the archive ("shared objects file").
 */
class ReleaseInstallIT {
  private static final String FROM_ARCHIVE = "io.sealer.cli.Main source: shared objects file";
  private static final String NOBODY = "65534";

  @TempDir Path tmp;
  Path release;

  @BeforeEach
  void findRelease() throws IOException {
    release = Path.of(System.getProperty("sealer.release", "")).toAbsolutePath();
    assertThat(release).as("the release artifact made by mvn package").isRegularFile();
    // readable for the tests that run as an unprivileged user
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void releaseArtifactHoldsTheDistributionAndNoArchive() throws Exception {
    Result list = run(List.of("tar", "tzf", release.toString()), Map.of());
    String top = release.getFileName().toString().replace("-linux.tar.gz", "") + "/";
    assertThat(list.out().lines())
        .contains(top + "bin/sealer", top + "install.sh", top + "lib/sealer-cli.jar")
        .allMatch(entry -> entry.startsWith(top))
        .noneMatch(entry -> entry.endsWith(".jsa"));
    Path dist = unpack("u");
    assertThat(dist.resolve("bin/sealer")).isExecutable();
    assertThat(dist.resolve("install.sh")).isExecutable();
  }

  @Test
  void concurrentFirstRunsShareOneArchiveAMovedCopyMakesItsOwnAndABadOneIsIgnored()
      throws Exception {
    Path dist = unpack("first");
    // SIGTERM (what `timeout` and a cancelled CI job send) while the archive is being made
    ProcessBuilder pb = new ProcessBuilder(dist + "/bin/sealer", "version");
    pb.environment().putAll(env());
    Process interrupted = pb.redirectErrorStream(true).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (leftovers(dist.resolve("lib")).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(leftovers(dist.resolve("lib"))).as("the archive being made").isNotEmpty();
    interrupted.destroy();
    assertThat(interrupted.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted.exitValue()).isEqualTo(143);
    try (Stream<Path> lib = Files.list(dist.resolve("lib"))) {
      assertThat(lib).as("nothing left behind").allMatch(f -> f.toString().endsWith(".jar"));
    }

    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Result>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        runs.add(pool.submit(() -> version(dist, Map.of())));
      }
      for (Future<Result> run : runs) {
        Result r = run.get(3, TimeUnit.MINUTES);
        assertThat(r.out()).contains("sealer ").contains(FROM_ARCHIVE);
        assertThat(r.err()).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(archives(dist.resolve("lib"))).hasSize(1);
    assertThat(leftovers(dist.resolve("lib"))).isEmpty();
    assertThat(version(dist, Map.of()).out()).contains(FROM_ARCHIVE);
    Path madeForFirst = Files.copy(archives(dist.resolve("lib")).get(0), tmp.resolve("saved.jsa"));

    Path moved = tmp.resolve("moved");
    Files.move(dist.getParent(), moved);
    Path movedDist = moved.resolve(dist.getFileName());
    assertThat(version(movedDist, Map.of()).out()).contains(FROM_ARCHIVE);
    List<Path> archives = archives(movedDist.resolve("lib"));
    assertThat(archives)
        .as("the archive of the old place is replaced")
        .hasSize(1)
        .noneMatch(a -> a.getFileName().equals(madeForFirst.getFileName()));
    assertThat(leftovers(movedDist.resolve("lib"))).isEmpty();

    // the archive made for the first place, under the moved copy's name: the JVM finds that the
    // class paths differ and runs without it
    Path current = archives.get(0);
    Files.delete(current);
    Files.copy(madeForFirst, current);
    Result foreign = version(movedDist, Map.of());
    assertThat(foreign.out()).contains("sealer ").doesNotContain(FROM_ARCHIVE);
    assertThat(foreign.err()).isEmpty();

    // a cut write or a damaged disk
    Files.delete(current);
    Files.write(current, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Result damaged = version(movedDist, Map.of());
    assertThat(damaged.out()).contains("sealer ").doesNotContain(FROM_ARCHIVE);
    assertThat(damaged.err()).isEmpty();

    // another Java at another path, as after an upgrade or with JAVA_HOME changed: its own archive
    Path otherJava = Files.createDirectories(tmp.resolve("other-jdk/bin")).resolve("java");
    Files.writeString(
        otherJava,
        "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin/java") + "' \"$@\"\n");
    assertThat(otherJava.toFile().setExecutable(true, false)).isTrue();
    Result other = version(movedDist, Map.of("JAVA_HOME", tmp.resolve("other-jdk").toString()));
    assertThat(other.out()).contains(FROM_ARCHIVE);
    assertThat(other.err()).isEmpty();
    assertThat(archives(movedDist.resolve("lib"))).as("one for each Java").hasSize(2);
  }

  @Test
  void installGoesToThePrefixAndIsFastFromTheFirstRun() throws Exception {
    Path dist = unpack("inst");
    Path prefix = tmp.resolve("prefix");
    Result install =
        run(List.of(dist.resolve("install.sh").toString(), "--prefix", prefix.toString()), env());
    assertThat(install.exitCode()).as(install.err()).isZero();
    assertThat(install.out()).contains("installed sealer ").contains(prefix + "/bin/sealer");
    assertThat(archives(prefix.resolve("lib/sealer/lib"))).hasSize(1);
    assertThat(archives(dist.resolve("lib"))).as("the unpacked copy is left as it was").isEmpty();

    Result first = run(List.of(prefix + "/bin/sealer", "version"), withClassLog(env()));
    assertThat(first.out()).contains(FROM_ARCHIVE);

    // again, over the installed one
    Result again =
        run(List.of(dist.resolve("install.sh").toString(), "--prefix", prefix.toString()), env());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(archives(prefix.resolve("lib/sealer/lib"))).hasSize(1);
    try (Stream<Path> lib = Files.list(prefix.resolve("lib"))) {
      assertThat(lib).containsExactly(prefix.resolve("lib/sealer"));
    }
  }

  @Test
  void withoutRootInstallGoesToHomeAndAReadOnlyInstallUsesTheUserCache() throws Exception {
    Path dist = unpack("user");
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path sealerRoot = Files.createDirectories(tmp.resolve("user-root"));
    ownByNobody(home);
    ownByNobody(sealerRoot);
    Map<String, String> env = env();
    env.put("HOME", home.toString());
    env.put("SEALER_ROOT", sealerRoot.toString());

    Result install = asUser(List.of(dist.resolve("install.sh").toString()), env);
    assertThat(install.exitCode()).as(install.err()).isZero();
    Path installed = home.resolve(".local/lib/sealer");
    assertThat(archives(installed.resolve("lib"))).hasSize(1);
    assertThat(asUser(List.of(home + "/.local/bin/sealer", "version"), withClassLog(env)).out())
        .contains(FROM_ARCHIVE);

    // the unpacked copy, which this user cannot write (as under /usr/local): the user's cache
    boolean root = isRoot();
    if (!root) {
      chmod("a-w", dist);
    }
    try {
      Result r = asUser(List.of(dist + "/bin/sealer", "version"), withClassLog(env));
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains(FROM_ARCHIVE);
      assertThat(archives(dist.resolve("lib"))).isEmpty();
      assertThat(archives(home.resolve(".cache/sealer/cds"))).hasSize(1);
    } finally {
      if (!root) {
        chmod("u+w", dist);
      }
    }
  }

  // --- helpers ---

  private Path unpack(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Result r = run(List.of("tar", "xzf", release.toString(), "-C", dir.toString()), Map.of());
    assertThat(r.exitCode()).as(r.err()).isZero();
    try (Stream<Path> top = Files.list(dir)) {
      return top.findFirst().orElseThrow();
    }
  }

  private Result version(Path dist, Map<String, String> extra) throws Exception {
    Map<String, String> env = withClassLog(env());
    env.putAll(extra);
    Result r = run(List.of(dist + "/bin/sealer", "version"), env);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r;
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SEALER_ROOT", tmp.resolve("root").toString());
    env.put("HOME", tmp.resolve("root-home").toString());
    return env;
  }

  private static Map<String, String> withClassLog(Map<String, String> env) {
    env.put("SEALER_JAVA_OPTS", "-Xlog:class+load=info:stdout");
    return env;
  }

  private static List<Path> archives(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().matches("sealer-\\d+-\\d+\\.jsa"))
          .toList();
    }
  }

  private static List<Path> leftovers(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  private static boolean isRoot() throws Exception {
    return run(List.of("id", "-u"), Map.of()).out().strip().equals("0");
  }

  private static void ownByNobody(Path dir) throws Exception {
    if (isRoot()) {
      assertThat(run(List.of("chown", NOBODY + ":" + NOBODY, dir.toString()), Map.of()).exitCode())
          .isZero();
    }
  }

  private static void chmod(String mode, Path dir) throws Exception {
    assertThat(run(List.of("chmod", "-R", mode, dir.toString()), Map.of()).exitCode()).isZero();
  }

  /** Runs as an unprivileged user: nobody when the tests run as root, else the tests' own user. */
  private Result asUser(List<String> command, Map<String, String> env) throws Exception {
    if (!isRoot()) {
      return run(command, env);
    }
    List<String> wrapped = new ArrayList<>();
    wrapped.addAll(
        List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    wrapped.addAll(command);
    return run(wrapped, env);
  }

  record Result(int exitCode, String out, String err) {}

  private static Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("XDG_CACHE_HOME");
    pb.environment().remove("SEALER_CDS");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("release-out", ".txt");
    Path err = Files.createTempFile("release-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " timed out");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }
}
