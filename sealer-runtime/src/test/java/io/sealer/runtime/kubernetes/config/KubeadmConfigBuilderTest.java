package io.sealer.runtime.kubernetes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.ParseException;
import io.sealer.api.SealerException;
import io.sealer.api.cluster.KubeadmDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The precedence cases of spec §4.7, each a test named after the rule it checks. */
class KubeadmConfigBuilderTest {
  @TempDir Path rootfs;

  private static final List<String> MASTERS = List.of("10.0.0.2", "10.0.0.3", "10.0.0.4");

  @Test
  void clusterfileValueWinsOverImageKubeadmYmlAndDefault() throws Exception {
    image(
        """
        apiVersion: kubeadm.k8s.io/v1beta3
        kind: ClusterConfiguration
        kubernetesVersion: v1.22.15
        networking:
          podSubnet: 172.16.0.0/16
        """);
    KubeadmConfig config =
        builder(
                """
                kind: ClusterConfiguration
                networking:
                  podSubnet: 192.168.0.0/16
                """)
            .imageRootfs(rootfs)
            .build();
    assertThat(at(config, "ClusterConfiguration", "networking", "podSubnet"))
        .isEqualTo("192.168.0.0/16");
    assertThat(at(config, "ClusterConfiguration", "kubernetesVersion")).isEqualTo("v1.22.15");
  }

  @Test
  void imageKubeadmYmlWinsOverBuiltInDefault() throws Exception {
    image(
        """
        kind: ClusterConfiguration
        kubernetesVersion: v1.22.15
        networking:
          serviceSubnet: 10.200.0.0/16
        """);
    KubeadmConfig config = new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build();
    assertThat(at(config, "ClusterConfiguration", "networking", "serviceSubnet"))
        .isEqualTo("10.200.0.0/16");
    assertThat(at(config, "ClusterConfiguration", "networking", "podSubnet"))
        .as("filled from the built-in default")
        .isEqualTo("100.64.0.0/10");
    assertThat(config.kubernetesVersion()).isEqualTo("v1.22.15");
  }

  @Test
  void builtInDefaultFillsWhatNobodySet() {
    KubeadmConfig config = new KubeadmConfigBuilder(MASTERS).build();
    assertThat(config.kubernetesVersion()).isEqualTo("v1.19.8");
    assertThat(at(config, "KubeletConfiguration", "maxPods")).isEqualTo(110);
    assertThat(at(config, "KubeProxyConfiguration", "mode")).isEqualTo("ipvs");
    assertThat(at(config, "JoinConfiguration", "caCertPath"))
        .isEqualTo("/etc/kubernetes/pki/ca.crt");
    assertThat(at(config, "InitConfiguration", "localAPIEndpoint", "bindPort")).isEqualTo(6443);
  }

  @Test
  void forcedValuesOverwriteTheClusterfile() {
    KubeadmConfig config =
        builder(
                """
                kind: ClusterConfiguration
                controlPlaneEndpoint: 1.2.3.4:9999
                apiServer:
                  extraArgs:
                    etcd-servers: https://9.9.9.9:2379
                ---
                kind: InitConfiguration
                localAPIEndpoint:
                  advertiseAddress: 9.9.9.9
                ---
                kind: KubeletConfiguration
                cgroupDriver: cgroupfs
                """)
            .cgroupDriver("systemd")
            .build();
    assertThat(at(config, "ClusterConfiguration", "controlPlaneEndpoint"))
        .isEqualTo("apiserver.cluster.local:6443");
    assertThat(at(config, "ClusterConfiguration", "apiServer", "extraArgs", "etcd-servers"))
        .isEqualTo("https://10.0.0.2:2379,https://10.0.0.3:2379,https://10.0.0.4:2379");
    assertThat(at(config, "InitConfiguration", "localAPIEndpoint", "advertiseAddress"))
        .isEqualTo("10.0.0.2");
    assertThat(at(config, "KubeletConfiguration", "cgroupDriver")).isEqualTo("systemd");
  }

  @Test
  void forcedValuesOverwriteTheImageKubeadmYml() throws Exception {
    image(
        """
        kind: ClusterConfiguration
        controlPlaneEndpoint: image.example:6443
        """);
    KubeadmConfig config = new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build();
    assertThat(at(config, "ClusterConfiguration", "controlPlaneEndpoint"))
        .isEqualTo("apiserver.cluster.local:6443");
  }

