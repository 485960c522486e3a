package io.sealer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.event.EventListener;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserPathsTest {
  @Test
  void homeComesFromTheHomeVariableNotUserHome() {
    UserPaths user = UserPaths.of(Map.of("HOME", "/tmp/h"), "/root");
    assertThat(user.home()).isEqualTo(Path.of("/tmp/h"));
    assertThat(user.sealerHome()).isEqualTo(Path.of("/tmp/h/.sealer"));
    assertThat(user.dockerConfig()).isEqualTo(Path.of("/tmp/h/.docker/config.json"));
    assertThat(user.dataHome()).isEqualTo(Path.of("/tmp/h/.local/share"));
  }

  @Test
  void userHomeIsUsedOnlyWhenHomeIsUnsetOrEmpty() {
    assertThat(UserPaths.of(Map.of(), "/root").sealerHome()).isEqualTo(Path.of("/root/.sealer"));
    assertThat(UserPaths.of(Map.of("HOME", ""), "/root").home()).isEqualTo(Path.of("/root"));
  }

  @Test
  void dockerConfigAndXdgDataHomeOverrideTheirDefaults() {
    UserPaths user =
        UserPaths.of(
            Map.of("HOME", "/tmp/h", "DOCKER_CONFIG", "/etc/dc", "XDG_DATA_HOME", "/data"), "/x");
    assertThat(user.dockerConfig()).isEqualTo(Path.of("/etc/dc/config.json"));
    assertThat(user.dataHome()).isEqualTo(Path.of("/data"));
  }

  @Test
  void settingsPlaceCredentialsCertificatesAndClustersUnderHome() {
    SealerSettings settings =
        new SealerSettings(Path.of("/r"), Path.of("/tmp/h/.sealer"), EventListener.NONE);
    assertThat(settings.authFile()).isEqualTo(Path.of("/tmp/h/.sealer/auth.json"));
    assertThat(settings.certsDir()).isEqualTo(Path.of("/tmp/h/.sealer/certs.d"));
    assertThat(settings.clusterDir("my-cluster")).isEqualTo(Path.of("/tmp/h/.sealer/my-cluster"));
    assertThatThrownBy(() -> settings.clusterDir("../x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings.clusterDir("a/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
