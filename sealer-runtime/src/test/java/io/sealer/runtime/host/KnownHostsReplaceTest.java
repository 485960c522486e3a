package io.sealer.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsReplaceTest {
  @TempDir Path dir;

  @Test
  void aProvidersKeysReplaceWhatWasRecordedForItsAddressesOnly() throws Exception {
    Path tool = dir.resolve("known_hosts");
    Files.writeString(
        tool,
        "10.0.0.11 ssh-ed25519 OLD11\n"
            + "10.0.0.111 ssh-ed25519 KEEP111\n"
            + "[10.0.0.12]:2222 ssh-ed25519 OLD12\n"
            + "# comment\n");
    Path made = dir.resolve("made");
    Files.writeString(
        made, "10.0.0.11,h-1 ssh-ed25519 NEW11\n10.0.0.13,h-3 ssh-ed25519 NOTASKED\n");
    KnownHosts hosts = new KnownHosts(dir.resolve("user"), tool);

    hosts.replace(List.of("10.0.0.11", "10.0.0.12"), made);
    assertThat(Files.readAllLines(tool))
        .containsExactly(
            "10.0.0.111 ssh-ed25519 KEEP111", "# comment", "10.0.0.11,h-1 ssh-ed25519 NEW11");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tool)))
        .isEqualTo("rw-------");

    hosts.replace(List.of("10.0.0.11"), null);
    assertThat(Files.readAllLines(tool))
        .containsExactly("10.0.0.111 ssh-ed25519 KEEP111", "# comment");
  }
}