  @Test
  void certSansAreUnionedAcrossEveryLayer() throws Exception {
    image(
        """
        kind: ClusterConfiguration
        apiServer:
          certSANs: [image.example, 127.0.0.1]
        """);
    KubeadmConfig config =
        builder(
                """
                kind: ClusterConfiguration
                apiServer:
                  certSANs: [user.example]
                """)
            .imageRootfs(rootfs)
            .extraCertSans(List.of("env.example"))
            .vip("10.103.97.9")
            .build();
    assertThat(at(config, "ClusterConfiguration", "apiServer", "certSANs"))
        .isEqualTo(
            List.of(
                "user.example",
                "127.0.0.1",
                "apiserver.cluster.local",
                "10.103.97.9",
                "env.example",
                "10.0.0.2",
                "10.0.0.3",
                "10.0.0.4",
                "image.example"));
  }

  @Test
  void extraArgsMergeKeyByKeyWithFirstWriterWinning() {
    KubeadmConfig config =
        builder(
                """
                kind: ClusterConfiguration
                apiServer:
                  extraArgs:
                    audit-log-maxage: "30"
                    v: "4"
                """)
            .build();
    @SuppressWarnings("unchecked")
    Map<String, Object> args =
        (Map<String, Object>) at(config, "ClusterConfiguration", "apiServer", "extraArgs");
    assertThat(args)
        .containsEntry("audit-log-maxage", "30")
        .containsEntry("v", "4")
        .containsEntry("audit-log-maxbackup", "10")
        .containsEntry("enable-aggregator-routing", "true");
  }

  @Test
  void anEmptyClusterfileFieldIsFilledButAnExplicitFalseIsKept() {
    KubeadmConfig config =
        builder(
                """
                kind: KubeletConfiguration
                staticPodPath: ""
                serializeImagePulls: true
                rotateCertificates: false
                """)
            .build();
    assertThat(at(config, "KubeletConfiguration", "staticPodPath"))
        .isEqualTo("/etc/kubernetes/manifests");
    assertThat(at(config, "KubeletConfiguration", "serializeImagePulls")).isEqualTo(true);
    assertThat(at(config, "KubeletConfiguration", "rotateCertificates")).isEqualTo(false);
  }

  @Test
  void listsSetByTheClusterfileAreKeptWhole() {
    KubeadmConfig config =
        builder(
                """
                kind: KubeletConfiguration
                enforceNodeAllocatable: [pods, kube-reserved]
                """)
            .build();
    assertThat(at(config, "KubeletConfiguration", "enforceNodeAllocatable"))
        .isEqualTo(List.of("pods", "kube-reserved"));
  }

