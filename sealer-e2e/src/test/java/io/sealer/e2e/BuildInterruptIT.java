package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build of the packaged CLI stopped during RUN: by SIGTERM (what {@code timeout} and cancelled CI
 * jobs send) it stops the RUN's whole process tree and removes its directory; killed outright, it
 * leaves a directory that {@code sealer prune} removes.
 */
class BuildInterruptIT {
  @TempDir Path tmp;
  private final List<ProcessHandle> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(ProcessHandle::destroyForcibly);
  }

  private Process startBuild(SealerProcess sealer, Path pidFile) throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(
        ctx.resolve("Kubefile"),
        "FROM scratch\nRUN echo $$ > " + pidFile + "; sleep 300; echo done > finished\n");
    Process build =
        sealer.start(
            tmp.resolve("build.log"),
            "build",
            "-t",
            "slow:v1",
            "--build-mode",
            "lite",
            "--no-cache",
            ctx.toString());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!(Files.exists(pidFile) && Files.size(pidFile) > 0)) {
      assertThat(build.isAlive()).as(Files.readString(tmp.resolve("build.log"))).isTrue();
      assertThat(System.nanoTime()).as("RUN did not start").isLessThan(deadline);
      Thread.sleep(100);
    }
    return build;
  }

  private List<ProcessHandle> runTree(Path pidFile) throws Exception {
    long shPid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle sh = ProcessHandle.of(shPid).orElseThrow();
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(sh);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sh.children().findAny().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    sh.children().forEach(tree::add);
    assertThat(tree).as("sh and its sleep").hasSize(2);
    started.addAll(tree);
    return tree;
  }

  private List<Path> buildDirs(Path root) throws Exception {
    Path dir = root.resolve("tmp");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("build-")).toList();
    }
  }

  /**
   * Whether a process still runs. A zombie does not: a RUN process whose shell died with it is
   * reparented to PID 1, and on machines whose PID 1 does not reap orphans (containers, this CI) it
   * stays a zombie, which {@link ProcessHandle#isAlive} counts as alive.
   */
  static boolean running(long pid) throws IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    String text;
    try {
      text = Files.readString(stat);
    } catch (NoSuchFileException e) {
      return false;
    }
    // "pid (comm) S ...": the state follows the last ')', as comm may hold one
    String afterComm = text.substring(text.lastIndexOf(')') + 1).strip();
    return !afterComm.startsWith("Z") && !afterComm.startsWith("X");
  }

  @Test
  void sigtermStopsTheRunTreeAndRemovesTheBuildDirectory() throws Exception {
    SealerProcess sealer = new SealerProcess(tmp.resolve("root"));
    Path pidFile = tmp.resolve("sh.pid");
    Process build = startBuild(sealer, pidFile);
    List<ProcessHandle> tree = runTree(pidFile);
    assertThat(buildDirs(sealer.root())).hasSize(1);

    build.destroy(); // SIGTERM to the JVM only, as timeout(1) sends it
    assertThat(build.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    for (ProcessHandle p : tree) {
      assertThat(running(p.pid()))
          .as("process " + p.pid() + " of the RUN outlived the build")
          .isFalse();
    }
    assertThat(buildDirs(sealer.root())).isEmpty();
    assertThat(sealer.run("images", "-q").out()).isBlank();
  }

  @Test
  void aKilledBuildsDirectoryIsRemovedByPruneButALiveOneIsNot() throws Exception {
    SealerProcess sealer = new SealerProcess(tmp.resolve("root"));
    Path pidFile = tmp.resolve("sh.pid");
    Process build = startBuild(sealer, pidFile);
    List<ProcessHandle> tree = runTree(pidFile);
    List<Path> dirs = buildDirs(sealer.root());
    assertThat(dirs).hasSize(1);

    SealerProcess.Result whileRunning = sealer.run("prune");
    assertThat(whileRunning.exitCode()).as(whileRunning.err()).isZero();
    assertThat(dirs.get(0)).as("a running build's directory is kept").exists();

    build.destroyForcibly(); // SIGKILL: no hook runs
    build.waitFor();
    tree.forEach(ProcessHandle::destroyForcibly);
    assertThat(dirs.get(0)).exists();
    SealerProcess.Result prune = sealer.run("prune");
    assertThat(prune.exitCode()).as(prune.err()).isZero();
    assertThat(prune.out()).contains("1 unfinished");
    assertThat(buildDirs(sealer.root())).isEmpty();
  }
}
