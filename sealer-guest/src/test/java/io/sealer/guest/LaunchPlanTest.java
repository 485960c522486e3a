package io.sealer.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.SealerException;
import io.sealer.api.build.AppType;
import io.sealer.api.build.BuildClient;
import io.sealer.api.build.ImageApplication;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.build.Launch;
import io.sealer.api.cluster.AppConfig;
import io.sealer.api.cluster.Application;
import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Registry;
import io.sealer.api.cluster.Ssh;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LaunchPlanTest {
  private static final ImageExtension IMAGE =
      ImageExtension.of(new BuildClient("sealer", "v0.11"), ImageExtension.KUBE_INSTALLER)
          .withApplications(
              List.of(
                  ImageApplication.of("nginx", AppType.KUBE, List.of("nginx.yaml")),
                  ImageApplication.of("setup", AppType.SHELL, List.of("run.sh"))))
          .withLaunch(Launch.ofApps(List.of("nginx")));

  private static Cluster cluster(List<String> cmd, @Nullable List<String> apps) {
    return new Cluster(
        "c",
        Map.of(),
        "img",
        List.of(),
        cmd,
        List.of(),
        apps,
        Ssh.EMPTY,
        List.of(),
        null,
        List.of(),
        new Registry(null, null),
        Cluster.DEFAULT_DATA_ROOT);
  }

  @Test
  void theImagesLaunchAppsByDefault() {
    assertThat(LaunchPlan.commands(IMAGE, cluster(List.of(), null), null))
        .containsExactly("kubectl apply -f application/apps/nginx/nginx.yaml");
  }

  @Test
  void appsFromTheClusterOrApplicationReplaceTheImages() {
    assertThat(LaunchPlan.commands(IMAGE, cluster(List.of(), List.of("setup")), null))
        .containsExactly("bash application/apps/setup/run.sh");
    Application app =
        new Application(
            "a",
            List.of(),
            List.of("setup", "nginx"),
            List.of(
                new AppConfig("nginx", List.of(), List.of(), List.of("kubectl apply -f x.yaml"))));
    assertThat(LaunchPlan.commands(IMAGE, cluster(List.of(), List.of("setup")), app))
        .containsExactly(
            "bash application/apps/setup/run.sh",
            "cd application/apps/nginx/ && kubectl apply -f x.yaml");
  }

  @Test
  void rawCommandsWinAndAnEmptyAppListLaunchesNothing() {
    assertThat(LaunchPlan.commands(IMAGE, cluster(List.of("echo hi"), null), null))
        .containsExactly("echo hi");
    Application app = new Application("a", List.of("echo app"), null, List.of());
    assertThat(LaunchPlan.commands(IMAGE, cluster(List.of("echo hi"), null), app))
        .containsExactly("echo app");
    assertThat(LaunchPlan.commands(IMAGE, cluster(List.of(), List.of("")), null)).isEmpty();
  }

  @Test
  void anAppTheImageLacksIsNamed() {
    assertThatThrownBy(() -> LaunchPlan.commands(IMAGE, cluster(List.of(), List.of("redis")), null))
        .isInstanceOf(SealerException.class)
        .hasMessage("could not launch app redis: the image has no such app (it has nginx, setup)");
  }
}
