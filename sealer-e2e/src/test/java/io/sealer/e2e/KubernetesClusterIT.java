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
 * The {@code kubernetes} runtime end to end with the packaged CLI: the fixture ClusterImage (whose
 * kubeadm, kubelet, kubectl and API server are TEST DOUBLES, see docs/verification.md) built with
 * sealer build, then run onto real sshd hosts made by the {@code local} provider with 3 masters and
 * 2 workers. Everything but the doubles is real: SSH, distribution, the image's scripts, Debian's
 * docker-registry started by init-registry.sh, the PKI, /etc/hosts, the lvscare static pods and the
 * VIP rules (nftables) that the workers join through. Then a master is added (the workers' lvscare
 * follows), a worker deleted, and delete -a resets every host. Root only; names {@code k8sit*},
 * 10.249.13.0/24.
 */
class KubernetesClusterIT {
  private static final String ENV = "k8sit";
  private static final List<String> IPS =
      List.of(
          "10.249.13.11",
          "10.249.13.12",
          "10.249.13.13",
          "10.249.13.14",
          "10.249.13.15",
          "10.249.13.16");
  private static final Path FIXTURE =
      Path.of("src/test/resources/fixture-k8s-image").toAbsolutePath();
  private static final String VIP = "10.103.97.2";

  /** Lets the fixture's init-kube.sh replace /usr/bin/kubectl in the hosts' overlay roots. */
  private static final String DOUBLES = "KUBE_DOUBLE_REPLACE=yes";

  private static CliHosts hosts;
  private static Path work;
  private static Path root;
  private static Path home;
  private static SealerProcess sealer;
  private static String password;

