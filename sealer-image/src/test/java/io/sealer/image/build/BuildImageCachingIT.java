package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Digest;
import io.sealer.api.SealerSettings;
import io.sealer.api.build.BuildRequest;
import io.sealer.api.build.ImageBuilder;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import io.sealer.filesystem.LayerReader;
import io.sealer.image.store.ImageStores;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build mode {@code all} against a real registry: images named by {@code --image-list} and by the
 * manifests are pulled from a {@code docker-registry} holding small images this test makes, cached
 * into the last {@code registry/} layer, and a second {@code docker-registry} pointed at that
 * directory serves them (checked with {@code skopeo}). Needs {@code docker-registry} and {@code
 * skopeo}.
 */
class BuildImageCachingIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void cachedImagesAreServedFromTheImagesRegistryDirectory() throws Exception {
    LocalRegistry.requireTool("skopeo");
    TestImage busybox = TestImage.make("bin/busybox", "#!/bin/sh\necho busybox\n");
    TestImage pause = TestImage.make("pause", "pause\n");
    Path source = work.resolve("source");
    RegistryLayoutWriter sourceWriter = new RegistryLayoutWriter(source);
    sourceWriter.writeImage("test/busybox", "v1", busybox.manifest(), busybox.sources());
    sourceWriter.writeImage("test/pause", "3.9", pause.manifest(), pause.sources());
    try (LocalRegistry upstream = LocalRegistry.serve(source, work)) {
      String host = "127.0.0.1:" + upstream.port;
      Path ctx = Files.createDirectories(work.resolve("ctx"));
      Files.writeString(
          ctx.resolve("Kubefile"), "FROM scratch\nAPP web local://app.yaml\nLAUNCH web\n");
      Files.writeString(
          ctx.resolve("app.yaml"),
          "kind: Pod\nspec:\n  containers:\n  - name: p\n    image: " + host + "/test/pause:3.9\n");
      Path list = work.resolve("imagelist");
      Files.writeString(list, host + "/test/busybox:v1\n");
      Path root = work.resolve("root");
      SealerSettings settings = new SealerSettings(root, work.resolve("home"), e -> {});
      ImageBuilder builder = KubefileBuilderTest.builder(settings);
      BuildRequest request = BuildRequest.builder(ctx, "cached:v1").imageList(list).build();
      StoredImage image = builder.build(request);

      ImageStore store = ImageStores.open(settings);
      assertThat(store.list())
          .extracting(i -> i.names().toString())
          .containsExactly("[localhost/cached:v1]");
      JsonNode manifest = JSON.readTree(store.readBlob(image.manifest().digest()));
      JsonNode cached =
          JSON.readTree(
              manifest
                  .path("annotations")
                  .path(ImageExtension.CONTAINER_IMAGES_ANNOTATION)
                  .asText());
      assertThat(cached.toString())
          .contains("\"image\":\"" + host + "/test/pause:3.9\",\"appName\":\"web\"")
          .contains("\"image\":\"" + host + "/test/busybox:v1\"");
      JsonNode layers = manifest.path("layers");
      Path out = work.resolve("out");
      try (InputStream in =
          store.openBlob(Digest.parse(layers.get(layers.size() - 1).path("digest").asText()))) {
        LayerReader.extract(in, out);
      }
      assertThat(out.resolve("registry/docker/registry/v2")).isDirectory();

      try (LocalRegistry served = LocalRegistry.serve(out.resolve("registry"), work)) {
        for (var pair :
            List.of(
                java.util.Map.entry("test/busybox:v1", busybox),
                java.util.Map.entry("test/pause:3.9", pause))) {
          String ref = "docker://127.0.0.1:" + served.port + "/" + pair.getKey();
          JsonNode inspect = JSON.readTree(run("skopeo", "inspect", "--tls-verify=false", ref));
          assertThat(inspect.path("Digest").asText())
              .isEqualTo(pair.getValue().manifestDigest().toString());
          assertThat(inspect.path("Layers").get(0).asText())
              .isEqualTo(pair.getValue().layerDigest().toString());
        }
      }

      // a rebuild with everything cached gives the same layers, the registry layer included
      StoredImage again = builder.build(request);
      assertThat(JSON.readTree(store.readBlob(again.manifest().digest())).path("layers"))
          .isEqualTo(layers);
    }
  }

  @Test
  void imageListWithAuthPullsWithItsCredentialsOnly() throws Exception {
    LocalRegistry.requireTool("htpasswd");
    TestImage app = TestImage.make("app", "private app\n");
    Path source = work.resolve("private");
    new RegistryLayoutWriter(source).writeImage("team/app", "v1", app.manifest(), app.sources());
    Path htpasswd = work.resolve("htpasswd");
    Process hp =
        new ProcessBuilder("htpasswd", "-Bbc", htpasswd.toString(), "builder", "s3cret-pw")
            .redirectErrorStream(true)
            .start();
    assertThat(hp.waitFor()).isZero();
    try (LocalRegistry upstream = LocalRegistry.serve(source, work, htpasswd)) {
      String host = "127.0.0.1:" + upstream.port;
      Path ctx = Files.createDirectories(work.resolve("ctx-auth"));
      Files.writeString(ctx.resolve("Kubefile"), "FROM scratch\nCOPY Kubefile etc/\n");
      java.util.List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
      SealerSettings settings =
          new SealerSettings(
              work.resolve("root-auth"),
              work.resolve("home-auth"),
              e -> {
                if (e instanceof io.sealer.api.event.LogEvent log) {
                  messages.add(log.message());
                }
              });
      ImageBuilder builder = KubefileBuilderTest.builder(settings);

      // without the credentials the registry refuses, and no image is left behind
      Path list = work.resolve("plain-list");
      Files.writeString(list, host + "/team/app:v1\n");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> builder.build(BuildRequest.builder(ctx, "private:v1").imageList(list).build()))
          .hasMessageContaining(host + "/team/app:v1");
      assertThat(ImageStores.open(settings).find("private:v1")).isEmpty();

      Path auth = work.resolve("auth.yaml");
      Files.writeString(
          auth,
          "- registry: "
              + host
              + "\n  username: builder\n  password: s3cret-pw\n  images:\n    - "
              + host
              + "/team/app:v1\n");
      StoredImage image =
          builder.build(BuildRequest.builder(ctx, "private:v1").imageListWithAuth(auth).build());
      JsonNode manifest =
          JSON.readTree(ImageStores.open(settings).readBlob(image.manifest().digest()));
      assertThat(
              manifest
                  .path("annotations")
                  .path(ImageExtension.CONTAINER_IMAGES_ANNOTATION)
                  .asText())
          .contains(host + "/team/app:v1");
      assertThat(messages).noneMatch(m -> m.contains("s3cret-pw"));
      assertThat(work.resolve("home-auth").resolve("auth.json")).doesNotExist();
    }
  }

  @Test
  void fromAnImageOnlyInARegistryPullsItAndInheritsItsApps() throws Exception {
    Path registryDir = Files.createDirectories(work.resolve("upstream"));
    try (LocalRegistry upstream = LocalRegistry.serve(registryDir, work)) {
      String base = "127.0.0.1:" + upstream.port + "/bases/app-base:v1";
      Path root = work.resolve("root");
      SealerSettings settings = new SealerSettings(root, work.resolve("home"), e -> {});
      ImageBuilder builder = KubefileBuilderTest.builder(settings);
      Path ctx = Files.createDirectories(work.resolve("ctx"));
      Files.writeString(ctx.resolve("Kubefile"), "FROM scratch\nAPP baseapp local://base.yaml\n");
      Files.writeString(ctx.resolve("base.yaml"), "kind: ConfigMap\n");
      StoredImage built =
          builder.build(BuildRequest.builder(ctx, base).mode(BuildRequest.BuildMode.LITE).build());
      ImageStore store = ImageStores.open(settings);
      io.sealer.api.registry.RegistryClient client =
          com.google.inject.Guice.createInjector(
                  new com.google.inject.AbstractModule() {
                    @Override
                    protected void configure() {
                      bind(SealerSettings.class).toInstance(settings);
                      bind(io.sealer.api.event.EventListener.class).toInstance(settings.events());
                      bind(io.sealer.api.VersionInfo.class)
                          .toInstance(
                              new io.sealer.api.VersionInfo(
                                  "0", "x", "17", io.sealer.api.Platform.host()));
                      install(new io.sealer.image.ImageModule());
                      install(new io.sealer.parser.ParserModule());
                    }
                  })
              .getInstance(io.sealer.api.registry.RegistryClient.class);
      client.push(
          io.sealer.api.ImageReference.parse(base),
          new io.sealer.api.registry.PushOptions(false, true, 2));
      store.removeName(io.sealer.api.ImageReference.parse(base));
      assertThat(store.find(base)).isEmpty();

      Files.writeString(
          ctx.resolve("Kubefile"),
          "FROM " + base + "\nRUN test -f application/apps/baseapp/base.yaml\nLAUNCH baseapp\n");
      StoredImage child =
          builder.build(
              BuildRequest.builder(ctx, "child:v1").mode(BuildRequest.BuildMode.LITE).build());
      JsonNode manifest = JSON.readTree(store.readBlob(child.manifest().digest()));
      JsonNode ext =
          JSON.readTree(manifest.path("annotations").path(ImageExtension.ANNOTATION).asText());
      assertThat(ext.path("applications").get(0).path("name").asText()).isEqualTo("baseapp");
      assertThat(ext.path("launch").path("app_names").toString()).isEqualTo("[\"baseapp\"]");
      JsonNode baseManifest = JSON.readTree(store.readBlob(built.manifest().digest()));
      assertThat(manifest.path("layers").get(0)).isEqualTo(baseManifest.path("layers").get(0));
    }
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + err).isZero();
    return out;
  }
}
