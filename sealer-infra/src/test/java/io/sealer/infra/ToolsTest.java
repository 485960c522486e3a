package io.sealer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.SealerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing is installed at run time: a missing tool is named with its Debian package. */
class ToolsTest {
  @TempDir Path bin;

  @Test
  void aMissingToolNamesItsDebianPackage() throws Exception {
    assertThatThrownBy(() -> Tools.find(bin.toString()))
        .isInstanceOf(SealerException.class)
        .hasMessage(
            "could not make local hosts: ip is not installed (Debian package iproute2: apt-get"
                + " install iproute2)");
    for (String tool :
        new String[] {"ip", "nft", "unshare", "nsenter", "setsid", "mount", "bash", "chpasswd"}) {
      fakeTool(tool);
    }
    assertThatThrownBy(() -> Tools.find(bin.toString()))
        .hasMessageContaining("sshd is not installed (Debian package openssh-server");
    fakeTool("sshd");
    fakeTool("ssh-keygen");
    assertThat(Tools.find("/nonexistent:" + bin).path("sshd"))
        .isEqualTo(bin.resolve("sshd").toString());
  }

  private void fakeTool(String name) throws Exception {
    Path tool = bin.resolve(name);
    Files.writeString(tool, "#!/bin/sh\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
