package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import io.sealer.api.ParseException;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.VersionInfo;
import io.sealer.api.build.BuildRequest;
import io.sealer.api.build.ImageBuilder;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import io.sealer.image.ImageModule;
import io.sealer.image.store.ImageStores;
import io.sealer.parser.ParserModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds real Kubefiles (Sealer's build scenarios of spec 9.2) into a real store on disk. */
class KubefileBuilderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  final List<String> log = new ArrayList<>();

  Path context(String kubefile) throws IOException {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Kubefile"), kubefile);
    return ctx;
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  ImageStore store(Path root) {
    return ImageStores.open(settings(root));
  }

  SealerSettings settings(Path root) {
    return new SealerSettings(
        root,
        tmp.resolve("home"),
        e -> {
          if (e instanceof LogEvent l) {
            log.add(l.message());
          }
        });
  }

  StoredImage build(Path root, Path ctx, Consumer<BuildRequest.Builder> options) {
    ImageBuilder builder = builder(settings(root));
    BuildRequest.Builder b = BuildRequest.builder(ctx, "test:v1").mode(BuildRequest.BuildMode.LITE);
    options.accept(b);
    return builder.build(b.build());
  }

  /** The builder as the SDK wires it (every binding explicit). */
  static ImageBuilder builder(SealerSettings settings) {
    return Guice.createInjector(
            new AbstractModule() {
              @Override
              protected void configure() {
                binder().requireExplicitBindings();
                bind(SealerSettings.class).toInstance(settings);
                bind(EventListener.class).toInstance(settings.events());
                bind(VersionInfo.class)
                    .toInstance(new VersionInfo("0.11.0", "abc", "17", Platform.host()));
                install(new ImageModule());
                install(new ParserModule());
              }
            })
        .getInstance(ImageBuilder.class);
  }

  StoredImage build(Path ctx) {
    return build(tmp.resolve("root"), ctx, b -> {});
  }

  JsonNode manifest(Path root, StoredImage image) throws IOException {
    return JSON.readTree(store(root).readBlob(image.manifest().digest()));
  }

  JsonNode config(Path root, StoredImage image) throws IOException {
    return JSON.readTree(store(root).readBlob(image.id()));
  }

  JsonNode extension(Path root, StoredImage image) throws IOException {
    return JSON.readTree(
        manifest(root, image).path("annotations").path(ImageExtension.ANNOTATION).asText());
  }

  List<String> layers(JsonNode manifest) {
    List<String> out = new ArrayList<>();
    manifest.path("layers").forEach(l -> out.add(l.path("digest").asText()));
    return out;
  }

  @Test
  void buildWithCmdsRecordsTheCommandsAndCopiesFiles() throws Exception {
    Path ctx =
        context(
            """
            FROM scratch
            COPY app.yaml manifests/
            COPY imageList manifests
            CMDS ["kubectl apply -f manifests/app.yaml", "echo ok"]
            """);
    write(ctx.resolve("app.yaml"), "kind: Pod\n");
    write(ctx.resolve("imageList"), "busybox\n");
    Path root = tmp.resolve("root");
    StoredImage image = build(ctx);

    assertThat(image.names()).extracting(Object::toString).containsExactly("localhost/test:v1");
    JsonNode ext = extension(root, image);
    assertThat(ext.toString())
        .isEqualTo(
            "{\"buildClient\":{\"sealerVersion\":\"v0.11.0\",\"buildahVersion\":\"\"},"
                + "\"schemaVersion\":\"v1alpha1\",\"type\":\"kube-installer\","
                + "\"launch\":{\"cmds\":[\"kubectl apply -f manifests/app.yaml\",\"echo ok\"]}}");
    assertThat(layers(manifest(root, image))).hasSize(2);
    assertThat(config(root, image).path("config").path("Labels").path("io.sealer.version").asText())
        .isEqualTo("v0.11.0");
    assertThat(log).contains("STEP 2/4: COPY app.yaml manifests/");
    assertThat(Files.list(root.resolve("tmp"))).isEmpty();
  }

  @Test
  void buildWithLaunchDetectsAKubeApp() throws Exception {
    Path ctx =
        context(
            """
            FROM scratch
            COPY imageList manifests
            APP myapp local://app.yaml
            LAUNCH ["myapp"]
            """);
    write(ctx.resolve("app.yaml"), "kind: Pod\n");
    write(ctx.resolve("imageList"), "busybox\n");
    JsonNode ext = extension(tmp.resolve("root"), build(ctx));
    assertThat(ext.path("applications").toString())
        .isEqualTo(
            "[{\"name\":\"myapp\",\"type\":\"kube\",\"files\":[\"app.yaml\"],\"version\":\"v1\"}]");
    assertThat(ext.path("launch").toString()).isEqualTo("{\"app_names\":[\"myapp\"]}");
    assertThat(ext.has("env")).isFalse();
  }

  @Test
  void buildWithAppCmdsKeepsCommandsAndTypes() throws Exception {
    Path ctx =
        context(
            """
            FROM scratch
            APP yamlapp local://yamls
            APP shellapp local://shells
            APP mixedapp local://mixed
            APPCMDS mixedapp ["kubectl apply -f app.yaml"]
            APPENV shellapp a=b c=d
            LAUNCH ["mixedapp","shellapp"]
            """);
    write(ctx.resolve("yamls/a.yaml"), "kind: A\n");
    write(ctx.resolve("yamls/sub/b.yml"), "kind: B\n");
    write(ctx.resolve("shells/install.sh"), "echo hi\n");
    write(ctx.resolve("mixed/app.yaml"), "kind: C\n");
    write(ctx.resolve("mixed/run.sh"), "echo hi\n");
    Path root = tmp.resolve("root");
    StoredImage image = build(ctx);
    JsonNode apps = extension(root, image).path("applications");
    assertThat(apps).hasSize(3);
    assertThat(apps.get(0).path("name").asText()).isEqualTo("yamlapp");
    assertThat(apps.get(0).path("type").asText()).isEqualTo("kube");
    assertThat(apps.get(0).path("files").toString()).isEqualTo("[\"/a.yaml\",\"/sub/b.yml\"]");
    assertThat(apps.get(1).toString())
        .isEqualTo(
            "{\"name\":\"shellapp\",\"type\":\"shell\",\"files\":[\"/install.sh\"],"
                + "\"version\":\"v1\",\"env\":{\"a\":\"b\",\"c\":\"d\"}}");
    assertThat(apps.get(2).path("type").asText()).isEmpty();
    assertThat(apps.get(2).path("cmds").toString()).isEqualTo("[\"kubectl apply -f app.yaml\"]");
    assertThat(extension(root, image).path("launch").path("app_names").toString())
        .isEqualTo("[\"mixedapp\",\"shellapp\"]");
  }

  @Test
  void archIsSubstitutedForTheBuildPlatform() throws Exception {
    Path ctx = context("FROM scratch\nCOPY ${ARCH}/bin bin\nCOPY $ARCH/bin bin2\n");
    write(ctx.resolve("amd64/bin/tool"), "amd64 tool\n");
    write(ctx.resolve("arm64/bin/tool"), "arm64 tool\n");
    Path root = tmp.resolve("root");
    StoredImage image = build(root, ctx, b -> b.platform(Platform.LINUX_ARM64));
    assertThat(config(root, image).path("architecture").asText()).isEqualTo("arm64");
    StoredImage amd = build(tmp.resolve("root2"), ctx, b -> b.platform(Platform.LINUX_AMD64));
    assertThat(config(tmp.resolve("root2"), amd).path("architecture").asText()).isEqualTo("amd64");
    assertThat(layers(manifest(root, image)))
        .doesNotContainAnyElementsOf(layers(manifest(tmp.resolve("root2"), amd)));
  }

  @Test
  void runSeesArgsAndEnvAndItsChangesBecomeTheLayer() throws Exception {
    Path ctx =
        context(
            """
            FROM scratch
            ARG VERSION=1.0
            ENV NAME=app-${VERSION}
            COPY data data
            COPY tool bin/tool
            RUN echo "$NAME $EXTRA" > data/out && rm data/gone && tool
            """);
    write(ctx.resolve("data/gone"), "x");
    write(ctx.resolve("data/keep"), "y");
    write(ctx.resolve("tool"), "#!/bin/sh\necho tool-ran > ran\n");
    ctx.resolve("tool").toFile().setExecutable(true);
    Path root = tmp.resolve("root");
    StoredImage image =
        build(root, ctx, b -> b.buildArgs(Map.of("VERSION", "2.0=x", "EXTRA", "more")));
    assertThat(config(root, image).path("config").path("Env").toString())
        .contains("NAME=app-2.0=x");
    Map<String, String> entries = entries(root, layers(manifest(root, image)).get(2));
    assertThat(entries)
        .containsEntry("data/out", "app-2.0=x more\n")
        .containsEntry("ran", "tool-ran\n")
        .containsKey("data/.wh.gone")
        .doesNotContainKey("data/keep");
  }

  /** The regular files of a stored layer with their text. */
  Map<String, String> entries(Path root, String digest) throws IOException {
    Map<String, String> out = new java.util.TreeMap<>();
    try (var tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
            new java.util.zip.GZIPInputStream(
                store(root).openBlob(io.sealer.api.Digest.parse(digest))))) {
      for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile()) {
          out.put(
              e.getName(), new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  @Test
  void rebuildUsesTheCacheAndGivesTheSameLayers() throws Exception {
    Path ctx = context("FROM scratch\nCOPY files files\nRUN date +%s%N > files/stamp\n");
    write(ctx.resolve("files/a"), "a");
    Path root = tmp.resolve("root");
    StoredImage first = build(ctx);
    log.clear();
    StoredImage second = build(ctx);
    assertThat(log.stream().filter(l -> l.startsWith("--> Using cache"))).hasSize(2);
    assertThat(layers(manifest(root, second))).isEqualTo(layers(manifest(root, first)));
    StoredImage fresh = build(root, ctx, b -> b.noCache(true));
    List<String> freshLayers = layers(manifest(root, fresh));
    assertThat(freshLayers.get(0)).isEqualTo(layers(manifest(root, first)).get(0));
    assertThat(freshLayers.get(1)).isNotEqualTo(layers(manifest(root, first)).get(1));
  }

  @Test
  void twoBuildsOfTheSameContextGiveTheSameLayerDigests() throws Exception {
    Path ctx =
        context(
            "FROM scratch\nCOPY tree /tree\nAPP a local://app\nRUN mkdir -p x && echo 1 > x/y\n");
    write(ctx.resolve("tree/one/two.txt"), "two");
    write(ctx.resolve("tree/three.bin"), "3");
    write(ctx.resolve("app/a.yaml"), "kind: A");
    StoredImage one = build(tmp.resolve("r1"), ctx, b -> {});
    Files.setLastModifiedTime(
        ctx.resolve("tree/three.bin"), java.nio.file.attribute.FileTime.fromMillis(0));
    StoredImage two = build(tmp.resolve("r2"), ctx, b -> b.noCache(true));
    assertThat(layers(manifest(tmp.resolve("r2"), two)))
        .isEqualTo(layers(manifest(tmp.resolve("r1"), one)));
  }

  @Test
  void addUnpacksLocalArchivesAndCopiesOtherFiles() throws Exception {
    Path ctx = context("FROM scratch\nADD bundle.tar.gz plain.txt opt/\n");
    Path src = tmp.resolve("bundle");
    write(src.resolve("bin/kubectl"), "kubectl");
    try (var out = Files.newOutputStream(ctx.resolve("bundle.tar.gz"))) {
      new io.sealer.filesystem.LayerWriter().addDirectory(src).writeTo(out);
    }
    write(ctx.resolve("plain.txt"), "plain");
    Path root = tmp.resolve("root");
    StoredImage image = build(ctx);
    assertThat(entries(root, layers(manifest(root, image)).get(0)))
        .containsOnlyKeys("opt/bin/kubectl", "opt/plain.txt");
  }

  @Test
  void sealerIgnoreAndDirectoriesCopyTheirContents() throws Exception {
    Path ctx = context("FROM scratch\nCOPY . /\n");
    write(ctx.resolve(".sealerignore"), "*.log\nsecret/\n");
    write(ctx.resolve("keep.txt"), "k");
    write(ctx.resolve("drop.log"), "d");
    write(ctx.resolve("secret/key"), "s");
    Path root = tmp.resolve("root");
    StoredImage image = build(ctx);
    Path out = tmp.resolve("extract");
    try (var in =
        store(root).openBlob(io.sealer.api.Digest.parse(layers(manifest(root, image)).get(0)))) {
      io.sealer.filesystem.LayerReader.extract(in, out);
    }
    assertThat(out.resolve("keep.txt")).exists();
    assertThat(out.resolve("Kubefile")).exists();
    assertThat(out.resolve("drop.log")).doesNotExist();
    assertThat(out.resolve("secret")).doesNotExist();
  }

  @Test
  void runCannotReachHostFilesThroughTheBaseImagesLinks() throws Exception {
    Path victim = tmp.resolve("x/victim");
    write(victim, "secret\n");
    Path ctx =
        context(
            "FROM scratch\nRUN mkdir -p d && ln -s "
                + victim
                + " f.txt && ln -s ../../../../../../../.."
                + victim
                + " d/up.txt\n");
    Path root = tmp.resolve("root");
    build(ctx);
    Files.writeString(
        ctx.resolve("Kubefile"),
        "FROM localhost/test:v1\n"
            + "RUN echo appended >> f.txt || true; echo appended >> d/up.txt || true\n"
            + "RUN cat f.txt d/up.txt > copied.txt 2>/dev/null || echo none > copied.txt\n");
    StoredImage child = build(root, ctx, b -> {});
    assertThat(victim).hasContent("secret\n");
    List<String> layers = layers(manifest(root, child));
    assertThat(entries(root, layers.get(layers.size() - 1)).get("copied.txt"))
        .doesNotContain("secret");
    assertThat(links(root, layers.get(0)))
        .as("the image keeps its links as they were")
        .containsEntry("f.txt", victim.toString())
        .containsEntry("d/up.txt", "../../../../../../../.." + victim);
    assertThat(layers).hasSize(3);
    assertThat(links(root, layers.get(1))).isEmpty();
  }

  @Test
  void aBuildRemovesWhatStoppedBuildsLeftAndItsOwnDirectory() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("tmp/build-dead/rootfs/etc"));
    Files.writeString(root.resolve("tmp/build-dead/.owner.lock"), "1\n");
    Path ctx = context("FROM scratch\nRUN ls ../ > seen.txt\n");
    build(ctx);
    assertThat(root.resolve("tmp/build-dead")).doesNotExist();
    assertThat(root.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void rootedTargetsResolveAsInAChroot() {
    assertThat(RootedLinks.rooted(Path.of(""), "/etc/passwd")).isEqualTo("etc/passwd");
    assertThat(RootedLinks.rooted(Path.of("a/b"), "/etc/passwd")).isEqualTo("../../etc/passwd");
    assertThat(RootedLinks.rooted(Path.of("a"), "../../../etc")).isEqualTo("../etc");
    assertThat(RootedLinks.rooted(Path.of("a"), "/")).isEqualTo("..");
    assertThat(RootedLinks.rooted(Path.of(""), "/")).isEqualTo(".");
    assertThat(RootedLinks.rooted(Path.of("a/b"), "../c")).isNull();
    assertThat(RootedLinks.rooted(Path.of("a/b"), "c/../../d")).isNull();
  }

  /** The symbolic links of a stored layer with their targets. */
  Map<String, String> links(Path root, String digest) throws IOException {
    Map<String, String> out = new java.util.TreeMap<>();
    try (var tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
            new java.util.zip.GZIPInputStream(
                store(root).openBlob(io.sealer.api.Digest.parse(digest))))) {
      for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isSymbolicLink()) {
          out.put(e.getName(), e.getLinkName());
        }
      }
    }
    return out;
  }

  @Test
  void fromABaseImageInheritsLayersAndApps() throws Exception {
    Path ctx = context("FROM scratch\nAPP base local://base.yaml\nLABEL tier=base\n");
    write(ctx.resolve("base.yaml"), "kind: Base");
    Path root = tmp.resolve("root");
    StoredImage base = build(ctx);
    Files.writeString(
        ctx.resolve("Kubefile"),
        "FROM localhost/test:v1\nRUN test -f application/apps/base/base.yaml\nLAUNCH base\n");
    StoredImage child = build(root, ctx, b -> {});
    List<String> baseLayers = layers(manifest(root, base));
    assertThat(layers(manifest(root, child)))
        .startsWith(baseLayers.toArray(String[]::new))
        .hasSize(2);
    assertThat(extension(root, child).path("applications").get(0).path("name").asText())
        .isEqualTo("base");
    assertThat(config(root, child).path("config").path("Labels").path("tier").asText())
        .isEqualTo("base");
  }

  @Test
  void aKubefileErrorNamesItsLineAndLeavesNoImage() throws Exception {
    Path ctx = context("FROM scratch\nLAUNCH nothere\n");
    Path root = tmp.resolve("root");
    assertThatThrownBy(() -> build(ctx))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("Kubefile:2: ");
    assertThat(store(root).list()).isEmpty();
  }

  @Test
  void aFailingRunShowsItsOutputAndLeavesNoImage() throws Exception {
    Path ctx = context("FROM scratch\nRUN echo visible-output && exit 3\n");
    Path root = tmp.resolve("root");
    assertThatThrownBy(() -> build(ctx))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("Kubefile:2")
        .hasMessageContaining("status 3")
        .hasMessageContaining("visible-output");
    assertThat(store(root).list()).isEmpty();
    assertThat(Files.list(root.resolve("tmp"))).isEmpty();
  }

  @Test
  void aMissingCopySourceIsNamedWithItsLine() throws Exception {
    Path ctx = context("FROM scratch\nCOPY a.txt x/\nCOPY nothere.yaml manifests/\n");
    write(ctx.resolve("a.txt"), "a");
    assertThatThrownBy(() -> build(ctx))
        .hasMessageContaining("Kubefile:3")
        .hasMessageContaining("nothere.yaml");
    assertThat(store(tmp.resolve("root")).list()).isEmpty();
  }

  @Test
  void aSourceOutsideTheContextIsRefused() throws Exception {
    Path ctx = context("FROM scratch\nCOPY ../outside.txt x/\n");
    write(tmp.resolve("outside.txt"), "o");
    assertThatThrownBy(() -> build(ctx)).hasMessageContaining("outside the build context");
  }

  @Test
  void anUndetectedAppWithoutAppCmdsIsRefused() throws Exception {
    Path ctx = context("FROM scratch\nAPP weird local://data.bin\n");
    write(ctx.resolve("data.bin"), "x");
    assertThatThrownBy(() -> build(ctx))
        .isInstanceOf(ParseException.class)
        .hasMessage("Kubefile:2: app weird need to specify APPCMDS if no app type detected");
  }

  @Test
  void severalPlatformsGiveAnIndexOfPerPlatformManifests() throws Exception {
    Path ctx = context("FROM scratch\nCOPY ${ARCH}/tool bin/tool\n");
    write(ctx.resolve("amd64/tool"), "amd64");
    write(ctx.resolve("arm64/tool"), "arm64");
    Path root = tmp.resolve("root");
    StoredImage image =
        build(root, ctx, b -> b.platform(Platform.LINUX_AMD64).platform(Platform.LINUX_ARM64));
    assertThat(image.isIndex()).isTrue();
    JsonNode index = manifest(root, image);
    assertThat(index.path("manifests")).hasSize(2);
    assertThat(index.path("manifests").get(1).path("platform").path("architecture").asText())
        .isEqualTo("arm64");
    JsonNode arm =
        JSON.readTree(
            store(root)
                .readBlob(
                    io.sealer.api.Digest.parse(
                        index.path("manifests").get(1).path("digest").asText())));
    assertThat(entries(root, arm.path("layers").get(0).path("digest").asText()))
        .containsEntry("bin/tool", "arm64");
  }

  @Test
  void userLabelsAndAnnotationsAreRecorded() throws Exception {
    Path ctx = context("FROM scratch\nCNI calico local://calico.yaml\nKUBEVERSION >=1.20\n");
    write(ctx.resolve("calico.yaml"), "kind: DaemonSet");
    Path root = tmp.resolve("root");
    StoredImage image =
        build(root, ctx, b -> b.labels(Map.of("team", "x")).annotations(Map.of("note", "y")));
    JsonNode labels = config(root, image).path("config").path("Labels");
    assertThat(labels.path("team").asText()).isEqualTo("x");
    assertThat(labels.path("cluster.alpha.sealer.io/kube-cni-calico").asText()).isEqualTo("true");
    assertThat(labels.path("app.alpha.sealer.io/supported-kube-version").asText())
        .isEqualTo(">=1.20");
    assertThat(manifest(root, image).path("annotations").path("note").asText()).isEqualTo("y");
  }
}
