package io.sealer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import io.sealer.api.SealerException;
import io.sealer.api.cluster.Config;
import io.sealer.api.cluster.TemplateRenderer;
import io.sealer.parser.ParserModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsPreparerTest {
  @TempDir Path rootfs;
  @TempDir Path outside;

  private final RootfsPreparer preparer =
      new RootfsPreparer(
          Guice.createInjector(new ParserModule()).getInstance(TemplateRenderer.class));

  @Test
  void configsAreWrittenAndTemplatesRenderedWithTheClusterEnv() throws Exception {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/peer.conf.tmpl"), "peers={{ .MasterIPs }}\n");
    Files.createDirectories(rootfs.resolve("application/apps/web"));
    preparer.prepare(
        rootfs,
        List.of(
            new Config("c1", "etc/extra.conf", "x=1\n", null, null, null),
            new Config("c2", "web.yaml", "kind: Web\n", null, null, "web")),
        Map.of("MasterIPs", "10.0.0.2,10.0.0.3"));
    assertThat(rootfs.resolve("etc/peer.conf")).hasContent("peers=10.0.0.2,10.0.0.3");
    assertThat(rootfs.resolve("etc/extra.conf")).hasContent("x=1");
    assertThat(rootfs.resolve("application/apps/web/web.yaml")).hasContent("kind: Web");
  }

  @Test
  void anEndlessOrBinaryTemplateIsRefusedNamingIt() throws Exception {
    Files.createDirectories(rootfs.resolve("etc"));
    Path huge = rootfs.resolve("etc/huge.conf.tmpl");
    try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(RootfsPreparer.TEXT_LIMIT + 1L); // sparse: no disk, but more than the limit
    }
    assertThatThrownBy(() -> preparer.prepare(rootfs, List.of(), Map.of()))
        .isInstanceOf(SealerException.class)
        .hasMessage(
            "could not read template "
                + huge
                + ": it is larger than 16384 KiB, more than any template; is it the right file?");
    Files.delete(huge);
    Files.write(rootfs.resolve("etc/bin.tmpl"), new byte[] {'a', 0});
    assertThatThrownBy(() -> preparer.prepare(rootfs, List.of(), Map.of()))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("bin.tmpl: it is binary");
  }

  @Test
  void mergeDeepMergesEveryYamlDocument() throws Exception {
    Files.writeString(rootfs.resolve("a.yaml"), "a:\n  b: 1\n  c: 2\n---\nz: 0\n");
    preparer.prepare(
        rootfs, List.of(new Config("m", "a.yaml", "a:\n  c: 3\n", "merge", null, null)), Map.of());
    String merged = Files.readString(rootfs.resolve("a.yaml"));
    assertThat(merged).contains("b: 1").contains("c: 3").contains("---").contains("z: 0");
  }

  @Test
  void pathsCannotLeaveTheRootfsNorGoThroughItsSymlinks() throws Exception {
    assertThatThrownBy(
            () ->
                preparer.prepare(
                    rootfs,
                    List.of(new Config("bad", "../../etc/passwd", "x", null, null, null)),
                    Map.of()))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("outside the image's rootfs");
    Files.createSymbolicLink(rootfs.resolve("etc"), outside);
    assertThatThrownBy(
            () ->
                preparer.prepare(
                    rootfs,
                    List.of(new Config("link", "etc/x.conf", "x", null, null, null)),
                    Map.of()))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("goes through the symlink etc");
    try (var files = Files.list(outside)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void applicationConfigsWriteFilesAndRenderTheAppsTemplatesWithTheirEnv() throws Exception {
    Files.createDirectories(rootfs.resolve("application/apps/web"));
    Files.writeString(
        rootfs.resolve("application/apps/web/app.yaml.tmpl"),
        "replicas: {{ .Replicas }} in {{ .ClusterName }}\n");
    io.sealer.api.build.ImageApplication web =
        io.sealer.api.build.ImageApplication.of(
                "web", io.sealer.api.build.AppType.KUBE, List.of("app.yaml"))
            .withEnv(Map.of("Replicas", "1"));
    io.sealer.api.cluster.Application app =
        new io.sealer.api.cluster.Application(
            "a",
            List.of(),
            null,
            List.of(
                new io.sealer.api.cluster.AppConfig(
                    "web",
                    List.of("Replicas=3"),
                    List.of(new io.sealer.api.cluster.AppFile("extra.conf", null, "x\n")),
                    null)));
    preparer.prepareApps(rootfs, List.of(web), app, Map.of("ClusterName", "c1"));
    assertThat(rootfs.resolve("application/apps/web/app.yaml")).hasContent("replicas: 3 in c1");
    assertThat(rootfs.resolve("application/apps/web/extra.conf")).hasContent("x");
  }
}
