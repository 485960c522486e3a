package io.sealer.runtime.host;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Key pairs made with {@code ssh-keygen} for tests. */
final class SshKeys {
  private SshKeys() {}

  static Path generate(Path dir, String type, @Nullable String passphrase) throws Exception {
    Path key = Files.createTempFile(dir, "id_" + type, "");
    Files.delete(key);
    Process process =
        new ProcessBuilder(
                "ssh-keygen",
                "-q",
                "-t",
                type,
                "-N",
                passphrase == null ? "" : passphrase,
                "-C",
                "test",
                "-a",
                "4",
                "-b",
                type.equals("rsa") ? "2048" : "256",
                "-f",
                key.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("ssh-keygen failed: " + out);
    }
    return key;
  }
}
