package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.build.AppType;
import io.sealer.api.build.ImageApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealer's TestIsHelm and TestGetApplicationType cases, plus the recorded launch files. */
class ApplicationDetectorTest {
  @TempDir Path dir;
  Path chart;
  Path kube;

  @BeforeEach
  void fixtures() throws IOException {
    chart = dir.resolve("test/brigade-github-app");
    touch(chart.resolve("Chart.yaml"), chart.resolve("values.yaml"), chart.resolve("README.md"));
    touch(chart.resolve("templates/deployment.yaml"), chart.resolve("templates/_helpers.tpl"));
    kube = dir.resolve("test/kube-nginx-deployment");
    touch(kube.resolve("deployment.yaml"));
  }

  @Test
  @DisplayName("TestIsHelm: charts under targets root")
  void isHelmChartArtifactsAsTopLevelSources() throws IOException {
    Path root = dir.resolve("root");
    touch(root.resolve("values.yaml"), root.resolve("Chart.yaml"), root.resolve("templates"));
    assertThat(
            ApplicationDetector.isHelm(
                List.of(
                    root.resolve("values.yaml"),
                    root.resolve("Chart.yaml"),
                    root.resolve("templates"))))
        .isTrue();
  }

  @Test
  @DisplayName("TestIsHelm: charts under dir of target")
  void isHelmChartDirectory() throws IOException {
    assertThat(ApplicationDetector.isHelm(List.of(chart))).isTrue();
  }

  @Test
  @DisplayName("TestIsHelm: no charts under the targets")
  void isHelmPlainYamlDirectory() throws IOException {
    assertThat(ApplicationDetector.isHelm(List.of(kube))).isFalse();
  }

  @Test
  @DisplayName("TestIsHelm: kube and charts exist same time")
  void isHelmYamlDirAndChartDir() throws IOException {
    assertThat(ApplicationDetector.isHelm(List.of(kube, chart))).isTrue();
  }

  @Test
  @DisplayName("TestIsHelm: charts under subdir of target dir")
  void isHelmChartOneLevelDeeperIsNotDetected() throws IOException {
    assertThat(ApplicationDetector.isHelm(List.of(dir.resolve("test")))).isFalse();
  }

  @Test
  @DisplayName("TestGetApplicationType: it is helm application")
  void typeHelm() throws IOException {
    Path app = dir.resolve("helm");
    touch(app.resolve("values.yaml"), app.resolve("Chart.yaml"), app.resolve("templates"));
    assertThat(ApplicationDetector.applicationType(List.of(app))).isEqualTo(AppType.HELM);
  }

  @Test
  @DisplayName("TestGetApplicationType: it is kube yaml application")
  void typeKube() throws IOException {
    Path app = dir.resolve("kube");
    touch(app.resolve("a.yaml"), app.resolve("b.yaml"), app.resolve("c.yaml"));
    assertThat(ApplicationDetector.applicationType(List.of(app))).isEqualTo(AppType.KUBE);
  }

  @Test
  @DisplayName("TestGetApplicationType: it is shell application")
  void typeShell() throws IOException {
    Path app = dir.resolve("shell");
    touch(app.resolve("a.sh"), app.resolve("v.sh"), app.resolve("c.sh"));
    assertThat(ApplicationDetector.applicationType(List.of(app))).isEqualTo(AppType.SHELL);
  }

  @Test
  @DisplayName("TestGetApplicationType: it is mixed application")
  void typeMixed() throws IOException {
    Path app = dir.resolve("mixed");
    touch(app.resolve("a.sh"), app.resolve("t.yaml"), app.resolve("c.sh"));
    assertThat(ApplicationDetector.applicationType(List.of(app))).isEqualTo(AppType.UNKNOWN);
  }

  @Test
  void anyUnknownFileMakesTheTypeUnknown() throws IOException {
    Path app = dir.resolve("other");
    touch(app.resolve("a.yaml"), app.resolve("notes.txt"));
    assertThat(ApplicationDetector.applicationType(List.of(app))).isEqualTo(AppType.UNKNOWN);
  }

