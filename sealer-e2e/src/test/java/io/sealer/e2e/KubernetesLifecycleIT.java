package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sealer upgrade} and {@code sealer rollback} end to end with the packaged CLI, on a running
 * 1 master + 1 worker cluster of the fixture ClusterImage (whose kubeadm, kubelet, kubectl and API
 * server are TEST DOUBLES, see docs/verification.md) on real sshd hosts made by the {@code local}
 * provider. The v2 fixture image (FROM the fixture, plus marker hooks) is sent to both hosts and
 * its hooks run over SSH; an image of the wrong type is refused. Root only; names {@code k8ulc*},
 * 10.249.16.0/24.
 */
class KubernetesLifecycleIT {
  private static final String ENV = "k8ulc";
  private static final List<String> IPS = List.of("10.249.16.11", "10.249.16.12");
  private static final Path FIXTURE =
      Path.of("src/test/resources/fixture-k8s-image").toAbsolutePath();
  private static final Path FIXTURE_V2 =
      Path.of("src/test/resources/fixture-k8s-image-v2").toAbsolutePath();

  /** Lets the fixture's init-kube.sh replace /usr/bin/kubectl in the hosts' overlay roots. */
  private static final String DOUBLES = "KUBE_DOUBLE_REPLACE=yes";

  private static CliHosts hosts;
  private static Path work;
  private static Path root;
  private static Path home;
  private static SealerProcess sealer;
  private static String password;

