package io.sealer.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.event.HostOutputEvent;
import io.sealer.api.event.SealerEvent;
import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.HostException.Kind;
import io.sealer.api.host.RemoteHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This machine's own addresses run commands as local processes, the same way as over SSH. */
class LocalHostTest {
  @TempDir Path dir;
  private final List<SealerEvent> events = Collections.synchronizedList(new ArrayList<>());

  private RemoteHost connect(String address) {
    HostSettings settings =
        HostSettings.defaults(dir.resolve("sealer"))
            .withKnownHosts(dir.resolve("k1"), dir.resolve("k2"));
    return HostConnectors.create(settings)
        .connect(new HostAccess(address, 22, "root", "pw", null, null), events::add);
  }

  @Test
  void loopbackAndLocalhostAreThisMachine() {
    assertThat(connect("127.0.0.1")).isInstanceOf(LocalHost.class);
    assertThat(connect("localhost")).isInstanceOf(LocalHost.class);
    assertThat(LocalAddresses.isLocal("127.3.4.5")).isTrue();
    assertThat(LocalAddresses.isLocal("::1")).isTrue();
    assertThat(LocalAddresses.isLocal("192.0.2.7")).isFalse();
    assertThat(LocalAddresses.isLocal("example.invalid")).isFalse();
  }

  @Test
  void anInterfaceAddressIsThisMachine() throws Exception {
    java.net.NetworkInterface.networkInterfaces()
        .flatMap(java.net.NetworkInterface::inetAddresses)
        .filter(a -> a instanceof java.net.Inet4Address)
        .forEach(a -> assertThat(LocalAddresses.isLocal(a.getHostAddress())).isTrue());
  }

  @Test
  void envStdinAndOutputLikeSsh() {
    String nasty = "q\"uo`te $HOME\\ 'x'\nline2";
    try (RemoteHost host = connect("127.0.0.1")) {
      CommandResult result =
          host.exec(
              HostCommand.of("read -r in; printf '%s|%s|%s' \"$in\" \"$PATH\" \"$V\"; echo e >&2")
                  .withEnv(Map.of("V", nasty))
                  .withStdin(
                      new ByteArrayInputStream("from stdin\n".getBytes(StandardCharsets.UTF_8))));
      assertThat(result.stdout())
          .isEqualTo("from stdin|" + CommandScript.DEFAULT_PATH + "|" + nasty);
      assertThat(result.stderr()).isEqualTo("e\n");
      assertThat(events).contains(new HostOutputEvent("127.0.0.1", true, "e"));
    }
  }

  @Test
  void binaryStdoutSink() {
    byte[] data = new byte[1 << 20];
    new Random(3).nextBytes(data);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (RemoteHost host = connect("127.0.0.1")) {
      host.exec(HostCommand.of("cat").withStdin(new ByteArrayInputStream(data)).withStdout(sink))
          .orThrow();
    }
    assertThat(sink.toByteArray()).isEqualTo(data);
  }

  @Test
  void timeoutKillsTheWholeTree() throws Exception {
    Path pidFile = dir.resolve("pid");
    try (RemoteHost host = connect("127.0.0.1")) {
      assertThatThrownBy(
              () ->
                  host.exec(
                      HostCommand.of("sleep 60 & echo $! > " + pidFile + "; wait")
                          .withTimeout(Duration.ofMillis(700))
                          .describedAs("nap")))
          .isInstanceOfSatisfying(
              HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.COMMAND))
          .hasMessage("127.0.0.1: nap ran past 700 ms and was stopped");
    }
    SshHostTest.waitUntilGone(Long.parseLong(Files.readString(pidFile).strip()));
  }

  @Test
  void copyIsAtomic() throws Exception {
    Path target = dir.resolve("x/y/file");
    try (RemoteHost host = connect("127.0.0.1")) {
      host.copy(
          new ByteArrayInputStream("content".getBytes(StandardCharsets.UTF_8)),
          target.toString(),
          0755);
      assertThat(Files.readString(target)).isEqualTo("content");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
          .isEqualTo("rwxr-xr-x");
      Path other = dir.resolve("x/y/other");
      assertThatThrownBy(
              () -> host.copy(new SshHostTest.FailingStream(70_000), other.toString(), 0644))
          .isInstanceOf(HostException.class)
          .hasMessageContaining("disk on fire");
    }
    assertThat(Files.list(target.getParent())).containsExactly(target);
  }
}
