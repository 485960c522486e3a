package io.sealer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.SealerException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStateTest {
  @TempDir Path home;

  @Test
  void clusterfileIsPrivateAndReplacedWhole() throws Exception {
    ClusterState state = new ClusterState(home, "my-cluster");
    assertThat(state.exists()).isFalse();
    state.writeClusterfile("a: 1\n");
    state.writeClusterfile("a: 2\n");
    Path file = home.resolve("my-cluster/Clusterfile");
    assertThat(Files.readString(file)).isEqualTo("a: 2\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("Clusterfile");
    }
  }

  @Test
  void theRuntimeIsRecordedOnceAndReadBack() throws Exception {
    ClusterState state = new ClusterState(home, "my-cluster");
    assertThat(state.readRuntime()).isEmpty();
    state.writeRuntime("kubernetes containerd");
    Path file = home.resolve("my-cluster/runtime");
    long modified = Files.getLastModifiedTime(file).toMillis();
    state.writeRuntime("kubernetes containerd");
    assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
    assertThat(state.readRuntime()).contains("kubernetes containerd");
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("runtime");
    }
  }

  @Test
  void badNamesAreRefusedBeforeTouchingPaths() {
    assertThatThrownBy(() -> new ClusterState(home, "../etc"))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("invalid cluster name '../etc'");
    assertThatThrownBy(() -> new ClusterState(home, "")).isInstanceOf(SealerException.class);
  }

  @Test
  void aSecondHolderInThisProcessIsRefused() {
    ClusterState state = new ClusterState(home, "c1");
    try (ClusterLock first = state.lock()) {
      assertThatThrownBy(state::lock)
          .isInstanceOf(SealerException.class)
          .hasMessageContaining("cluster c1 is being changed by another sealer process");
    }
    state.lock().close(); // free again once released
  }

  @Test
  void aLockHeldByAnotherProcessIsRefusedAndFreedWhenItDies() throws Exception {
    ClusterState state = new ClusterState(home, "c2");
    state.lock().close();
    Path lockFile = home.resolve("c2/lock");
    // python's lockf takes the same POSIX record lock as Java's FileChannel.tryLock
    Process holder =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl,sys,time\n"
                    + "f=open(sys.argv[1],'r+')\n"
                    + "fcntl.lockf(f,fcntl.LOCK_EX)\n"
                    + "print('locked',flush=True)\n"
                    + "time.sleep(60)\n",
                lockFile.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");
      assertThatThrownBy(state::lock)
          .isInstanceOf(SealerException.class)
          .hasMessageContaining("being changed by another sealer process");
    } finally {
      holder.destroyForcibly();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
    state.lock().close();
  }

  @Test
  void deleteAllLeavesNothing() {
    ClusterState state = new ClusterState(home, "c3");
    try (ClusterLock lock = state.lock()) {
      state.writeClusterfile("x");
      state.journal().markDone("k", "d");
      state.deleteAll();
    }
    state.removeDirectory();
    assertThat(home.resolve("c3")).doesNotExist();
  }
}