  @BeforeAll
  static void hostsAndImages() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs Debian's python3");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-registry")), "needs docker-registry");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "needs nftables");
    hosts = CliHosts.up("k8s-lc", ENV, IPS, "10.249.16.0/24");
    work = hosts.work();
    root = hosts.root();
    home = hosts.home();
    sealer = hosts.sealer();
    password = hosts.password();
    for (String[] build :
        List.of(
            new String[] {"build", "-t", "k8s-lc:v1", FIXTURE.toString()},
            new String[] {"build", "--pull", "never", "-t", "k8s-lc:v2", FIXTURE_V2.toString()})) {
      SealerProcess.Result built = run(build);
      assertThat(built.exitCode()).as(built.err()).isZero();
    }
    Path app = work.resolve("app");
    Files.createDirectories(app);
    Files.writeString(app.resolve("readme.txt"), "an app-installer image\n");
    Files.writeString(app.resolve("Kubefile"), "FROM scratch\nCOPY readme.txt .\n");
    SealerProcess.Result built =
        run("build", "--type", "app-installer", "-t", "k8s-lc-app:v1", app.toString());
    assertThat(built.exitCode()).as(built.err()).isZero();
  }

  @AfterAll
  static void down() throws Exception {
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void upgradeAndRollbackRunTheNewImagesHooksAndRecordIt() throws Exception {
    // the local registry with a user (htpasswd) and TLS (a certificate sealer makes)
    String registryPassword = "Reg-" + java.util.UUID.randomUUID();
    Path clusterfile = work.resolve("Clusterfile");
    Files.writeString(
        clusterfile,
        """
        apiVersion: sealer.io/v2
        kind: Cluster
        metadata:
          name: my-cluster
        spec:
          image: k8s-lc:v1
          ssh:
            passwd: "%s"
          hosts:
            - ips: [%s]
              roles: [master]
            - ips: [%s]
              roles: [node]
          registry:
            localRegistry:
              domain: sea.hub
              port: 5000
              username: lcuser
              password: %s
              cert:
                subjectAltName:
                  dnsNames: [registry.k8ulc.test]
        """
            .formatted(password, IPS.get(0), IPS.get(1), registryPassword));
    SealerProcess.Result ran = run("run", "-f", clusterfile.toString(), "-e", DOUBLES);
    assertThat(ran.exitCode()).as(ran.err()).isZero();
    assertThat(ran.err() + ran.out()).doesNotContain(registryPassword).doesNotContain(password);
    Path recorded = home.resolve(".sealer/my-cluster/Clusterfile");
    assertThat(Files.readString(recorded)).contains("k8s-lc:v1");
    assertThat(
            onHost(IPS.get(0), "kubectl -n kube-system get configmap sealer-clusterfile -o yaml"))
        .contains("lcuser")
        .doesNotContain(registryPassword);
    String ca = "/etc/containerd/certs.d/sea.hub:5000/sea.hub.crt";
    String rootfs = "/var/lib/sealer/data/my-cluster/rootfs";
    assertThat(
            onHost(
                IPS.get(0),
                "openssl x509 -noout -subject -ext subjectAltName,basicConstraints -in "
                    + rootfs
                    + "/certs/sea.hub.crt"))
        .contains("CN = registry-ca")
        .contains("DNS:sea.hub")
        .contains("DNS:registry.k8ulc.test")
        .contains("CA:TRUE");
    assertThat(onHost(IPS.get(0), "cut -c1-11 " + rootfs + "/etc/registry_htpasswd"))
        .isEqualTo("lcuser:$2y$");
    String caSum = onHost(IPS.get(0), "sha256sum < " + rootfs + "/certs/sea.hub.crt");
    for (String ip : IPS) {
      assertThat(onHost(ip, "sha256sum < " + ca)).as(ip).isEqualTo(caSum);
      assertThat(onHost(ip, "cat /etc/containerd/certs.d/sea.hub:5000/hosts.toml"))
          .as(ip)
          .contains("server = \"https://sea.hub:5000\"")
          .contains("ca = \"" + ca + "\"");
      // TLS verified with the CA (master0 directly, the worker through the registry VIP)
      String curl = "curl -s -o /dev/null -w '%{http_code}' --cacert " + ca + " ";
      assertThat(onHost(ip, curl + "https://sea.hub:5000/v2/")).as(ip).isEqualTo("401");
      assertThat(
              onHostWithInput(
                  ip,
                  curl + "-K - https://sea.hub:5000/v2/",
                  "user = \"lcuser:" + registryPassword + "\"\n"))
          .as(ip)
          .isEqualTo("200");
      assertThat(
              onHostWithInput(
                  ip, curl + "-K - https://sea.hub:5000/v2/", "user = \"lcuser:wrong\"\n"))
          .as(ip)
          .isEqualTo("401");
    }

    // an image of the wrong type: refused with one line, nothing sent, the record unchanged
    SealerProcess.Result wrong = run("upgrade", "k8s-lc-app:v1");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err())
        .contains(
            "image k8s-lc-app:v1 is an app-installer image; sealer upgrade needs a"
                + " kube-installer (cluster) image")
        .doesNotContain("Exception")
        .doesNotContain("at io.sealer");
    assertThat(Files.readString(recorded)).contains("k8s-lc:v1").doesNotContain("k8s-lc-app");

    // upgrade: the v2 rootfs on both hosts, upgrade-host on both, upgrade on master0 only
    SealerProcess.Result upgraded = run("upgrade", "k8s-lc:v2");
    assertThat(upgraded.exitCode()).as(upgraded.err()).isZero();
    assertThat(upgraded.out()).contains("Cluster my-cluster now runs k8s-lc:v2");
    assertThat(upgraded.err()).doesNotContain(password);
    for (String ip : IPS) {
      assertThat(onHost(ip, "cat /root/sealer-upgrade-host.marker"))
          .as(ip)
          .isEqualTo(
              "upgrade-host " + ip + " " + IPS.get(0) + " /var/lib/sealer/data/my-cluster/rootfs");
      assertThat(onHost(ip, "ls /var/lib/sealer/data/my-cluster/rootfs/plugins"))
          .as(ip)
          .isEqualTo("upgrade.yaml");
    }
    assertThat(onHost(IPS.get(0), "cat /root/sealer-upgrade.marker"))
        .isEqualTo(
            "upgrade "
                + IPS.get(0)
                + " 2 nodes\n[upgrade/successful] SUCCESS! Your cluster was upgraded to"
                + " \"v1.22.15\". Enjoy!");
    // the kubeadm double refuses what kubeadm refuses
    assertThat(onHost(IPS.get(0), "kubeadm upgrade apply v1.24.0 -y 2>&1; echo rc=$?"))
        .contains("higher than the kubeadm version")
        .endsWith("rc=1");
    assertThat(onHost(IPS.get(0), "kubeadm upgrade apply v1.21.3 -y 2>&1; echo rc=$?"))
        .contains("unsupported downgrade")
        .endsWith("rc=1");
    assertThat(onHost(IPS.get(1), "kubeadm upgrade apply v1.22.15 -y 2>&1; echo rc=$?"))
        .contains("did not run kubeadm init")
        .endsWith("rc=1");
    assertThat(onHost(IPS.get(1), "ls /root/sealer-upgrade.marker 2>&1; true"))
        .contains("No such file");
    assertThat(onHost(IPS.get(0), "ls /root/sealer-rollback.marker 2>&1; true"))
        .contains("No such file");
    assertThat(Files.readString(recorded)).contains("k8s-lc:v2").doesNotContain("k8s-lc:v1");
    // the registry certificate made by the first run is the one sent again
    assertThat(onHost(IPS.get(0), "sha256sum < " + rootfs + "/certs/sea.hub.crt")).isEqualTo(caSum);

    // rollback (to the same image under another name, to see its rollback hook run)
    assertThat(run("tag", "k8s-lc:v2", "k8s-lc:previous").exitCode()).isZero();
    SealerProcess.Result rolled = run("rollback", "k8s-lc:previous", "-c", "my-cluster");
    assertThat(rolled.exitCode()).as(rolled.err()).isZero();
    assertThat(onHost(IPS.get(0), "cat /root/sealer-rollback.marker"))
        .isEqualTo("rollback " + IPS.get(0));
    assertThat(Files.readString(recorded)).contains("k8s-lc:previous");

    SealerProcess.Result all = run("delete", "-a", "--prune", "--force");
    assertThat(all.exitCode()).as(all.err()).isZero();
  }

  private static SealerProcess.Result run(String... args) throws Exception {
    return hosts.run(args);
  }

  /** Runs a command on a host over real SSH (the provider's key and known hosts). */
  private static String onHost(String ip, String command) throws Exception {
    return hosts.onHost(ip, command);
  }

  /** As {@link #onHost}, with {@code input} on the command's stdin (secrets stay off argv). */
  private static String onHostWithInput(String ip, String command, String input) throws Exception {
    return hosts.onHost(ip, command, input);
  }
}
