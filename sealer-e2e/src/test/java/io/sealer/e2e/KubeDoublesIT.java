package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.runtime.kubernetes.config.KubeadmConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kubeadm, kubectl and API server test doubles of the fixture image (which a later e2e suite
 * runs the kubernetes driver against) must reject what the real tools would reject and accept what
 * sealer produces. They run here on this machine, each "host" a fake root directory ({@code
 * KUBE_DOUBLE_ROOT}) and the API server double on 127.0.0.1 at a free port; the init config is the
 * one {@link KubeadmConfigBuilder} makes from the fixture image's {@code etc/kubeadm.yml}.
 */
class KubeDoublesIT {
  private static final Path FIXTURE =
      Path.of("src/test/resources/fixture-k8s-image").toAbsolutePath();
  private static final Pattern JOIN = Pattern.compile("(?s)kubeadm join(.*?)Please note");

  @TempDir Path work;
  private Path master0;
  private Path master1;
  private Path worker;
  private int port;
  private String initYaml;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs Debian's python3");
    assumeTrue(
        run(work, List.of("/usr/bin/python3", "-c", "import yaml")).code == 0,
        "needs Debian's python3-yaml");
    master0 = Files.createDirectories(work.resolve("master0"));
    master1 = Files.createDirectories(work.resolve("master1"));
    worker = Files.createDirectories(work.resolve("worker"));
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    initYaml =
        new KubeadmConfigBuilder(List.of("127.0.0.1")).imageRootfs(FIXTURE).build().initYaml();
  }

  @AfterEach
  void resetAll() throws Exception {
    for (Path root : new Path[] {master0, master1, worker}) {
      if (root != null) {
        kubeadm(root, "reset", "-f");
      }
    }
  }

  @Test
  void sealersConfigIsAcceptedAndTheJoinLinesParseAsSealerParsesThem() throws Exception {
    Result init = init(initYaml);
    assertThat(init.code).as(init.err).isZero();
    Join join = Join.parse(init.out);
    assertThat(join.token).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
    assertThat(join.certificateKey).matches("[0-9a-f]{64}");
    assertThat(join.caHash).isEqualTo(caHash(master0.resolve("etc/kubernetes/pki/ca.crt")));
    for (String f : List.of("admin", "controller-manager", "scheduler", "kubelet")) {
      assertThat(master0.resolve("etc/kubernetes/" + f + ".conf"))
          .content()
          .contains("server: https://apiserver.cluster.local:6443");
    }
    assertThat(master0.resolve("etc/kubernetes/manifests/kube-apiserver.yaml"))
        .content()
        .contains(
            "--etcd-servers=https://127.0.0.1:2379", "image: sea.hub:5000/kube-apiserver:v1.22.15");
    assertThat(master0.resolve("etc/kubernetes/manifests"))
        .isDirectoryContaining("glob:**/etcd.yaml");
    assertThat(master0.resolve("var/lib/kubelet/config.yaml"))
        .content()
        .contains("cgroupDriver: systemd");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "control plane endpoint| controlPlaneEndpoint: apiserver.cluster.local:6443|"
            + " controlPlaneEndpoint: 10.0.0.9:6443| not apiserver.cluster.local:6443",
        "VIP SAN changed| 10.103.97.2\\n| 10.103.97.99\\n| certSANs lacks 10.103.97.2",
        "etcd-servers elsewhere| https://127.0.0.1:2379| https://10.9.9.9:2379|"
            + " lacks https://127.0.0.1:2379",
        "v1beta4 for v1.22| kubeadm.k8s.io/v1beta2| kubeadm.k8s.io/v1beta4|"
            + " v1beta4 needs Kubernetes v1.31",
        "cgroup driver| cgroupDriver: systemd| cgroupDriver: cgroupv9| cgroupDriver 'cgroupv9'",
        "not a mapping| ---\\napiVersion: kubeproxy| ---\\n- a list\\n---\\napiVersion: kubeproxy|"
            + " document 3 is not a mapping",
        "no ClusterConfiguration| kind: ClusterConfiguration| kind: ClusterConfig|"
            + " needs an InitConfiguration and a ClusterConfiguration",
        "not YAML| kind: InitConfiguration| kind: [InitConfiguration| not valid YAML",
      })
  void aConfigWithoutWhatSealerForcesIsRefusedAndNothingIsWritten(
      String name, String from, String to, String message) throws Exception {
    String fromText = from.replace("\\n", "\n");
    assertThat(initYaml).as("the mutation applies").contains(fromText);
    String toText = to.replace("\\n", "\n");
    Result init = init(initYaml.replace(fromText, toText));
    assertThat(init.code).isNotZero();
    assertThat(init.err).contains(message).doesNotContain("Traceback");
    assertThat(files(master0)).as("nothing written").isEmpty();
  }

  @Test
  void flagsAreChecked() throws Exception {
    Path config = Files.writeString(work.resolve("kubeadm.yaml"), initYaml);
    assertThat(kubeadm(master0, "init", "--config=" + config, "--bogus").err)
        .contains("unknown flag: --bogus");
    assertThat(kubeadm(master0, "init", "--upload-certs").err).contains("init needs --config");
    assertThat(kubeadm(master0, "init", "--config=" + config, "-v", "x").err)
        .contains("invalid argument \"x\"");
    assertThat(files(master0)).isEmpty();
    Result once = init(initYaml);
    assertThat(once.code).as(once.err).isZero();
    Result twice = init(initYaml);
    assertThat(twice.code).as("a second init without reset").isNotZero();
    assertThat(twice.err).contains("kube-apiserver.yaml already exists");
  }

  @Test
  void joinMustMatchWhatInitPrinted() throws Exception {
    Result init = init(initYaml);
    assertThat(init.code).as(init.err).isZero();
    Join printed = Join.parse(init.out);

    Result badToken = join(worker, printed.withToken("abcdef.0123456789abcdef"), "node-w", false);
    assertThat(badToken.code).isNotZero();
    assertThat(badToken.err).contains("token id \"abcdef\" is invalid");
    Result badHash = join(worker, printed.withHash("sha256:" + "0".repeat(64)), "node-w", false);
    assertThat(badHash.err).contains("are pinned");
    Result badForm = join(worker, printed.withToken("NOT-A-TOKEN"), "node-w", false);
    assertThat(badForm.err).contains("is not of the form");
    assertThat(files(worker)).as("nothing written by refused joins").isEmpty();

    Result ok = join(worker, printed, "node-w", false);
    assertThat(ok.code).as(ok.err).isZero();
    assertThat(ok.out).contains("This node has joined the cluster:");
    assertThat(worker.resolve("etc/kubernetes/pki/ca.crt"))
        .as("the CA from cluster-info")
        .hasSameTextualContentAs(master0.resolve("etc/kubernetes/pki/ca.crt"));
    assertThat(join(worker, printed, "node-w", false).err)
        .as("joining twice without reset")
        .contains("kubelet.conf already exists");

    Files.createDirectories(master1.resolve("etc/kubernetes/pki"));
    Files.copy(
        master0.resolve("etc/kubernetes/pki/ca.crt"), master1.resolve("etc/kubernetes/pki/ca.crt"));
    Result badKey = join(master1, printed.withKey("f".repeat(64)), "node-m1", true);
    assertThat(badKey.err).contains("certificate key does not match");
    Result cp = join(master1, printed, "node-m1", true);
    assertThat(cp.code).as(cp.err).isZero();
    assertThat(cp.out).contains("a new control plane instance was created");
    assertThat(master1.resolve("etc/kubernetes/manifests/kube-apiserver.yaml")).exists();

    Result nodes = kubectl("get", "nodes", "-o", "wide");
    assertThat(nodes.code).as(nodes.err).isZero();
    assertThat(nodes.out.lines().toList())
        .hasSize(4)
        .anySatisfy(l -> assertThat(l).startsWith("node-m1").contains("Ready", "control-plane"))
        .anySatisfy(l -> assertThat(l).startsWith("node-w").contains("<none>"));
  }

  @Test
  void theCommandLineJoinAndTheLaterTokenCommandsWork() throws Exception {
    Result init = init(initYaml);
    assertThat(init.code).as(init.err).isZero();
    Result token = kubeadm(master0, "token", "create", "--print-join-command", "-v", "0");
    assertThat(token.code).as(token.err).isZero();
    Join fresh = Join.parse(token.out + " Please note");
    Result certs = kubeadm(master0, "init", "phase", "upload-certs", "--upload-certs", "-v", "0");
    String key = certs.out.substring(certs.out.indexOf("Using certificate key:") + 22).strip();
    List<String> args =
        List.of(
            "join",
            "127.0.0.1:" + port,
            "--token",
            fresh.token,
            "--discovery-token-ca-cert-hash",
            fresh.caHash,
            "--control-plane",
            "--certificate-key",
            key,
            "--node-name",
            "node-m1",
            "--ignore-preflight-errors=SystemVerification,Port-10250,DirAvailable--etc-kubernetes-manifests");
    Result join = kubeadm(master1, args.toArray(String[]::new));
    assertThat(join.code).as(join.err).isZero();
    Result old = kubeadm(master1, "reset", "-f");
    assertThat(old.code).isZero();
    List<String> stale = new ArrayList<>(args);
    stale.set(stale.indexOf("--certificate-key") + 1, Join.parse(init.out).certificateKey);
    assertThat(kubeadm(master1, stale.toArray(String[]::new)).err)
        .as("the key printed by init was replaced by upload-certs")
        .contains("certificate key does not match");
  }

  @Test
  void resetRemovesWhatInitAndJoinWroteAndStopsTheApiServerDouble() throws Exception {
    Result init = init(initYaml);
    assertThat(init.code).as(init.err).isZero();
    assertThat(join(worker, Join.parse(init.out), "node-w", false).code).isZero();
    assertThat(listening(port)).isTrue();
    Result unconfirmed = kubeadm(worker, "reset");
    assertThat(unconfirmed.code).as("reset without -f and no answer").isNotZero();
    assertThat(files(worker)).isNotEmpty();
    for (Path root : List.of(worker, master0)) {
      Result reset = kubeadm(root, "reset", "-f");
      assertThat(reset.code).as(reset.err).isZero();
      assertThat(files(root)).as(root + " after reset").isEmpty();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (listening(port) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(listening(port)).as("the API server double stopped").isFalse();
    Result again = init(initYaml);
    assertThat(again.code).as("init again after reset: " + again.err).isZero();
  }

  @Test
  void kubectlAnswersFromTheDoublesState() throws Exception {
    Result init = init(initYaml);
    assertThat(init.code).as(init.err).isZero();
    assertThat(join(worker, Join.parse(init.out), "node-w", false).code).isZero();
    assertThat(kubectl("label", "node", "node-w", "node-role.kubernetes.io/node=").code).isZero();
    assertThat(kubectl("taint", "node", "node-w", "dedicated=db:NoSchedule").code).isZero();
    String json = kubectl("get", "nodes", "-o", "json").out;
    assertThat(json).contains("\"node-role.kubernetes.io/node\": \"\"", "\"key\": \"dedicated\"");
    assertThat(kubectl("taint", "node", "node-w", "dedicated:NoSchedule-").code).isZero();
    assertThat(kubectl("get", "nodes", "-o", "json").out).doesNotContain("dedicated");
    assertThat(kubectl("get", "ns", "default").code).isZero();
    assertThat(kubectl("get", "ns", "missing").err).contains("namespaces \"missing\" not found");
    assertThat(kubectl("delete", "node", "node-w").out).contains("node \"node-w\" deleted");
    assertThat(kubectl("get", "nodes", "node-w").code).isNotZero();
    Result noConfig =
        run(
            work,
            List.of(
                "bash",
                FIXTURE.resolve("bin/kubectl").toString(),
                "--kubeconfig",
                work.resolve("none").toString(),
                "get",
                "nodes"));
    assertThat(noConfig.code).isNotZero();
    assertThat(noConfig.err).contains("refused");
  }

  @Test
  void configMapsAndSecretsAreKeptAndWrongOnesRefused() throws Exception {
    Result init = init(initYaml);
    assertThat(init.code).as(init.err).isZero();
    Path file = Files.writeString(work.resolve("Clusterfile"), "kind: Cluster\n");
    Result yaml =
        kubectl(
            "-n",
            "kube-system",
            "create",
            "configmap",
            "sealer-clusterfile",
            "--from-file=Clusterfile=" + file,
            "--dry-run=client",
            "-o",
            "yaml");
    assertThat(yaml.code).as(yaml.err).isZero();
    assertThat(yaml.out).contains("kind: ConfigMap", "name: sealer-clusterfile");
    Path manifest = Files.writeString(work.resolve("cm.yaml"), yaml.out);
    Result applied = kubectl("apply", "-f", manifest.toString());
    assertThat(applied.code).as(applied.err).isZero();
    assertThat(
            kubectl("-n", "kube-system", "get", "configmap", "sealer-clusterfile", "-o", "yaml")
                .out)
        .contains("Clusterfile:", "kind: Cluster", "namespace: kube-system");
    // as the real ones: a missing namespace, a bad name, an unreadable file, a missing object
    Path other =
        Files.writeString(work.resolve("other.yaml"), yaml.out.replace("kube-system", "nope"));
    assertThat(kubectl("apply", "-f", other.toString()).err)
        .contains("namespaces \"nope\" not found");
    assertThat(
            kubectl("create", "configmap", "Bad_Name", "--from-literal=a=b", "--dry-run=client")
                .err)
        .contains("invalid name");
    assertThat(
            kubectl(
                    "create",
                    "secret",
                    "generic",
                    "s",
                    "--from-file=k=" + work.resolve("missing"),
                    "--dry-run=client")
                .code)
        .isNotZero();
    assertThat(kubectl("-n", "kube-system", "get", "secret", "admin.conf").err)
        .contains("secrets \"admin.conf\" not found");
  }

  @Test
  void theFixtureContextBuildsIntoAKubernetesClusterImage() throws Exception {
    SealerProcess sealer = new SealerProcess(work.resolve("sealer-root"));
    Map<String, String> env =
        Map.of("HOME", Files.createDirectories(work.resolve("home")).toString());
    SealerProcess.Result build =
        sealer.run(env, "build", "-t", "k8s-fixture:v1", FIXTURE.toString());
    assertThat(build.exitCode()).as(build.err()).isZero();
    SealerProcess.Result inspect = sealer.run(env, "inspect", "k8s-fixture:v1");
    assertThat(inspect.exitCode()).as(inspect.err()).isZero();
    JsonNode ext = new ObjectMapper().readTree(inspect.out()).path("imageExtension");
    assertThat(ext.path("type").asText()).isEqualTo("kube-installer");
    JsonNode labels = ext.path("labels");
    assertThat(labels.path("cluster.alpha.sealer.io/cluster-runtime-type").asText())
        .isEqualTo("kubernetes");
    assertThat(labels.path("cluster.alpha.sealer.io/container-runtime-type").asText())
        .isEqualTo("containerd");
    assertThat(labels.has("cluster.alpha.sealer.io/cluster-runtime-version")).isTrue();
    assertThat(labels.has("cluster.alpha.sealer.io/container-runtime-version")).isTrue();
  }

  // helpers

  private Result init(String yaml) throws Exception {
    Path config = Files.writeString(work.resolve("kubeadm.yaml"), yaml);
    return kubeadm(
        master0,
        "init",
        "--config=" + config,
        "--upload-certs",
        "-v",
        "0",
        "--ignore-preflight-errors=SystemVerification,Port-10250,DirAvailable--etc-kubernetes-manifests");
  }

  private Result join(Path root, Join join, String name, boolean controlPlane) throws Exception {
    String config =
        "apiVersion: kubeadm.k8s.io/v1beta2\n"
            + "kind: JoinConfiguration\n"
            + "discovery:\n"
            + "  bootstrapToken:\n"
            + "    token: "
            + join.token
            + "\n    apiServerEndpoint: 127.0.0.1:"
            + port
            + "\n    caCertHashes: ['"
            + join.caHash
            + "']\n"
            + "nodeRegistration:\n  name: "
            + name
            + "\n"
            + (controlPlane
                ? "controlPlane:\n  localAPIEndpoint: {advertiseAddress: 127.0.0.1, bindPort: 6443}\n"
                    + "  certificateKey: "
                    + join.certificateKey
                    + "\n"
                : "")
            + "---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
            + "cgroupDriver: systemd\n";
    Path file = Files.writeString(work.resolve("join-" + name + ".yaml"), config);
    return kubeadm(
        root,
        "join",
        "--config=" + file,
        "-v",
        "0",
        "--ignore-preflight-errors=SystemVerification,Port-10250,DirAvailable--etc-kubernetes-manifests");
  }

  private Result kubeadm(Path root, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("bash", FIXTURE.resolve("bin/kubeadm").toString()));
    command.addAll(List.of(args));
    return run(root, command);
  }

  private Result kubectl(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                FIXTURE.resolve("bin/kubectl").toString(),
                "--server",
                "https://127.0.0.1:" + port));
    command.addAll(List.of(args));
    return run(master0, command);
  }

  private Result run(Path root, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
    Map<String, String> env = pb.environment();
    env.put("KUBE_DOUBLE_ROOT", root.toString());
    env.put("KUBE_DOUBLE_APISERVER_PORT", Integer.toString(port));
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  /** The discovery hash kubeadm pins: SHA-256 of the CA's DER SubjectPublicKeyInfo. */
  private static String caHash(Path caCrt) throws Exception {
    try (InputStream in = Files.newInputStream(caCrt)) {
      X509Certificate cert =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
      return "sha256:" + HexFormat.of().formatHex(digest);
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private record Result(int code, String out, String err) {}

  /** A join command parsed as spec §6.3 says sealer parses kubeadm init's output. */
  private record Join(String token, String caHash, String certificateKey) {
    static Join parse(String output) {
      Matcher m = JOIN.matcher(output);
      if (!m.find()) {
        throw new AssertionError("no join command in:\n" + output);
      }
      String text = m.group(1);
      String key = after(text, "--certificate-key");
      return new Join(
          after(text, "--token"),
          after(text, "--discovery-token-ca-cert-hash"),
          key.length() >= 64 ? key.substring(0, 64) : key);
    }

    private static String after(String text, String flag) {
      int i = text.indexOf(flag);
      if (i < 0) {
        return "";
      }
      String rest = text.substring(i + flag.length()).strip();
      return rest.split("\\s+", 2)[0];
    }

    Join withToken(String t) {
      return new Join(t, caHash, certificateKey);
    }

    Join withHash(String h) {
      return new Join(token, h, certificateKey);
    }

    Join withKey(String k) {
      return new Join(token, caHash, k);
    }
  }
}