  @Test
  void excludeCidrsGetTheVipAddedToWhatIsThere() {
    KubeadmConfig config =
        builder(
                """
                kind: KubeProxyConfiguration
                ipvs:
                  excludeCIDRs: [10.10.0.0/16]
                """)
            .vip("10.103.97.7")
            .build();
    assertThat(at(config, "KubeProxyConfiguration", "ipvs", "excludeCIDRs"))
        .isEqualTo(List.of("10.10.0.0/16", "10.103.97.7/32"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void ipv6MastersAndVipAreBracketedAndUseSlash128() {
    KubeadmConfig config = new KubeadmConfigBuilder(List.of("fd00::2")).vip("fd00::aa").build();
    assertThat(at(config, "ClusterConfiguration", "apiServer", "extraArgs", "etcd-servers"))
        .isEqualTo("https://[fd00::2]:2379");
    assertThat((List<Object>) at(config, "KubeProxyConfiguration", "ipvs", "excludeCIDRs"))
        .contains("fd00::aa/128");
  }

  @Test
  void laterClusterfileDocumentOfTheSameKindOnlyFills() {
    KubeadmConfig config =
        builder(
                """
                kind: ClusterConfiguration
                kubernetesVersion: v1.22.15
                ---
                kind: ClusterConfiguration
                kubernetesVersion: v1.25.0
                clusterName: second
                """)
            .build();
    assertThat(config.kubernetesVersion()).isEqualTo("v1.22.15");
    assertThat(at(config, "ClusterConfiguration", "clusterName")).isEqualTo("second");
  }

  @Test
  void dnsDomainImageRepositoryAndCorednsRepositoryGetDefaults() {
    KubeadmConfig config = new KubeadmConfigBuilder(MASTERS).registryUrl("reg.local:5000").build();
    assertThat(at(config, "ClusterConfiguration", "networking", "dnsDomain"))
        .isEqualTo("cluster.local");
    assertThat(at(config, "ClusterConfiguration", "imageRepository")).isEqualTo("reg.local:5000");
    assertThat(at(config, "ClusterConfiguration", "dns", "imageRepository"))
        .isEqualTo("reg.local:5000/coredns");
  }

  @Test
  void corednsRepositoryFollowsAUserImageRepository() {
    KubeadmConfig config =
        builder(
                """
                kind: ClusterConfiguration
                imageRepository: mirror.example/k8s
                """)
            .build();
    assertThat(at(config, "ClusterConfiguration", "dns", "imageRepository"))
        .isEqualTo("mirror.example/k8s/coredns");
  }

  @Test
  void criSocketFromTheHostOverridesEveryLayer() {
    KubeadmConfig config =
        builder(
                """
                kind: InitConfiguration
                nodeRegistration:
                  criSocket: /user.sock
                """)
            .criSocket("unix:///run/containerd/containerd.sock")
            .build();
    assertThat(at(config, "InitConfiguration", "nodeRegistration", "criSocket"))
        .isEqualTo("unix:///run/containerd/containerd.sock");
    assertThat(at(config, "JoinConfiguration", "nodeRegistration", "criSocket"))
        .isEqualTo("unix:///run/containerd/containerd.sock");
  }

  @Test
  void initYamlHoldsFourDocumentsWithTheChosenApiVersionsAndParsesBack() {
    KubeadmConfig config =
        builder(
                """
                apiVersion: kubeadm.k8s.io/v1beta2
                kind: ClusterConfiguration
                kubernetesVersion: v1.22.15
                """)
            .build();
    List<Object> docs = new ArrayList<>();
    new Load(LoadSettings.builder().build())
        .loadAllFromString(config.initYaml())
        .forEach(docs::add);
    assertThat(docs)
        .extracting(d -> (Object) ((Map<?, ?>) d).get("kind"))
        .containsExactly(
            "InitConfiguration",
            "ClusterConfiguration",
            "KubeProxyConfiguration",
            "KubeletConfiguration");
    assertThat(docs)
        .extracting(d -> (Object) ((Map<?, ?>) d).get("apiVersion"))
        .containsExactly(
            "kubeadm.k8s.io/v1beta2",
            "kubeadm.k8s.io/v1beta2",
            "kubeproxy.config.k8s.io/v1alpha1",
            "kubelet.config.k8s.io/v1beta1");
    Map<?, ?> cluster = (Map<?, ?>) docs.get(1);
    assertThat(
            ((Map<?, ?>) ((Map<?, ?>) cluster.get("apiServer")).get("extraArgs"))
                .get("audit-log-maxbackup"))
        .as("string values that look like numbers stay strings")
        .isEqualTo("10");
    assertThat(config.initYaml()).startsWith("---\napiVersion: kubeadm.k8s.io/v1beta2\n");
  }

  @Test
  @SuppressWarnings("unchecked")
  void v1beta4WritesArgumentsAsNameValueListsAndMovesTimeouts() {
    KubeadmConfig config =
        builder(
                """
                kind: ClusterConfiguration
                kubernetesVersion: v1.31.2
                apiServer:
                  timeoutForControlPlane: 4m0s
                ---
                kind: InitConfiguration
                nodeRegistration:
                  kubeletExtraArgs:
                    node-ip: 10.0.0.2
                """)
            .build();
    assertThat(config.apiVersion()).isEqualTo("kubeadm.k8s.io/v1beta4");
    assertThat((List<Object>) at(config, "ClusterConfiguration", "apiServer", "extraArgs"))
        .contains(
            Map.of(
                "name",
                "etcd-servers",
                "value",
                "https://10.0.0.2:2379,https://10.0.0.3:2379,https://10.0.0.4:2379"));
    assertThat(at(config, "InitConfiguration", "nodeRegistration", "kubeletExtraArgs"))
        .isEqualTo(List.of(Map.of("name", "node-ip", "value", "10.0.0.2")));
    assertThat(at(config, "InitConfiguration", "timeouts", "controlPlaneComponentHealthCheck"))
        .isEqualTo("4m0s");
    assertThat(at(config, "JoinConfiguration", "timeouts", "discovery")).isEqualTo("5m0s");
    assertThat(config.document("JoinConfiguration").orElseThrow().get("discovery"))
        .isEqualTo(Map.of());
  }

  @Test
  void v1beta4ListArgumentsFromTheClusterfileMergeWithMapDefaultsForAnOlderVersion() {
    KubeadmConfig config =
        builder(
                """
                kind: ClusterConfiguration
                kubernetesVersion: v1.22.15
                apiServer:
                  extraArgs:
                    - name: audit-log-maxage
                      value: "30"
                """)
            .build();
    @SuppressWarnings("unchecked")
    Map<String, Object> args =
        (Map<String, Object>) at(config, "ClusterConfiguration", "apiServer", "extraArgs");
    assertThat(args)
        .containsEntry("audit-log-maxage", "30")
        .containsEntry("audit-log-maxbackup", "10");
  }

  @Test
  void theConfigIsImmutable() {
    KubeadmConfig config = new KubeadmConfigBuilder(MASTERS).build();
    Map<String, @Nullable Object> init = config.document("InitConfiguration").orElseThrow();
    assertThatThrownBy(() -> init.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  // hostile input

  @Test
  void anImageDocumentThatIsNotAMappingIsRefusedNamingTheFile() throws Exception {
    image("kind: ClusterConfiguration\n---\n- just\n- a list\n");
    assertThatThrownBy(() -> new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build())
        .isInstanceOf(ParseException.class)
        .hasMessage("etc/kubeadm.yml: document 2 is not a mapping but a list");
  }

  @Test
  void aScalarDocumentIsRefused() throws Exception {
    image("just text\n");
    assertThatThrownBy(() -> new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build())
        .hasMessage("etc/kubeadm.yml: document 1 is not a mapping but a scalar");
  }

  @Test
  void aDocumentWithoutKindIsRefused() throws Exception {
    image("apiVersion: kubeadm.k8s.io/v1beta3\nnetworking: {}\n");
    assertThatThrownBy(() -> new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build())
        .hasMessage("etc/kubeadm.yml: document 1 has no kind");
  }

  @Test
  void unknownKindsAndEmptyDocumentsAreIgnoredAsSpec41Says() throws Exception {
    image(
        """
        kind: Secret
        metadata: {name: x}
        ---
        ---
        kind: ClusterConfiguration
        clusterName: from-image
        """);
    KubeadmConfig config = new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build();
    assertThat(config.documents()).doesNotContainKey("Secret");
    assertThat(at(config, "ClusterConfiguration", "clusterName")).isEqualTo("from-image");
  }

  @Test
  void brokenYamlDuplicateKeysAndAliasBombsAreRefused() throws Exception {
    image("kind: ClusterConfiguration\nnetworking: [unclosed\n");
    assertThatThrownBy(() -> new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build())
        .isInstanceOf(ParseException.class)
        .hasMessageMatching("etc/kubeadm\\.yml(:\\d+)?: not valid YAML: [^\\n]*");
    image("kind: ClusterConfiguration\nclusterName: a\nclusterName: b\n");
    assertThatThrownBy(() -> new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build())
        .hasMessageMatching("etc/kubeadm\\.yml(:\\d+)?: not valid YAML: [^\\n]*");
    StringBuilder bomb = new StringBuilder("kind: ClusterConfiguration\na0: &a0 [x, x]\n");
    for (int i = 1; i < 30; i++) {
      bomb.append("a")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [*a")
          .append(i - 1)
          .append(", *a")
          .append(i - 1)
          .append("]\n");
    }
    image(bomb.toString());
    assertThatThrownBy(() -> new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build())
        .hasMessageMatching("etc/kubeadm\\.yml(:\\d+)?: not valid YAML: [^\\n]*");
  }

  @Test
  void aYamlErrorNamesTheLine() throws Exception {
    image("kind: ClusterConfiguration\nnetworking:\n  podSubnet: [a\n  x: : y\n");
    assertThatThrownBy(() -> new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build())
        .isInstanceOf(ParseException.class)
        .satisfies(e -> assertThat(((ParseException) e).line()).isGreaterThan(1))
        .hasMessageNotContaining("\n");
  }

  @Test
  void aKubeadmYmlThatIsNotUtf8IsRefused() throws Exception {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.write(rootfs.resolve("etc/kubeadm.yml"), new byte[] {'k', (byte) 0xff, (byte) 0xfe});
    assertThatThrownBy(() -> new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build())
        .hasMessage("could not read the image's etc/kubeadm.yml: it is not UTF-8 text");
  }

  @Test
  void aClusterfileScalarWhereForcedValuesGoIsRefusedNotOverwritten() {
    assertThatThrownBy(() -> builder("kind: ClusterConfiguration\napiServer: big\n").build())
        .isInstanceOf(SealerException.class)
        .hasMessage(
            "could not build the kubeadm config: ClusterConfiguration apiServer in the Clusterfile"
                + " is not a mapping");
    assertThatThrownBy(
            () ->
                builder("kind: ClusterConfiguration\napiServer:\n  certSANs: one.example\n")
                    .build())
        .hasMessageEndingWith(
            "ClusterConfiguration apiServer.certSANs in the Clusterfile is not a list");
  }

  @Test
  void aSymlinkedKubeadmYmlIsNotFollowed(@TempDir Path outside) throws Exception {
    Files.writeString(outside.resolve("secret.yml"), "kind: ClusterConfiguration\n");
    Files.createDirectories(rootfs.resolve("etc"));
    Files.createSymbolicLink(rootfs.resolve("etc/kubeadm.yml"), outside.resolve("secret.yml"));
    assertThatThrownBy(() -> new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build())
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("symbolic link");
  }

  @Test
  void aKubernetesVersionThatIsNotAVersionIsRefused() {
    assertThatThrownBy(
            () -> builder("kind: ClusterConfiguration\nkubernetesVersion: latest\n").build())
        .isInstanceOf(SealerException.class)
        .hasMessage(
            "could not read kubernetesVersion \"latest\" from the ClusterConfiguration: expected a"
                + " version such as v1.22.15");
  }

  @Test
  void aMissingImageKubeadmYmlIsFine() {
    assertThat(new KubeadmConfigBuilder(MASTERS).imageRootfs(rootfs).build().kubernetesVersion())
        .isEqualTo("v1.19.8");
  }

  @Test
  void noMastersIsAProgrammingError() {
    assertThatThrownBy(() -> new KubeadmConfigBuilder(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void image(String text) throws Exception {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/kubeadm.yml"), text);
  }

  @SuppressWarnings("unchecked")
  private static KubeadmConfigBuilder builder(String clusterfileDocs) {
    List<KubeadmDocument> docs = new ArrayList<>();
    for (Object d : new Load(LoadSettings.builder().build()).loadAllFromString(clusterfileDocs)) {
      Map<String, @Nullable Object> m = (Map<String, @Nullable Object>) d;
      docs.add(new KubeadmDocument((String) m.get("kind"), m));
    }
    return new KubeadmConfigBuilder(MASTERS).clusterfileDocuments(docs);
  }

  private static @Nullable Object at(KubeadmConfig config, String kind, String... path) {
    Object at = config.document(kind).orElseThrow();
    for (String key : path) {
      at = ((Map<?, ?>) at).get(key);
    }
    return at;
  }

  @Test
  @SuppressWarnings("unchecked")
  void joinConfigurationsForAMasterAndAWorker() {
    KubeadmConfig config = new KubeadmConfigBuilder(MASTERS).build();
    String hash = "sha256:" + "a".repeat(64);
    String key = "b".repeat(64);
    List<Object> master = new ArrayList<>();
    new Load(LoadSettings.builder().build())
        .loadAllFromString(
            config.joinYaml(
                "abcdef.0123456789abcdef",
                MASTERS.get(0) + ":6443",
                hash,
                "10.0.0.9",
                key,
                "/run/containerd/containerd.sock"))
        .forEach(master::add);
    assertThat(master).hasSize(2);
    Map<String, Object> join = (Map<String, Object>) master.get(0);
    assertThat(join).containsEntry("kind", "JoinConfiguration");
    assertThat(join.get("apiVersion")).isEqualTo(config.apiVersion());
    Map<String, Object> bootstrap =
        (Map<String, Object>) ((Map<String, Object>) join.get("discovery")).get("bootstrapToken");
    assertThat(bootstrap)
        .containsEntry("token", "abcdef.0123456789abcdef")
        .containsEntry("apiServerEndpoint", MASTERS.get(0) + ":6443")
        .containsEntry("caCertHashes", List.of(hash));
    Map<String, Object> controlPlane = (Map<String, Object>) join.get("controlPlane");
    assertThat(controlPlane).containsEntry("certificateKey", key);
    assertThat((Map<String, Object>) controlPlane.get("localAPIEndpoint"))
        .containsEntry("advertiseAddress", "10.0.0.9")
        .containsEntry("bindPort", 6443);
    assertThat((Map<String, Object>) join.get("nodeRegistration"))
        .containsEntry("criSocket", "/run/containerd/containerd.sock");
    assertThat((Map<String, Object>) master.get(1)).containsEntry("kind", "KubeletConfiguration");

    Object worker =
        new Load(LoadSettings.builder().build())
            .loadAllFromString(
                config.joinYaml(
                    "abcdef.0123456789abcdef", "10.103.97.2:6443", hash, null, null, null))
            .iterator()
            .next();
    assertThat((Map<String, Object>) worker).doesNotContainKey("controlPlane");
    // the merged defaults stay (caCertPath, discovery timeout)
    assertThat((Map<String, Object>) worker)
        .containsEntry("caCertPath", "/etc/kubernetes/pki/ca.crt");
  }
}
