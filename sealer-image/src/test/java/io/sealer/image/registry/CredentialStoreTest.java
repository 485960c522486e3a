package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.event.EventListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
  @TempDir Path tmp;

  @Test
  void savesInContainersAuthFormatWithMode0600AndRemoves() throws Exception {
    Path auth = tmp.resolve("home/auth.json");
    CredentialStore store = new CredentialStore(auth, null, EventListener.NONE);
    store.save("reg.example.com:5000", new Credential("alice", "pa:ss"));
    store.save("other.example.com", new Credential("bob", "x"));

    assertThat(Files.getPosixFilePermissions(auth))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    // base64("alice:pa:ss")
    assertThat(Files.readString(auth))
        .contains("\"reg.example.com:5000\"")
        .contains("YWxpY2U6cGE6c3M=");
    assertThat(store.find("reg.example.com:5000")).contains(new Credential("alice", "pa:ss"));
    assertThat(store.remove("reg.example.com:5000")).isTrue();
    assertThat(store.find("reg.example.com:5000")).isEmpty();
    assertThat(store.find("other.example.com")).contains(new Credential("bob", "x"));
  }

  @Test
  void aCorruptAuthFileIsNamedWithoutParserTextOrItsSecrets() throws Exception {
    Path auth = tmp.resolve("auth.json");
    Files.writeString(auth, "{\"auths\": {\"r.example.com\": {\"auth\": s3cr3tTOKEN}}}");
    CredentialStore store = new CredentialStore(auth, null, EventListener.NONE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.find("r.example.com"))
        .hasMessage(
            "could not read credentials "
                + auth
                + ": it is not valid JSON (unexpected text at line 1, column 50);"
                + " fix it, or remove it and log in again")
        .hasMessageNotContaining("s3cr3t");
    Files.writeString(auth, "");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.find("r.example.com"))
        .hasMessageContaining(": it is empty (0 bytes)")
        .hasMessageNotContaining("Source");
  }

  @Test
  void readsDockerConfigAuthsAndDockerHubKey() throws Exception {
    Path docker = tmp.resolve("config.json");
    Files.writeString(
        docker,
        "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"dTE6cDE=\"},"
            + "\"https://reg.example.com/\":{\"auth\":\"dTI6cDI=\"}}}");
    CredentialStore store =
        new CredentialStore(tmp.resolve("auth.json"), docker, EventListener.NONE);
    assertThat(store.find("docker.io")).contains(new Credential("u1", "p1"));
    assertThat(store.find("reg.example.com")).contains(new Credential("u2", "p2"));
    assertThat(store.find("unknown.example.com")).isEmpty();
  }

  @Test
  void asksCredentialHelpersPerRegistryAndTheDefaultStore() throws Exception {
    Path helpers = Files.createDirectories(tmp.resolve("bin"));
    for (String name : new String[] {"pass", "desktop"}) {
      Path script = helpers.resolve("docker-credential-" + name);
      Files.writeString(
          script,
          "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread server\n"
              + "printf '{\"ServerURL\":\"%s\",\"Username\":\""
              + name
              + "-user\",\"Secret\":\""
              + name
              + "-for-%s\"}' \"$server\" \"$server\"\n");
      script.toFile().setExecutable(true);
    }
    Path docker = tmp.resolve("config.json");
    Files.writeString(
        docker, "{\"credHelpers\":{\"helped.example.com\":\"pass\"},\"credsStore\":\"desktop\"}");
    CredentialStore store =
        new CredentialStore(tmp.resolve("auth.json"), docker, EventListener.NONE, helpers);
    assertThat(store.find("helped.example.com"))
        .contains(new Credential("pass-user", "pass-for-helped.example.com"));
    assertThat(store.find("any.example.com"))
        .contains(new Credential("desktop-user", "desktop-for-any.example.com"));
  }

  @Test
  void passwordNeverInToString() {
    assertThat(new Credential("alice", "topsecret").toString()).doesNotContain("topsecret");
  }
}
