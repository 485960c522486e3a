package io.sealer.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The reference's three static-pod cases (Sealer §7), compared as text and as YAML structure. */
class LvscareManifestsTest {
  private final LvscareManifests manifests = new LvscareManifests();

  /**
   * The manifest Sealer writes for {@code name} with these args and image, built field by field.
   */
  private static String expected(String name, String image, List<String> args) {
    StringBuilder argLines = new StringBuilder();
    for (String arg : args) {
      argLines.append("    - ").append(arg).append('\n');
    }
    return "apiVersion: v1\n"
        + "kind: Pod\n"
        + "metadata:\n"
        + "  creationTimestamp: null\n"
        + "  name: "
        + name
        + "\n"
        + "  namespace: kube-system\n"
        + "spec:\n"
        + "  containers:\n"
        + "  - args:\n"
        + argLines
        + "    command:\n"
        + "    - /usr/bin/lvscare\n"
        + "    image: "
        + image
        + "\n"
        + "    imagePullPolicy: IfNotPresent\n"
        + "    name: main\n"
        + "    resources: {}\n"
        + "    securityContext:\n"
        + "      privileged: true\n"
        + "    volumeMounts:\n"
        + "    - mountPath: /lib/modules\n"
        + "      name: lib-modules\n"
        + "      readOnly: true\n"
        + "  hostNetwork: true\n"
        + "  volumes:\n"
        + "  - hostPath:\n"
        + "      path: /lib/modules\n"
        + "      type: \"\"\n"
        + "    name: lib-modules\n"
        + "status: {}\n";
  }

  private static InetAddress ip(String text) {
    return Endpoint.ip(text);
  }

  @Test
  void kubeLvscareWithThreeMasters() {
    StaticPod pod =
        manifests.kubeLvscare(
            "fdfadf",
            ip("10.107.2.1"),
            List.of(ip("172.16.228.157"), ip("172.16.228.158"), ip("172.16.228.159")));
    String want =
        expected(
            "kube-lvscare",
            "fdfadf",
            List.of(
                "care",
                "--vs",
                "10.107.2.1:6443",
                "--health-path",
                "/healthz",
                "--health-schem",
                "https",
                "--rs",
                "172.16.228.157:6443",
                "--rs",
                "172.16.228.158:6443",
                "--rs",
                "172.16.228.159:6443"));
    assertThat(pod.yaml()).isEqualTo(want);
    assertThat(pod.path()).isEqualTo("/etc/kubernetes/manifests/kube-lvscare.yaml");
    assertThat(pod.name()).isEqualTo("kube-lvscare");
  }

  @Test
  void kubeLvscareWithOneMaster() {
    StaticPod pod =
        manifests.kubeLvscare("fdfadf", ip("10.107.2.1"), List.of(ip("172.16.228.157")));
    assertThat(pod.yaml())
        .isEqualTo(
            expected(
                "kube-lvscare",
                "fdfadf",
                List.of(
                    "care",
                    "--vs",
                    "10.107.2.1:6443",
                    "--health-path",
                    "/healthz",
                    "--health-schem",
                    "https",
                    "--rs",
                    "172.16.228.157:6443")));
  }

  @Test
  void regLvscareIsTheSamePodUnderItsOwnName() {
    StaticPod pod =
        manifests.staticPod(
            "reg-lvscare",
            "a1",
            VirtualServer.parse("10.107.2.1:5000", List.of("172.16.228.157:5000")),
            HealthCheck.Scheme.HTTPS,
            "/healthz");
    assertThat(pod.yaml())
        .isEqualTo(
            expected(
                "reg-lvscare",
                "a1",
                List.of(
                    "care",
                    "--vs",
                    "10.107.2.1:5000",
                    "--health-path",
                    "/healthz",
                    "--health-schem",
                    "https",
                    "--rs",
                    "172.16.228.157:5000")));
    assertThat(pod.path()).isEqualTo("/etc/kubernetes/manifests/reg-lvscare.yaml");
  }

  @Test
  void registryVariantProbesSlashWithHttpsOrHttpWhenInsecure() {
    List<InetAddress> hosts = List.of(ip("192.168.0.3"), ip("192.168.0.2"));
    String image = LvscareManifests.image("sea.hub:5000");
    assertThat(image).isEqualTo("sea.hub:5000/sealerio/lvscare:v1.1.3-beta.8");
    List<String> secure =
        args(manifests.regLvscare(image, ip("10.103.97.2"), 5000, hosts, false).yaml());
    assertThat(secure)
        .containsExactly(
            "care",
            "--vs",
            "10.103.97.2:5000",
            "--health-path",
            "/",
            "--health-schem",
            "https",
            "--rs",
            "192.168.0.2:5000",
            "--rs",
            "192.168.0.3:5000");
    List<String> insecure =
        args(manifests.regLvscare(image, ip("10.103.97.2"), 5000, hosts, true).yaml());
    assertThat(insecure.get(6)).isEqualTo("http");
  }

