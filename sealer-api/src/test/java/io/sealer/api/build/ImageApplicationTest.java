package io.sealer.api.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageApplicationTest {

  @Test
  void kubeAppAppliesEachFileJoinedWithAnd() {
    ImageApplication app = ImageApplication.of("app1", AppType.KUBE, List.of("/a.yaml", "b.yaml"));
    assertThat(app.launchCommand())
        .isEqualTo(
            "kubectl apply -f application/apps/app1/a.yaml"
                + " && kubectl apply -f application/apps/app1/b.yaml");
  }

  @Test
  void helmAppInstallsTheAppRoot() {
    ImageApplication app = ImageApplication.of("nginx", AppType.HELM, List.of("nginx"));
    assertThat(app.launchCommand()).isEqualTo("helm install nginx application/apps/nginx/");
  }

  @Test
  void shellAppRunsEachFileWithBash() {
    ImageApplication app =
        ImageApplication.of("calico", AppType.SHELL, List.of("calico.sh", "/sub/x.sh"));
    assertThat(app.launchCommand())
        .isEqualTo(
            "bash application/apps/calico/calico.sh && bash application/apps/calico/sub/x.sh");
  }

  @Test
  void appCmdsWinAndAreJoinedWithSpaces() {
    ImageApplication app =
        ImageApplication.of("app1", AppType.KUBE, List.of("a.yaml"))
            .withCmds(List.of("kubectl apply -f app.yaml", "--wait"));
    assertThat(app.launchCommand())
        .isEqualTo("cd application/apps/app1/ && kubectl apply -f app.yaml --wait");
  }

  @Test
  void unknownTypeWithoutCmdsLaunchesNothing() {
    assertThat(ImageApplication.of("x", AppType.UNKNOWN, List.of()).launchCommand()).isEmpty();
  }

  @Test
  void keepsEnvOrderAndIsImmutable() {
    ImageApplication app =
        ImageApplication.of("a", AppType.KUBE, List.of("a.yaml"))
            .withEnv(new java.util.LinkedHashMap<>(Map.of("k", "v")));
    assertThat(app.env()).containsEntry("k", "v");
    assertThatThrownBy(() -> app.env().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void joinCleanBehavesLikeGoFilepathJoin() {
    assertThat(ImageApplication.joinClean("application/apps/a/", "/x.yaml"))
        .isEqualTo("application/apps/a/x.yaml");
    assertThat(ImageApplication.joinClean("application/apps/a/", "./d/../y.yaml"))
        .isEqualTo("application/apps/a/y.yaml");
  }

  @Test
  void appTypeValuesAreSealers() {
    assertThat(AppType.fromValue("helm")).isEqualTo(AppType.HELM);
    assertThat(AppType.fromValue("")).isEqualTo(AppType.UNKNOWN);
    assertThat(AppType.fromValue("whatever")).isEqualTo(AppType.UNKNOWN);
    assertThat(AppType.UNKNOWN.value()).isEmpty();
  }
}