  @Test
  void kubeFilesAreBaseNamesForFilesAndSlashPathsForDirectories() throws IOException {
    Path yamls = dir.resolve("yamls");
    touch(yamls.resolve("b.yml"), yamls.resolve("a.yaml"), yamls.resolve("sub/c.yaml"));
    ImageApplication app =
        ApplicationDetector.detect("nginx", List.of(kube.resolve("deployment.yaml"), yamls));
    assertThat(app.type()).isEqualTo(AppType.KUBE);
    assertThat(app.version()).isEqualTo("v1");
    assertThat(app.files()).containsExactly("deployment.yaml", "/a.yaml", "/b.yml", "/sub/c.yaml");
    assertThat(app.launchCommand())
        .isEqualTo(
            "kubectl apply -f application/apps/nginx/deployment.yaml"
                + " && kubectl apply -f application/apps/nginx/a.yaml"
                + " && kubectl apply -f application/apps/nginx/b.yml"
                + " && kubectl apply -f application/apps/nginx/sub/c.yaml");
  }

  @Test
  void shellFilesComeFromTheFirstSourceOnly() throws IOException {
    Path first = dir.resolve("s1");
    Path second = dir.resolve("s2.sh");
    touch(first.resolve("install.sh"), first.resolve("b.sh"), second);
    ImageApplication app = ApplicationDetector.detect("calico", List.of(first, second));
    assertThat(app.type()).isEqualTo(AppType.SHELL);
    assertThat(app.files()).containsExactly("/b.sh", "/install.sh");
  }

  @Test
  void helmFilesAreTheAppName() {
    ImageApplication app = ApplicationDetector.detect("github-app", List.of(chart));
    assertThat(app.type()).isEqualTo(AppType.HELM);
    assertThat(app.files()).containsExactly("github-app");
    assertThat(app.launchCommand())
        .isEqualTo("helm install github-app application/apps/github-app/");
  }

  @Test
  void unknownAppRecordsNoFiles() throws IOException {
    Path app = dir.resolve("mixed2");
    touch(app.resolve("a.sh"), app.resolve("t.yaml"));
    assertThat(ApplicationDetector.detect("mixedapp", List.of(app)).files()).isEmpty();
  }

  @Test
  void missingSourceIsAnErrorNamingTheApp() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ApplicationDetector.detect("ghost", List.of(dir.resolve("nope.yaml"))))
        .hasMessageContaining("could not detect the type of application ghost")
        .hasMessageContaining("nope.yaml");
  }

  @Test
  @DisplayName("TestParserKubeApp: APP nginx local://./test/kube-nginx-deployment/deployment.yaml")
  void detectsFromKubefileSourcesRelativeToTheContext() {
    ImageApplication app =
        ApplicationDetector.detect(
            "nginx", dir, List.of("local://./test/kube-nginx-deployment/deployment.yaml"));
    assertThat(app)
        .isEqualTo(ImageApplication.of("nginx", AppType.KUBE, List.of("deployment.yaml")));
    assertThat(
            ApplicationDetector.detect("github-app", dir, List.of("test/brigade-github-app"))
                .type())
        .isEqualTo(AppType.HELM);
  }

  @Test
  void symlinkLeadingOutOfTheContextIsRefused() throws IOException {
    Path outside = dir.resolve("outside");
    touch(outside.resolve("secret.yaml"));
    Path context = dir.resolve("ctx");
    Files.createDirectories(context);
    Files.createSymbolicLink(context.resolve("link"), outside);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ApplicationDetector.detect("evil", context, List.of("local://link")))
        .hasMessageContaining("outside the build context");
  }

  @Test
  void sourcesOutsideTheContextOrMissingAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ApplicationDetector.detect(
                    "evil", dir.resolve("test"), List.of("local://../../etc")))
        .hasMessageContaining("could not read source local://../../etc of application evil")
        .hasMessageContaining("outside the build context");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ApplicationDetector.detect("gone", dir, List.of("local://missing.yaml")))
        .hasMessageContaining("could not read source local://missing.yaml of application gone")
        .hasMessageContaining("does not exist");
  }

  static void touch(Path... files) throws IOException {
    for (Path f : files) {
      Files.createDirectories(f.getParent());
      Files.writeString(f, "x: 1\n");
    }
  }
}