  @BeforeAll
  static void hostsAndImage() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs Debian's python3");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-registry")), "needs docker-registry");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "needs nftables");
    hosts = CliHosts.up("k8s-it", ENV, IPS, "10.249.13.0/24");
    work = hosts.work();
    root = hosts.root();
    home = hosts.home();
    sealer = hosts.sealer();
    password = hosts.password();
    SealerProcess.Result build = run("build", "-t", "k8s-it:v1", FIXTURE.toString());
    assertThat(build.exitCode()).as(build.err()).isZero();
  }

  @AfterAll
  static void down() throws Exception {
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void threeMastersAndTwoWorkersAreInstalledGrownShrunkAndReset() throws Exception {
    String masters = String.join(",", IPS.subList(0, 3));
    String workers = String.join(",", IPS.subList(3, 5));
    // sealer itself killed outright (SIGKILL: no hook runs) while the second master joins: what it
    // leaves (its lock, its journal, a kubeadm join cut short on the host) must not stop the runs
    // below
    Path log = work.resolve("killed-run.log");
    Process killed =
        hosts.start(log, "run", "k8s-it:v1", "-m", masters, "-n", workers, "-e", DOUBLES);
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (System.nanoTime() < deadline
        && killed.isAlive()
        && !Files.readString(log).contains("[kubeadm-join-master-1]")) {
      Thread.sleep(20);
    }
    assertThat(killed.isAlive()).as("still at work when killed: " + Files.readString(log)).isTrue();
    killed.destroyForcibly().waitFor();
    // a worker with a stale kubelet.conf: its kubeadm join fails; the error names the host, shows
    // kubeadm's last lines and says how to retry
    onHost(IPS.get(4), "mkdir -p /etc/kubernetes && echo stale > /etc/kubernetes/kubelet.conf");
    SealerProcess.Result failed =
        run("run", "k8s-it:v1", "-m", masters, "-n", workers, "-e", DOUBLES);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err())
        .contains("kubeadm join failed on " + IPS.get(4))
        .contains("/etc/kubernetes/kubelet.conf already exists")
        .contains("run the same sealer command again")
        .doesNotContain(password)
        .doesNotContain("Exception");

    // the same command again: the failed worker is reset and joins; the rest is not done again
    SealerProcess.Result ran = run("run", "k8s-it:v1", "-m", masters, "-n", workers, "-e", DOUBLES);
    assertThat(ran.exitCode()).as(ran.err()).isZero();
    assertThat(ran.err())
        .doesNotContain(password)
        .contains("all 5 nodes are Ready")
        .contains(IPS.get(4) + ": an earlier kubeadm run here did not finish")
        .doesNotContain("kubeadm init done");

    // the nodes, as kubectl on master0 sees them over SSH
    String nodes = onHost(IPS.get(0), "kubectl get nodes -o wide --no-headers");
    for (int i = 0; i < 5; i++) {
      assertThat(nodes).contains(ENV + "-" + (i + 1)).contains(IPS.get(i));
    }
    assertThat(nodes.lines().filter(l -> l.contains("Ready"))).hasSize(5);
    assertThat(onHost(IPS.get(0), "kubectl get nodes " + ENV + "-1 -o json"))
        .contains("node-role.kubernetes.io/master")
        .contains("node-role.kubernetes.io/control-plane");
    assertThat(onHost(IPS.get(3), "cat /etc/hostname; true")).isNotNull();

    // the masters: our PKI (one CA everywhere), kubeconfigs, their own apiserver certificate
    String ca0 = onHost(IPS.get(0), "sha256sum < /etc/kubernetes/pki/ca.crt");
    for (String ip : IPS.subList(0, 3)) {
      assertThat(onHost(ip, "sha256sum < /etc/kubernetes/pki/ca.crt")).as(ip).isEqualTo(ca0);
      assertThat(
              onHost(
                  ip,
                  "openssl verify -CAfile /etc/kubernetes/pki/ca.crt"
                      + " /etc/kubernetes/pki/apiserver.crt"))
          .as(ip)
          .endsWith(": OK");
      assertThat(
              onHost(
                  ip,
                  "openssl x509 -noout -ext subjectAltName -in /etc/kubernetes/pki/apiserver.crt"))
          .as(ip)
          .contains("IP Address:" + ip)
          .contains("DNS:apiserver.cluster.local")
          .contains("IP Address:" + VIP);
      assertThat(
              onHost(
                  ip,
                  "grep -c 'server: https://apiserver.cluster.local:6443'"
                      + " /etc/kubernetes/admin.conf /etc/kubernetes/scheduler.conf"))
          .as(ip)
          .doesNotContain(":0");
      assertThat(onHost(ip, "grep apiserver.cluster.local /etc/hosts"))
          .as(ip)
          .startsWith(ip + " apiserver.cluster.local");
      assertThat(onHost(ip, "kubectl get nodes --no-headers | wc -l")).as(ip).isEqualTo("5");
    }

    // the cluster's state in kube-system (spec 5.5): the Clusterfile without passwords, the
    // registry, and admin.conf pointing at master0
    assertThat(
            onHost(IPS.get(0), "kubectl -n kube-system get configmap sealer-clusterfile -o yaml"))
        .contains("k8s-it:v1")
        .contains(IPS.get(4))
        .doesNotContain(password);
    assertThat(onHost(IPS.get(0), "kubectl -n kube-system get configmap sealer-registry -o yaml"))
        .contains("domain: sea.hub")
        .contains("- " + IPS.get(2));
    assertThat(
            onHost(
                IPS.get(0),
                "kubectl -n kube-system get secret admin.conf -o json | python3 -c 'import"
                    + " json,sys,base64;print(base64.b64decode(json.load(sys.stdin)[\"data\"]"
                    + "[\"admin.conf\"]).decode())' | grep server:"))
        .isEqualTo("server: https://" + IPS.get(0) + ":6443");

    // the workers: lvscare static pod over the three masters, the VIP in /etc/hosts, and the VIP
    // really leads to an API server (the rules lvscare applied)
    for (String ip : IPS.subList(3, 5)) {
      String pod = onHost(ip, "cat /etc/kubernetes/manifests/kube-lvscare.yaml");
      assertThat(pod).contains("- " + VIP + ":6443");
      for (String m : IPS.subList(0, 3)) {
        assertThat(pod).contains("- " + m + ":6443");
      }
      assertThat(onHost(ip, "grep apiserver.cluster.local /etc/hosts"))
          .startsWith(VIP + " apiserver.cluster.local");
      assertThat(onHost(ip, "grep sea.hub /etc/hosts")).startsWith(VIP + " sea.hub");
      assertThat(onHost(ip, "cat /etc/kubernetes/manifests/reg-lvscare.yaml"))
          .contains("- " + VIP + ":5000");
      assertThat(onHost(ip, "curl -s --max-time 5 http://" + VIP + ":6443/healthz")).contains("ok");
      // the registry, through its VIP, from a worker: TLS with the certificate sealer made (the
      // default registry is not insecure), verified with the CA sealer put beside hosts.toml
      assertThat(
              onHost(
                  ip,
                  "curl -s -o /dev/null -w '%{http_code}' --cacert"
                      + " /etc/containerd/certs.d/sea.hub:5000/sea.hub.crt"
                      + " https://sea.hub:5000/v2/"))
          .isEqualTo("200");
    }

    // a second run changes nothing
    SealerProcess.Result again =
        run("run", "k8s-it:v1", "-m", masters, "-n", workers, "-e", DOUBLES);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).doesNotContain("kubeadm init done");

    // scale-up: a fourth master; the workers' lvscare now balances over four
    SealerProcess.Result scaled = run("scale-up", "-m", IPS.get(5));
    assertThat(scaled.exitCode()).as(scaled.err()).isZero();
    assertThat(onHost(IPS.get(0), "kubectl get nodes --no-headers | wc -l")).isEqualTo("6");
    for (String ip : IPS.subList(3, 5)) {
      assertThat(onHost(ip, "cat /etc/kubernetes/manifests/kube-lvscare.yaml"))
          .contains("- " + IPS.get(5) + ":6443");
    }

    // cert --alt-names: every master's API server certificate now names them, same CA
    SealerProcess.Result cert = run("cert", "--alt-names", "api.example.com,10.249.13.200");
    assertThat(cert.exitCode()).as(cert.err()).isZero();
    for (String ip : List.of(IPS.get(0), IPS.get(1), IPS.get(2), IPS.get(5))) {
      assertThat(
              onHost(
                  ip,
                  "openssl x509 -noout -ext subjectAltName -in /etc/kubernetes/pki/apiserver.crt"))
          .as(ip)
          .contains("DNS:api.example.com")
          .contains("IP Address:10.249.13.200")
          .contains("IP Address:" + ip);
      assertThat(
              onHost(
                  ip,
                  "openssl verify -CAfile /etc/kubernetes/pki/ca.crt"
                      + " /etc/kubernetes/pki/apiserver.crt"))
          .as(ip)
          .endsWith(": OK");
    }

    // delete a worker: out of Kubernetes, reset on the host
    SealerProcess.Result removed = run("delete", "-n", IPS.get(4), "--prune", "--force");
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    assertThat(onHost(IPS.get(0), "kubectl get nodes --no-headers")).doesNotContain(ENV + "-5");
    assertThat(onHost(IPS.get(4), "ls -A /etc/kubernetes /usr/bin/kubeadm 2>&1; true"))
        .contains("No such file");
    assertThat(onHost(IPS.get(4), "grep -c apiserver.cluster.local /etc/hosts; true"))
        .isEqualTo("0");

    // delete -a: every host reset
    SealerProcess.Result all = run("delete", "-a", "--prune", "--force");
    assertThat(all.exitCode()).as(all.err()).isZero();
    for (String ip : IPS) {
      assertThat(
              onHost(
                  ip,
                  "ls -A /var/lib/sealer; ls -d /etc/kubernetes /usr/bin/kubeadm 2>/dev/null;"
                      + " grep -e apiserver.cluster.local -e sea.hub /etc/hosts;"
                      + " pgrep -f '[k]ube-apiserver-double|[d]ocker-registry serve'; true"))
          .as(ip)
          .isEmpty();
    }
    assertThat(home.resolve(".sealer/my-cluster")).doesNotExist();
  }

  private static SealerProcess.Result run(String... args) throws Exception {
    return hosts.run(args);
  }

  /** Runs a command on a host over real SSH (the provider's key and known hosts). */
  private static String onHost(String ip, String command) throws Exception {
    return hosts.onHost(ip, command);
  }
}
