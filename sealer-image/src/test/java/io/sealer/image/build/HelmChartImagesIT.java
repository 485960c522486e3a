package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.Platform;
import io.sealer.api.build.ContainerImage;
import io.sealer.api.event.LogEvent;
import io.sealer.api.event.SealerEvent;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chart image discovery with the real {@code helm} binary that scripts/install-deps.sh installs,
 * and the values-scan fallback on the same chart when the {@code PATH} holds no helm. The chart has
 * an unpacked sub-chart whose values its parent overrides, a packed sub-chart enabled by a
 * condition, an image built by template logic from a global value, and nested image values.
 */
class HelmChartImagesIT {
  @TempDir Path rootfs;
  final List<SealerEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void writeChart() throws IOException {
    write(
        "charts/shop/Chart.yaml",
        """
        apiVersion: v2
        name: shop
        version: 0.1.0
        appVersion: "2.4.0"
        dependencies:
          - name: cache
            version: 1.0.0
          - name: metrics
            version: 1.0.0
            condition: metrics.enabled
        """);
    write(
        "charts/shop/values.yaml",
        """
        image:
          registry: quay.io
          repository: acme/shop
        global:
          mirror: registry.example.com
        worker:
          enabled: true
          images:
            main: {repository: acme/worker, tag: "1.2"}
        cache:
          image:
            tag: "7.2-override"
        metrics:
          enabled: true
        """);
    write(
        "charts/shop/templates/deploy.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{ .Release.Name }}-shop}
        spec:
          template:
            spec:
              containers:
                - name: shop
                  image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:\
        {{ .Values.image.tag | default .Chart.AppVersion }}"
                {{- if .Values.worker.enabled }}
                - name: worker
                  image: {{ printf "%s/%s:%s" .Values.global.mirror \
        .Values.worker.images.main.repository .Values.worker.images.main.tag | quote }}
                {{- end }}
        """);
    write("charts/shop/charts/cache/Chart.yaml", "apiVersion: v2\nname: cache\nversion: 1.0.0\n");
    write(
        "charts/shop/charts/cache/values.yaml",
        "image:\n  repository: library/redis\n  tag: \"7.0\"\n");
    write(
        "charts/shop/charts/cache/templates/sts.yaml",
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: {{ .Release.Name }}-cache}
        spec:
          template:
            spec:
              containers:
                - name: redis
                  image: {{ .Values.global.mirror }}/{{ .Values.image.repository }}:\
        {{ .Values.image.tag }}
        """);
    writePackedChart(
        rootfs.resolve("charts/shop/charts/metrics-1.0.0.tgz"),
        "metrics",
        "apiVersion: v2\nname: metrics\nversion: 1.0.0\n",
        "image: prom/node-exporter:v1.8.0\n",
        """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: {{ .Release.Name }}-metrics}
        spec:
          template:
            spec:
              containers:
                - name: exporter
                  image: {{ .Values.image }}
        """);
  }

  @Test
  void realHelmOnThePathRendersTheChartWithItsSubchartsAndValues() {
    Path helm =
        ContainerImageScanner.findHelmOnPath()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no helm on the PATH: run scripts/install-deps.sh (it installs helm)"));

    // the default scanner finds helm on this process's PATH
    List<ContainerImage> found =
        ContainerImageScanner.builder(rootfs)
            .platform(Platform.LINUX_AMD64)
            .events(events::add)
            .build()
            .scan();

    // (in helm's install order of kinds, which is not ours to fix)
    assertThat(found.stream().map(ContainerImage::image))
        .containsExactlyInAnyOrder(
            // the packed sub-chart's image, enabled by the parent's values
            "docker.io/prom/node-exporter:v1.8.0",
            // the unpacked sub-chart: its tag overridden by the parent, its registry a global
            "registry.example.com/library/redis:7.2-override",
            // the parent: tag from appVersion, the worker's registry chosen by template logic
            "quay.io/acme/shop:2.4.0",
            "registry.example.com/acme/worker:1.2");
    assertThat(messages()).anyMatch(m -> m.contains("rendered with " + helm + " template"));
  }

  @Test
  void withoutHelmOnThePathTheSameChartIsReadFromItsValues() {
    String pathWithoutHelm =
        Arrays.stream(String.valueOf(System.getenv("PATH")).split(File.pathSeparator))
            .filter(dir -> !Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, "helm")))
            .collect(Collectors.joining(File.pathSeparator));
    Optional<Path> helm = HelmChartImages.findOnPath(pathWithoutHelm);
    assertThat(helm).isEmpty();

    List<ContainerImage> found =
        ContainerImageScanner.builder(rootfs)
            .platform(Platform.LINUX_AMD64)
            .helm(helm.orElse(null))
            .events(events::add)
            .build()
            .scan();

    // What values alone can tell: the template's registry choices and the packed sub-chart are
    // beyond a values scan, and the warnings say so.
    assertThat(found.stream().map(ContainerImage::image))
        .containsExactly(
            "quay.io/acme/shop:2.4.0",
            "docker.io/acme/worker:1.2",
            "docker.io/library/redis:7.2-override");
    assertThat(messages())
        .anyMatch(m -> m.contains("no helm binary on the PATH"))
        .anyMatch(m -> m.contains("metrics-1.0.0.tgz") && m.contains("not read without helm"));
  }

  private List<String> messages() {
    return events.stream().map(e -> ((LogEvent) e).message()).toList();
  }

  private void write(String relative, String content) throws IOException {
    Path file = rootfs.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** A chart packed as {@code helm package} does: a gzipped tar of {@code <name>/...}. */
  private static void writePackedChart(
      Path tgz, String name, String chartYaml, String valuesYaml, String template)
      throws IOException {
    Files.createDirectories(tgz.getParent());
    try (OutputStream file = Files.newOutputStream(tgz);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
      addEntry(tar, name + "/Chart.yaml", chartYaml);
      addEntry(tar, name + "/values.yaml", valuesYaml);
      addEntry(tar, name + "/templates/ds.yaml", template);
    }
  }

  private static void addEntry(TarArchiveOutputStream tar, String name, String content)
      throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
