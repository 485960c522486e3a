package io.sealer.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.ParseException;
import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.Env;
import io.sealer.api.cluster.Host;
import io.sealer.api.cluster.LocalRegistry;
import io.sealer.api.cluster.Taint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec §4 (Clusterfile) and the pkg/clusterfile cases of §9.3. */
class ClusterfileCodecTest {
  private final ClusterfileCodec codec = Parsers.clusterfiles();

  static String example() throws IOException {
    try (InputStream in =
        ClusterfileCodecTest.class.getResourceAsStream("Clusterfile-example.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static final String MINIMAL =
      "apiVersion: sealer.io/v2\nkind: Cluster\nmetadata:\n  name: c\nspec:\n"
          + "  image: kubernetes:v1.22.15\n  hosts:\n  - ips: [192.168.0.2]\n    roles: [master]\n";

  private Clusterfile read(String text) {
    return codec.read("Clusterfile", text);
  }

  private void refused(String text, String message) {
    assertThatThrownBy(() -> read(text)).isInstanceOf(ParseException.class).hasMessage(message);
  }

  @Test
  void testDecodeClusterFileSpecExample() throws IOException {
    Clusterfile cf = read(example());
    Cluster c = cf.cluster();
    assertThat(c.name()).isEqualTo("prod-cluster");
    assertThat(c.image()).isEqualTo("registry.example.com/acme/k8s-with-mysql:v1");
    assertThat(c.masters()).containsExactly("192.168.0.2", "192.168.0.3", "192.168.0.4");
    assertThat(c.nodes()).containsExactly("192.168.0.5", "192.168.0.6");
    assertThat(c.master0()).isEqualTo("192.168.0.2");
    assertThat(c.sshFor("192.168.0.3").passwd()).isEqualTo("OtherSecret");
    assertThat(c.sshFor("192.168.0.3").port()).isEqualTo("2222");
    assertThat(c.sshFor("192.168.0.3").pk()).isEqualTo("/root/.ssh/id_rsa");
    assertThat(c.sshFor("192.168.0.5").port()).isEqualTo("22");
    assertThat(c.hosts().get(1).taints())
        .containsExactly(new Taint("dedicated", "db", "NoSchedule", false));
    assertThat(c.hosts().get(1).labels()).isEqualTo(Map.of("disktype", "ssd"));
    assertThat(c.containerRuntime()).isEqualTo("docker");
    assertThat(c.hostAliases().get(0).hostnames())
        .containsExactly("nfs.internal", "backup.internal");
    LocalRegistry local = c.registry().local();
    assertThat(local.url()).isEqualTo("sea.hub:5000");
    assertThat(local.username()).isEqualTo("admin");
    assertThat(local.certIps()).containsExactly("192.168.0.2");
    assertThat(cf.application().launchApps()).containsExactly("calico", "mysql");
    assertThat(cf.application().configs().get(0).launchCmds()).hasSize(1);
    assertThat(cf.application().configs().get(0).files().get(0).data()).startsWith("primary:\n");
    assertThat(cf.configs()).hasSize(1);
    assertThat(cf.configs().get(0).path()).isEqualTo("etc/redis.yaml");
    assertThat(cf.plugins())
        .extracting(p -> p.name())
        .containsExactly("00-disable-swap", "10-check-nodes");
    assertThat(cf.plugins().get(0).data()).doesNotEndWith("\n");
    assertThat(cf.kubeadm())
        .extracting(k -> k.kind())
        .containsExactly("ClusterConfiguration", "KubeProxyConfiguration");
    assertThat(cf.kubeadm().get(0).content().get("networking"))
        .isEqualTo(Map.of("podSubnet", "100.64.0.0/10", "serviceSubnet", "10.96.0.0/16"));
    Env env = c.clusterEnv();
    assertThat(env.get("KubeSvcIP")).isEqualTo("10.96.0.1");
    assertThat(env.get("DNSSvcIP")).isEqualTo("10.96.0.10");
    assertThat(env.get("ContainerRuntime")).isEqualTo("docker");
  }

  @Test
  void defaultsAndDerivedRegistryEnv() {
    Cluster c = read(MINIMAL).cluster();
    assertThat(c.dataRoot()).isEqualTo("/var/lib/sealer/data");
    assertThat(c.registry().local()).isEqualTo(LocalRegistry.DEFAULT);
    assertThat(c.registry().external()).isNull();
    assertThat(c.ssh().user()).isEqualTo("root");
    assertThat(c.ssh().port()).isEqualTo("22");
    assertThat(c.clusterEnv().values())
        .containsEntry("LocalRegistryDomain", "sea.hub")
        .containsEntry("LocalRegistryPort", "5000")
        .containsEntry("LocalRegistryURL", "sea.hub:5000")
        .containsEntry("RegistryDomain", "sea.hub")
        .containsEntry("RegistryPort", "5000")
        .containsEntry("RegistryURL", "sea.hub:5000");
  }

  @Test
  void reservedEnvIsRederivedAndExternalRegistryWins() {
    Cluster c =
        read(MINIMAL
                + "  env: [RegistryURL=evil:1, A=1, A=2]\n"
                + "  registry:\n    externalRegistry: {domain: harbor.example.com, port: 443}\n")
            .cluster();
    assertThat(c.registry().local()).isNull();
    assertThat(c.clusterEnv().get("RegistryURL")).isEqualTo("harbor.example.com:443");
    assertThat(c.clusterEnv().get("A")).isEqualTo("2");
    refused(
        MINIMAL + "  registry:\n    externalRegistry: {port: 443}\n",
        "Clusterfile:11:23: spec.registry.externalRegistry needs a domain");
  }

  @Test
  void envPrecedenceHostOverClusterOverImage() {
    Cluster c =
        read("kind: Cluster\nspec:\n  image: x\n  env: [A=cluster, B=cluster]\n  hosts:\n"
                + "  - ips: [10.0.0.1]\n    roles: [master]\n    env: [A=host]\n")
            .cluster();
    Env env = c.envFor("10.0.0.1", Env.of(Map.of("A", "image", "B", "image", "C", "image")));
    assertThat(env.get("A")).isEqualTo("host");
    assertThat(env.get("B")).isEqualTo("cluster");
    assertThat(env.get("C")).isEqualTo("image");
    assertThat(env.get("HostIP")).isEqualTo("10.0.0.1");
    assertThat(c.name()).isEqualTo("my-cluster");
  }

  @Test
  void wrapperShellFormat() {
    assertThat(Env.of(Map.of("foo", "bar", "IP", "127.0.0.1")).wrap("hostname"))
        .isEqualTo("export IP=\"127.0.0.1\"; export foo=\"bar\"; hostname");
    assertThat(Env.of(Map.of("Q", "a\"b")).wrap("x")).isEqualTo("export Q=\"a\\\"b\"; x");
  }

  @Test
  void invalidIpIsNamedWithItsLine() {
    refused(
        "kind: Cluster\nspec:\n  image: x\n  hosts:\n  - ips:\n    - 10.0.0.1\n    - 10.0.0.345\n"
            + "    roles: [master]\n",
        "Clusterfile:7:7: invalid IP 10.0.0.345 in spec.hosts[0].ips");
  }

  @Test
  void ipRangesInHosts() {
    Cluster c =
        read("kind: Cluster\nspec:\n  image: x\n  hosts:\n  - ips: [10.0.0.1-10.0.0.3, '10.0.0.9,10.0.0.10']\n"
                + "    roles: [master]\n")
            .cluster();
    assertThat(c.masters())
        .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.9", "10.0.0.10");
  }

  @Test
  void clusterChecks() {
    refused(
        "kind: Cluster\nspec:\n  image: x\n  hosts:\n  - ips: [10.0.0.1]\n    roles: [node]\n",
        "Clusterfile:5:3: the cluster has no master: give at least one host in spec.hosts the role master");
    refused(
        "kind: Cluster\nspec:\n  image: x\n  hosts:\n  - ips: [10.0.0.1]\n    roles: [master]\n"
            + "  - ips: [10.0.0.1]\n    roles: [node]\n",
        "Clusterfile:7:5: IP 10.0.0.1 is given twice, in spec.hosts[0].ips and spec.hosts[1].ips");
    refused(
        "kind: Cluster\nspec:\n  image: x\n  hosts:\n  - ips: [10.0.0.1, 'fd00::1']\n    roles: [master]\n",
        "Clusterfile:5:5: IP fd00::1 in spec.hosts[0].ips is not of the same IP family as the other hosts");
    refused("kind: Config\nspec: {path: a}\n", "Clusterfile:2:7: Config  needs spec.data");
    refused(
        "kind: Plugin\nmetadata: {name: p}\nspec: {type: GO, action: pre-install}\n",
        "Clusterfile:3:14: plugin type 'GO' of p is not supported: only SHELL");
    refused(
        "apiVersion: v1\nkind: Config\nspec: {data: a}\n",
        "Clusterfile:3:7: Config  needs spec.path");
    refused(
        MINIMAL.replace("roles: [master]", "roles: [master]\n    taints: [a=b:Sometimes]"),
        "Clusterfile:10:14: invalid taint 'a=b:Sometimes': effect must be NoSchedule, PreferNoSchedule or NoExecute in spec.hosts[0].taints[0]");
    refused(
        MINIMAL + "  ssh: {port: 70000}\n",
        "Clusterfile:10:15: invalid port '70000' in spec.ssh.port: expected 1-65535");
    refused(
        MINIMAL + "  env: [NOVALUE]\n",
        "Clusterfile:10:9: invalid env 'NOVALUE' in spec.env[0]: expected KEY=VALUE");
    refused(
        MINIMAL + "  env: [SvcCIDR=10.96.0.0/99]\n",
        "Clusterfile:10:8: invalid SvcCIDR '10.96.0.0/99' in spec.env");
    refused(
        "kind: Application\nspec:\n  configs:\n  - env: [a=b]\n",
        "Clusterfile:4:5: spec.configs[0] needs a name (the app it configures)");
    refused(
        "kind: Application\nspec:\n  configs:\n  - name: a\n    launch: {}\n",
        "Clusterfile:5:13: spec.configs[0].launch needs cmds");
    refused(
        "kind: Application\nspec:\n  configs:\n  - name: a\n    files: [{path: x}]\n",
        "Clusterfile:5:13: spec.configs[0].files[0] needs both path and data");
    refused("kind: Config\n", "Clusterfile:1:1: kind Config needs a spec");
    refused("kind: Plugin\nspec: [a]\n", "Clusterfile:2:7: spec must be a mapping");
    refused("", "Clusterfile: no kind: Cluster document");
    refused(
        "a: [\n",
        "Clusterfile:2:1: invalid YAML: while parsing a flow node, expected the node content, but found '<stream end>'");
    refused("- a\n", "Clusterfile:1:1: document 1 is not a YAML mapping");
  }

  @Test
  void unknownKindsAndEmptyDocumentsAreSkippedLastClusterWins() {
    Clusterfile cf =
        read(
            "---\n---\nkind: Secret\nfoo: bar\n---\n"
                + MINIMAL
                + "---\n"
                + MINIMAL.replace("name: c", "name: d"));
    assertThat(cf.cluster().name()).isEqualTo("d");
  }

  @Test
  void v1ClusterBecomesHostGroups() {
    Cluster c =
        read("apiVersion: sealer.aliyun.com/v1alpha1\nkind: Cluster\nmetadata: {name: old}\nspec:\n"
                + "  image: k8s:v1.19.8\n  provider: BAREMETAL\n  network: {podCIDR: 100.64.0.0/10, svcCIDR: 10.96.0.0/22}\n"
                + "  certSANS: [a.example.com, 1.2.3.4]\n"
                + "  masters: {ipList: [172.16.0.1, 172.16.0.2]}\n  nodes: {ipList: [172.16.0.3]}\n")
            .cluster();
    assertThat(c.masters()).containsExactly("172.16.0.1", "172.16.0.2");
    assertThat(c.nodes()).containsExactly("172.16.0.3");
    assertThat(c.env())
        .contains(
            "PodCIDR=100.64.0.0/10", "SvcCIDR=10.96.0.0/22", "CertSANs=a.example.com,1.2.3.4");
  }

  @Test
  void customRolesAreNotJoinedAsNodes() {
    Cluster c = read(MINIMAL + "  - ips: [192.168.0.9]\n    roles: [db]\n").cluster();
    assertThat(c.nodes()).isEmpty();
    assertThat(c.allIps()).containsExactly("192.168.0.2", "192.168.0.9");
    assertThat(c.hosts().get(1).hasRole(Host.NODE)).isFalse();
  }

  @Test
  void writeThenReadGivesTheSameModel() throws IOException {
    for (String text : List.of(example(), MINIMAL)) {
      Clusterfile first = read(text);
      String written = codec.write(first);
      Clusterfile second = read(written);
      assertThat(second).isEqualTo(first);
      assertThat(codec.write(second)).isEqualTo(written);
    }
  }

  @Test
  void passwordsNeverInToString() throws IOException {
    Clusterfile cf = read(example());
    assertThat(cf.toString())
        .doesNotContain("Secret123")
        .doesNotContain("OtherSecret")
        .doesNotContain("passw0rd");
  }

  @Test
  void aliasBombIsRefused() {
    StringBuilder sb =
        new StringBuilder("kind: KubeletConfiguration\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 9; i++) {
      sb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        sb.append(j > 0 ? ", " : "").append("*a").append(i - 1);
      }
      sb.append("]\n");
    }
    assertThatThrownBy(() -> read(sb.toString())).isInstanceOf(ParseException.class);
  }
}
