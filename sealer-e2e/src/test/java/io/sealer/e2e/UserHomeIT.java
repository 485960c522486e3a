package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI keeps per-user files under {@code $HOME}, not Java's {@code user.home}: login
 * saves {@code $HOME/.sealer/auth.json}, and a CA in {@code $HOME/.sealer/certs.d/<host:port>/}
 * makes a private-CA registry trusted (against a real TLS {@code docker-registry} with htpasswd).
 */
class UserHomeIT {
  @TempDir Path tmp;

  @Test
  void loginPushAndLogoutUseTheHomeVariable() throws Exception {
    try (LocalRegistry registry = LocalRegistry.startSecured(tmp.resolve("registry"))) {
      SealerProcess sealer = new SealerProcess(tmp.resolve("root"));
      Path home = tmp.resolve("home");
      Map<String, String> env = Map.of("HOME", home.toString());
      String host = registry.host();

      SealerProcess.Result untrusted =
          sealer.run(env, "login", host, "-u", LocalRegistry.USER, "-p", LocalRegistry.PASSWORD);
      assertThat(untrusted.exitCode()).as(untrusted.err()).isEqualTo(1);
      assertThat(untrusted.err()).contains("certs.d").doesNotContain("\tat ");

      Path ca = home.resolve(".sealer/certs.d").resolve(host).resolve("ca.crt");
      Files.createDirectories(ca.getParent());
      Files.copy(registry.caCert(), ca);
      SealerProcess.Result login =
          sealer.run(env, "login", host, "-u", LocalRegistry.USER, "-p", LocalRegistry.PASSWORD);
      assertThat(login.exitCode()).as(login.err()).isZero();
      Path auth = home.resolve(".sealer/auth.json");
      assertThat(Files.readString(auth)).contains(host);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(auth)))
          .isEqualTo("rw-------");
      Path javaHomeAuth = Path.of(System.getProperty("user.home"), ".sealer", "auth.json");
      if (Files.exists(javaHomeAuth)) {
        assertThat(Files.readString(javaHomeAuth)).doesNotContain(host);
      }

      Path ctx = Files.createDirectories(tmp.resolve("ctx"));
      Files.writeString(ctx.resolve("Kubefile"), "FROM scratch\nCOPY a.txt files/\n");
      Files.writeString(ctx.resolve("a.txt"), "a\n");
      String image = host + "/e2e/home:v1";
      SealerProcess.Result build = sealer.run(env, "build", "-t", image, ctx.toString());
      assertThat(build.exitCode()).as(build.err()).isZero();
      SealerProcess.Result push = sealer.run(env, "push", image);
      assertThat(push.exitCode()).as("push with the saved login: " + push.err()).isZero();

      SealerProcess.Result logout = sealer.run(env, "logout", host);
      assertThat(logout.exitCode()).as(logout.err()).isZero();
      assertThat(Files.readString(auth)).doesNotContain(host);
      SealerProcess.Result denied = sealer.run(env, "push", image);
      assertThat(denied.exitCode()).as("push after logout").isEqualTo(1);
    }
  }
}
