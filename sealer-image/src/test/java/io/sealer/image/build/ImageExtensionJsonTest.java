package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.build.AppType;
import io.sealer.api.build.BuildClient;
import io.sealer.api.build.ContainerImage;
import io.sealer.api.build.ImageApplication;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.build.Launch;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The annotation JSON against what Sealer v0.11.0 wrote (samples in test resources). */
class ImageExtensionJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode sample(String name) throws IOException {
    try (InputStream in =
        ImageExtensionJsonTest.class.getResourceAsStream("/sealer-samples/" + name)) {
      return MAPPER.readTree(in);
    }
  }

  private static String annotation(String manifest) throws IOException {
    return sample(manifest).path("annotations").path(ImageExtension.ANNOTATION).asText();
  }

  @Test
  void writesTheAppSampleByteForByte() throws IOException {
    // FROM scratch / ENV globalKey=globalValue / APP app1 local://nginx.yaml /
    // APPENV app1 key1=value1 key2=value2 / LAUNCH ["app1"], --type app-installer
    Map<String, String> appEnv = new LinkedHashMap<>();
    appEnv.put("key2", "value2");
    appEnv.put("key1", "value1");
    ImageExtension ext =
        ImageExtension.of(new BuildClient("v0.11.0", "1.27.1"), ImageExtension.APP_INSTALLER)
            .withApplications(
                List.of(
                    ImageApplication.of("app1", AppType.KUBE, List.of("nginx.yaml"))
                        .withEnv(appEnv)))
            .withEnv(Map.of("globalKey", "globalValue"))
            .withLaunch(Launch.ofApps(List.of("app1")));
    assertThat(ImageExtensionJson.write(ext))
        .isEqualTo(annotation("sealer-v0.11.0-app-manifest.json"));
  }

  @Test
  void writesTheTinySampleWithAnEmptyLaunchObject() throws IOException {
    ImageExtension ext =
        ImageExtension.of(new BuildClient("v0.11.0", "1.27.1"), ImageExtension.KUBE_INSTALLER);
    assertThat(ImageExtensionJson.write(ext))
        .isEqualTo(annotation("sealer-v0.11.0-tiny-manifest.json"))
        .endsWith("\"launch\":{}}");
  }

  @Test
  void readsAndRewritesSealersAnnotationsUnchanged() throws IOException {
    for (String manifest :
        List.of("sealer-v0.11.0-app-manifest.json", "sealer-v0.11.0-tiny-manifest.json")) {
      String json = annotation(manifest);
      assertThat(ImageExtensionJson.write(ImageExtensionJson.read(json))).isEqualTo(json);
    }
  }

  @Test
  void readsTheFieldsOfTheAppSample() throws IOException {
    ImageExtension ext = ImageExtensionJson.read(annotation("sealer-v0.11.0-app-manifest.json"));
    assertThat(ext.buildClient()).isEqualTo(new BuildClient("v0.11.0", "1.27.1"));
    assertThat(ext.schemaVersion()).isEqualTo("v1alpha1");
    assertThat(ext.type()).isEqualTo("app-installer");
    ImageApplication app = ext.application("app1").orElseThrow();
    assertThat(app.type()).isEqualTo(AppType.KUBE);
    assertThat(app.files()).containsExactly("nginx.yaml");
    assertThat(app.version()).isEqualTo("v1");
    assertThat(app.env()).containsEntry("key1", "value1").containsEntry("key2", "value2");
    assertThat(app.cmds()).isEmpty();
    assertThat(ext.env()).containsExactlyEntriesOf(Map.of("globalKey", "globalValue"));
    assertThat(ext.launch().appNames()).containsExactly("app1");
    assertThat(ext.launch().cmds()).isEmpty();
  }

  @Test
  void inspectViewMatchesSealersInspectOutput() throws IOException {
    JsonNode inspect = sample("sealer-v0.11.0-app-inspect.json");
    JsonNode config = sample("sealer-v0.11.0-app-config.json");
    Map<String, String> labels = new LinkedHashMap<>();
    config
        .path("config")
        .path("Labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    ImageExtension ext =
        ImageExtensionJson.read(annotation("sealer-v0.11.0-app-manifest.json"))
            .withLabels(ImageExtensionJson.inspectLabels(labels));
    assertThat(MAPPER.readTree(ImageExtensionJson.write(ext)))
        .isEqualTo(inspect.path("imageExtension"));
  }

  @Test
  @org.junit.jupiter.api.DisplayName("TestGetImageExtensionFromAnnotations")
  void readsRawLaunchCmds() {
    ImageExtension ext =
        ImageExtensionJson.read(
            "{\"buildClient\":{\"sealerVersion\":\"0.9.0\",\"buildahVersion\":\"1.27.1\"},"
                + "\"schemaVersion\":\"v1alpha1\",\"type\":\"kube-installer\","
                + "\"launch\":{\"cmds\":[\"ls\",\"-l\"]}}");
    assertThat(ext.launch().cmds()).containsExactly("ls", "-l");
    assertThat(ext.launch().appNames()).isEmpty();
    assertThat(ext.applications()).isEmpty();
  }

  @Test
  void acceptsLegacyLaunchfilesOfV090() {
    ImageExtension ext =
        ImageExtensionJson.read(
            "{\"buildClient\":{\"sealerVersion\":\"v0.9.0\",\"buildahVersion\":\"1.27.1\"},"
                + "\"schemaVersion\":\"v1alpha1\",\"applications\":[{\"name\":\"nginx\","
                + "\"type\":\"kube\",\"launchfiles\":[\"a.yaml\"],\"version\":\"v1\"}],"
                + "\"launch\":{\"app_names\":[\"nginx\"]}}");
    assertThat(ext.applications().get(0).files()).containsExactly("a.yaml");
    assertThat(ImageExtensionJson.write(ext)).contains("\"files\":[\"a.yaml\"]");
  }

  @Test
  void omitsEmptyFieldsAndEscapesLikeGo() {
    ImageApplication mixed =
        ImageApplication.of("mixedapp", AppType.UNKNOWN, List.of())
            .withCmds(List.of("kubectl apply -f app.yaml && echo <ok>"));
    String json =
        ImageExtensionJson.write(
            ImageExtension.of(new BuildClient("v0.1.0", ""), ImageExtension.KUBE_INSTALLER)
                .withApplications(List.of(mixed))
                .withLaunch(Launch.ofCmds(List.of("a", "b"))));
    assertThat(json)
        .isEqualTo(
            "{\"buildClient\":{\"sealerVersion\":\"v0.1.0\",\"buildahVersion\":\"\"},"
                + "\"schemaVersion\":\"v1alpha1\",\"type\":\"kube-installer\","
                + "\"applications\":[{\"name\":\"mixedapp\",\"version\":\"v1\","
                + "\"cmds\":[\"kubectl apply -f app.yaml \\u0026\\u0026 echo \\u003cok\\u003e\"]}],"
                + "\"launch\":{\"cmds\":[\"a\",\"b\"]}}");
    assertThat(ImageExtensionJson.read(json).applications().get(0).cmds().get(0))
        .isEqualTo("kubectl apply -f app.yaml && echo <ok>");
  }

  @Test
  void badJsonIsAnErrorNamingTheAnnotation() {
    assertThatThrownBy(() -> ImageExtensionJson.read("{nope"))
        .isInstanceOf(SealerException.class)
        .hasMessageStartingWith("could not read annotation sealer.image.extension: ");
  }

  @Test
  @org.junit.jupiter.api.DisplayName("TestGetContainerImagesFromAnnotations")
  void readsContainerImages() {
    assertThat(ImageExtensionJson.readContainerImages("")).isEmpty();
    List<ContainerImage> images =
        ImageExtensionJson.readContainerImages(
            "[{\"image\":\"nginx:latest\",\"appName\":\"nginx\"},"
                + "{\"image\":\"registry.cn-qingdao.aliyuncs.com/sealer-io/dashboard:latest\","
                + "\"appName\":\"dashboard\"},{\"image\":\"busybox:latest\"}]");
    assertThat(images)
        .containsExactly(
            new ContainerImage("nginx:latest", "nginx", null),
            new ContainerImage(
                "registry.cn-qingdao.aliyuncs.com/sealer-io/dashboard:latest", "dashboard", null),
            new ContainerImage("busybox:latest", null, null));
  }

  @Test
  void writesContainerImagesAsSealerDoes() {
    List<ContainerImage> images =
        List.of(
            new ContainerImage("docker.io/library/nginx:latest", "nginx", Platform.LINUX_AMD64),
            new ContainerImage(
                "docker.io/library/busybox:1.36", null, new Platform("linux", "arm", "v7")));
    String json = ImageExtensionJson.writeContainerImages(images);
    assertThat(json)
        .isEqualTo(
            "[{\"image\":\"docker.io/library/nginx:latest\",\"appName\":\"nginx\","
                + "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"image\":\"docker.io/library/busybox:1.36\","
                + "\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}}]");
    assertThat(ImageExtensionJson.readContainerImages(json)).isEqualTo(images);
  }

  @Test
  @org.junit.jupiter.api.DisplayName("Test_handleLabelOutput")
  void aggregatesCniAndCsiLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ImageExtensionJson.KUBE_CNI_PREFIX + "flannel", "true");
    labels.put(ImageExtensionJson.KUBE_CNI_PREFIX + "calico", "true");
    labels.put(ImageExtensionJson.KUBE_CSI_PREFIX + "alibaba-csi", "true");
    labels.put("key1", "value1");
    assertThat(ImageExtensionJson.inspectLabels(labels))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "cluster.alpha.sealer.io/kube-cni", "[\"calico\",\"flannel\"]",
                "cluster.alpha.sealer.io/kube-csi", "[\"alibaba-csi\"]",
                "key1", "value1"));
    assertThat(ImageExtensionJson.inspectLabels(Map.of())).isEmpty();
  }
}
