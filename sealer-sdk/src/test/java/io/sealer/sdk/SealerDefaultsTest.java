package io.sealer.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealer.api.SealerSettings;
import io.sealer.api.UserPaths;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's per-user defaults come from {@code $HOME}, as the CLI's do. */
class SealerDefaultsTest {
  @TempDir Path tmp;

  @Test
  void homeAndCredentialsFollowTheHomeVariable() {
    SealerSettings settings =
        Sealer.builder()
            .root(tmp.resolve("root"))
            .user(UserPaths.of(Map.of("HOME", tmp.resolve("h").toString()), "/nonexistent"))
            .build()
            .settings();
    assertThat(settings.home()).isEqualTo(tmp.resolve("h/.sealer"));
    assertThat(settings.authFile()).isEqualTo(tmp.resolve("h/.sealer/auth.json"));
    assertThat(settings.certsDir()).isEqualTo(tmp.resolve("h/.sealer/certs.d"));
  }

  @Test
  void theProcessDefaultUsesHomeWhenItIsSet() {
    // the build sets HOME to target/test-home for this module's tests (see its pom)
    String home = System.getenv("HOME");
    assumeTrue(home != null && !home.isBlank(), "HOME is set");
    assumeTrue(!Path.of(home).equals(Path.of(System.getProperty("user.home"))), "HOME differs");
    Path expected = Path.of(home).toAbsolutePath().normalize().resolve(".sealer");
    assertThat(Sealer.defaultHome()).isEqualTo(expected);
    assertThat(Sealer.builder().root(tmp).build().settings().home()).isEqualTo(expected);
  }
}