  @Test
  void mastersAreSortedByTheirIpAsText() {
    // As text "10.0.0.10" sorts before "10.0.0.9": Sealer's order, not numeric order.
    StaticPod pod =
        manifests.kubeLvscare(
            "img",
            ip("10.103.97.2"),
            List.of(ip("10.0.0.9"), ip("10.0.0.10"), ip("10.0.0.2"), ip("10.0.0.9")));
    assertThat(args(pod.yaml()).subList(7, 13))
        .containsExactly(
            "--rs", "10.0.0.10:6443", "--rs", "10.0.0.2:6443", "--rs", "10.0.0.9:6443");
  }

  @Test
  void structureIsAPrivilegedHostNetworkPodInKubeSystem() {
    StaticPod pod =
        manifests.kubeLvscare(
            LvscareManifests.image("sea.hub:5000"),
            ip("10.103.97.2"),
            List.of(ip("192.168.0.2"), ip("192.168.0.3")));
    Map<String, Object> doc = load(pod.yaml());
    assertThat(doc).containsEntry("apiVersion", "v1").containsEntry("kind", "Pod");
    assertThat(doc.get("metadata"))
        .isEqualTo(
            mapOf("creationTimestamp", null, "name", "kube-lvscare", "namespace", "kube-system"));
    Map<?, ?> spec = (Map<?, ?>) doc.get("spec");
    assertThat(spec.get("hostNetwork")).isEqualTo(true);
    Map<?, ?> container = (Map<?, ?>) ((List<?>) spec.get("containers")).get(0);
    assertThat(container.get("name")).isEqualTo("main");
    assertThat(container.get("image")).isEqualTo("sea.hub:5000/sealerio/lvscare:v1.1.3-beta.8");
    assertThat(container.get("imagePullPolicy")).isEqualTo("IfNotPresent");
    assertThat(container.get("command")).isEqualTo(List.of("/usr/bin/lvscare"));
    assertThat(container.get("securityContext")).isEqualTo(Map.of("privileged", true));
    assertThat(container.get("resources")).isEqualTo(Map.of());
    assertThat(container.get("volumeMounts"))
        .isEqualTo(
            List.of(Map.of("mountPath", "/lib/modules", "name", "lib-modules", "readOnly", true)));
    assertThat(spec.get("volumes"))
        .isEqualTo(
            List.of(
                Map.of(
                    "name",
                    "lib-modules",
                    "hostPath",
                    Map.of("path", "/lib/modules", "type", ""))));
    assertThat(doc.get("status")).isEqualTo(Map.of());
  }

  @Test
  void scalarsThatYamlWouldReadDifferentlyAreQuoted() {
    assertThat(LvscareManifests.scalar("10.0.0.1:6443")).isEqualTo("10.0.0.1:6443");
    assertThat(LvscareManifests.scalar("--rs")).isEqualTo("--rs");
    assertThat(LvscareManifests.scalar("/")).isEqualTo("/");
    assertThat(LvscareManifests.scalar("[fd00::1]:6443")).isEqualTo("'[fd00::1]:6443'");
    assertThat(LvscareManifests.scalar("true")).isEqualTo("'true'");
    assertThat(LvscareManifests.scalar("1.5")).isEqualTo("'1.5'");
    assertThat(LvscareManifests.scalar("a: b")).isEqualTo("'a: b'");
    assertThat(LvscareManifests.scalar("it's")).isEqualTo("'it''s'");
    // Whatever is quoted or not, it reads back as the same string.
    StaticPod pod =
        manifests.kubeLvscare(
            "reg.example:5000/it's:true", ip("fd00::2"), List.of(ip("fd00::10"), ip("fd00::9")));
    Map<?, ?> container =
        (Map<?, ?>) ((List<?>) ((Map<?, ?>) load(pod.yaml()).get("spec")).get("containers")).get(0);
    assertThat(container.get("image")).isEqualTo("reg.example:5000/it's:true");
    assertThat(args(pod.yaml()))
        .containsSubsequence("--vs", "[fd00::2]:6443", "--rs", "[fd00::10]:6443");
  }

  @Test
  void aPodWithoutRealServersIsRefused() {
    assertThatThrownBy(() -> manifests.kubeLvscare("img", ip("10.103.97.2"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kube-lvscare");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String yaml) {
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
  }

  @SuppressWarnings("unchecked")
  private static List<String> args(String yaml) {
    Map<?, ?> spec = (Map<?, ?>) load(yaml).get("spec");
    return (List<String>) ((Map<?, ?>) ((List<?>) spec.get("containers")).get(0)).get("args");
  }

  private static Map<String, Object> mapOf(Object... kv) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      map.put((String) kv[i], kv[i + 1]);
    }
    return map;
  }
}
