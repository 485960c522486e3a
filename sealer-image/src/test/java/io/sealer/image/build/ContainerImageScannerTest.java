package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.ParseException;
import io.sealer.api.Platform;
import io.sealer.api.build.ContainerImage;
import io.sealer.api.build.ImageRepositoryConflictException;
import io.sealer.api.event.LogEvent;
import io.sealer.api.event.SealerEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerImageScannerTest {
  @TempDir Path rootfs;
  final List<SealerEvent> events = new CopyOnWriteArrayList<>();

  private ContainerImageScanner.Builder scanner() {
    return ContainerImageScanner.builder(rootfs)
        .platform(Platform.LINUX_AMD64)
        .helm(null)
        .events(events::add);
  }

  private static List<String> images(List<ContainerImage> found) {
    return found.stream().map(ContainerImage::image).toList();
  }

  @Test
  void findsImagesInEveryPlaceSealerLooksAndNormalisesThem() throws IOException {
    write("manifests/app.yaml", "spec:\n  containers:\n  - image: nginx:1.25\n    name: web\n");
    write(
        "manifests/sub/dash.tmpl",
        "      image: \"quay.io/org/dash:v2\"\n      image: 'nginx:1.25'\n");
    write("manifests/readme.md", "image: ignored/not-yaml:1\n");
    write("manifests/imageList", "busybox\n# comment\n\n 'registry.k8s.io/pause:3.9' \n");
    write("application/apps/app1/deploy.yaml", "image: ghcr.io/acme/api:1.0\n");
    write("application/apps/app1/notes.txt", "image: not/scanned:1\n");
    Path list = write("extra.list", "docker.io/library/redis:7\nnginx:1.25\n");

    List<ContainerImage> found = scanner().imageList(list).build().scan();

    assertThat(found)
        .containsExactly(
            new ContainerImage("docker.io/library/nginx:1.25", null, Platform.LINUX_AMD64),
            new ContainerImage("quay.io/org/dash:v2", null, Platform.LINUX_AMD64),
            new ContainerImage("docker.io/library/busybox:latest", null, Platform.LINUX_AMD64),
            new ContainerImage("registry.k8s.io/pause:3.9", null, Platform.LINUX_AMD64),
            new ContainerImage("ghcr.io/acme/api:1.0", "app1", Platform.LINUX_AMD64),
            new ContainerImage("docker.io/library/redis:7", null, Platform.LINUX_AMD64));
    assertThat(events)
        .as("the single-quoted reference is read, not skipped")
        .noneMatch(e -> ((LogEvent) e).level() == LogEvent.Level.WARN);
  }

  @Test
  void ignoredImageListRemovesImagesAfterNormalisation() throws IOException {
    write("manifests/imageList", "nginx\nbusybox:1.36\nregistry.k8s.io/pause:3.9\n");
    Path ignored = write("ignored.list", "docker.io/library/nginx:latest\nbusybox:1.36\n");
    assertThat(images(scanner().ignoredImageList(ignored).build().scan()))
        .containsExactly("registry.k8s.io/pause:3.9");
  }

  @Test
  void missingListFilesAreIgnoredAsSealerDoes() {
    assertThat(
            scanner()
                .imageList(rootfs.resolve("nope"))
                .ignoredImageList(rootfs.resolve("nope2"))
                .build()
                .scan())
        .isEmpty();
  }

  @Test
  void sameRepositoryFromTwoRegistriesIsRefused() throws IOException {
    write("manifests/a.yaml", "image: docker.io/library/nginx:1.25\n");
    write("application/apps/web/b.yaml", "image: mirror.example.com/library/nginx:1.25\n");
    assertThatThrownBy(() -> scanner().build().scan())
        .isInstanceOfSatisfying(
            ImageRepositoryConflictException.class,
            e -> {
              assertThat(e.repository()).isEqualTo("library/nginx");
              assertThat(e.first()).isEqualTo("docker.io/library/nginx:1.25");
              assertThat(e.second()).isEqualTo("mirror.example.com/library/nginx:1.25");
            })
        .hasMessageContaining("could not cache container images");
  }

  @Test
  void authenticatedImagesComeLastEscapeTheIgnoreListAndAreCheckedForConflicts()
      throws IOException {
    write("manifests/imageList", "nginx:1\n");
    Path ignored = write("ignored.list", "harbor.corp/team/app:1\n");
    List<io.sealer.api.ImageReference> auth =
        List.of(io.sealer.api.ImageReference.parse("harbor.corp/team/app:1"));
    assertThat(images(scanner().ignoredImageList(ignored).authenticatedImages(auth).build().scan()))
        .containsExactly("docker.io/library/nginx:1", "harbor.corp/team/app:1");
    List<io.sealer.api.ImageReference> clash =
        List.of(io.sealer.api.ImageReference.parse("harbor.corp/library/nginx:1"));
    assertThatThrownBy(() -> scanner().authenticatedImages(clash).build().scan())
        .isInstanceOf(ImageRepositoryConflictException.class);
  }

  @Test
  void sameRepositoryDifferentTagsFromOneRegistryIsFine() throws IOException {
    write("manifests/imageList", "nginx:1\nnginx:2\nnginx:1\n");
    assertThat(images(scanner().build().scan()))
        .containsExactly("docker.io/library/nginx:1", "docker.io/library/nginx:2");
  }

  @Test
  void badLineOfAUserListIsAnErrorWithItsLine() throws IOException {
    Path list = write("bad.list", "nginx\n\nNot/Valid:Image\n");
    assertThatThrownBy(() -> scanner().imageList(list).build().scan())
        .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.line()).isEqualTo(3))
        .hasMessageContaining("bad.list:3: ")
        .hasMessageContaining("lowercase");
  }

  @Test
  void unparsableScannedReferenceIsSkippedWithAWarning() throws IOException {
    write("manifests/t.yaml", "image: {{ .Values.image }}\nimage: nginx:1\n");
    assertThat(images(scanner().build().scan())).containsExactly("docker.io/library/nginx:1");
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        LogEvent.class,
                        l -> {
                          assertThat(l.level()).isEqualTo(LogEvent.Level.WARN);
                          assertThat(l.message()).contains("{{.Values.image}}").contains("t.yaml");
                        }));
  }

  @Test
  @DisplayName("TestListImages: chart with sub-charts, read without helm")
  void chartWithSubchartsIsReadFromValuesWithoutHelm() throws IOException {
    writeAppsChart("charts/apps");
    List<ContainerImage> found = scanner().build().scan();
    assertThat(images(found))
        .containsExactly(
            "docker.io/library/nginx:apps_release",
            "docker.io/library/nginx:app1_release",
            "docker.io/library/nginx:app2_test");
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(((LogEvent) e).message())
                    .contains("no helm binary on the PATH")
                    .contains("values.yaml and templates"));
  }

  @Test
  void packedSubchartsAreNamedInAWarningWithoutHelm() throws IOException {
    writeAppsChart("charts/apps");
    write("charts/apps/charts/redis-17.0.0.tgz", "not really gzip");
    scanner().build().scan();
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(((LogEvent) e).message())
                    .contains("redis-17.0.0.tgz")
                    .contains("not read without helm"));
  }

  @Test
  void chartAppImagesCarryTheAppNameAndTemplateLiterals() throws IOException {
    write("application/apps/web/Chart.yaml", "name: web\nappVersion: 2.1.0\n");
    write(
        "application/apps/web/values.yaml",
        "image:\n  registry: quay.io\n  repository: acme/web\nsidecarImage: busybox:1.36\n");
    write(
        "application/apps/web/templates/d.yaml",
        "image: \"{{ .Values.image.repository }}\"\nimage: docker.io/bitnami/kubectl:1.29\n");
    assertThat(scanner().build().scan())
        .extracting(ContainerImage::image, ContainerImage::appName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("quay.io/acme/web:2.1.0", "web"),
            org.assertj.core.groups.Tuple.tuple("docker.io/library/busybox:1.36", "web"),
            org.assertj.core.groups.Tuple.tuple("docker.io/bitnami/kubectl:1.29", "web"));
  }

  @Test
  void rendersChartsWithHelmWhenGiven() throws IOException {
    writeAppsChart("charts/apps");
    // A test double of helm: it checks that it is called as Sealer renders charts ("template
    // dryrun <chart>") and prints rendered YAML. HelmChartImagesIT runs the real helm.
    Path helm =
        write(
            "bin/helm",
            "#!/bin/sh\n"
                + "[ \"$1\" = template ] && [ \"$2\" = dryrun ] && [ -f \"$3/Chart.yaml\" ]"
                + " || { echo \"unexpected args: $*\" >&2; exit 3; }\n"
                + "printf -- '---\\nspec:\\n  containers:\\n  - image: \"rendered/only:1\"\\n'\n");
    helm.toFile().setExecutable(true);
    assertThat(images(scanner().helm(helm).build().scan()))
        .containsExactly("docker.io/rendered/only:1");
    assertThat(events)
        .anySatisfy(e -> assertThat(((LogEvent) e).message()).contains("rendered with " + helm));
  }

  @Test
  void failingHelmIsAnErrorNamingTheChart() throws IOException {
    writeAppsChart("charts/apps");
    Path helm = write("bin/helm", "#!/bin/sh\necho 'parse error in values' >&2\nexit 1\n");
    helm.toFile().setExecutable(true);
    assertThatThrownBy(() -> scanner().helm(helm).build().scan())
        .hasMessageContaining("could not render Helm chart")
        .hasMessageContaining("charts/apps")
        .hasMessageContaining("parse error in values");
  }

  @Test
  void findsHelmOnAPath() throws IOException {
    Path helm = write("bin/helm", "#!/bin/sh\n");
    helm.toFile().setExecutable(true);
    assertThat(HelmChartImages.findOnPath("/nonexistent:" + helm.getParent())).contains(helm);
    assertThat(HelmChartImages.findOnPath("/nonexistent")).isEmpty();
  }

  private void writeAppsChart(String at) throws IOException {
    write(at + "/Chart.yaml", "apiVersion: v2\nname: apps\nappVersion: 1.16.0\n");
    write(
        at + "/values.yaml",
        "app1:\n  image:\n    repository: nginx\n    tag: app1_release\n"
            + "image:\n  repository: nginx\n  pullPolicy: IfNotPresent\n  tag: apps_release\n"
            + "imagePullSecrets: []\n");
    write(
        at + "/templates/deployment.yaml",
        "image: \"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}\"\n");
    for (String sub : List.of("app1", "app2")) {
      write(at + "/charts/" + sub + "/Chart.yaml", "apiVersion: v2\nname: " + sub + "\n");
      write(
          at + "/charts/" + sub + "/values.yaml",
          "image:\n  repository: nginx\n  tag: " + sub + "_test\n");
      write(at + "/charts/" + sub + "/templates/deployment.yaml", "kind: Deployment\n");
    }
  }

  private Path write(String relative, String content) throws IOException {
    Path file = rootfs.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }
}
