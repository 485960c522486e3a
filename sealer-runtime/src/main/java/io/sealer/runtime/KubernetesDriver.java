package io.sealer.runtime;

import io.sealer.api.SealerException;
import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Env;
import io.sealer.api.cluster.Host;
import io.sealer.api.cluster.KubeadmDocument;
import io.sealer.api.cluster.LocalRegistry;
import io.sealer.api.cluster.Taint;
import io.sealer.api.event.LogEvent;
import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostCommand;
import io.sealer.ipvs.CommandRunner;
import io.sealer.ipvs.Endpoint;
import io.sealer.ipvs.Lvscare;
import io.sealer.ipvs.LvscareManifests;
import io.sealer.ipvs.StaticPod;
import io.sealer.ipvs.VirtualServer;
import io.sealer.runtime.kubernetes.config.KubeadmConfig;
import io.sealer.runtime.kubernetes.config.KubeadmConfigBuilder;
import io.sealer.runtime.kubernetes.pki.KubernetesPki;
import io.sealer.runtime.kubernetes.pki.PkiNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Runtime type {@code kubernetes}: kubeadm clusters as Sealer makes them (spec §6.2-§6.7). The
 * kubeadm config is merged by {@link KubeadmConfigBuilder}, the PKI and kubeconfigs are made on
 * this machine by {@link KubernetesPki} and copied to the masters; master0 is initialised, the
 * other masters join one by one, the workers join in parallel through the VIP that lvscare serves.
 * The cluster is read and changed only through {@code kubectl} on master0 over SSH.
 */
final class KubernetesDriver implements RuntimeDriver {
  static final String CRI_LABEL = "cluster.alpha.sealer.io/container-runtime-type";
  static final String APISERVER = KubeadmConfigBuilder.APISERVER_DOMAIN;
  static final String HOSTS_TAG = "#hostalias-set-by-sealer";
  private static final String PREFLIGHT_MASTER =
      "--ignore-preflight-errors=SystemVerification,Port-10250,DirAvailable--etc-kubernetes-manifests";
  private static final String PREFLIGHT_NODE =
      "--ignore-preflight-errors=Port-10250,DirAvailable--etc-kubernetes-manifests";
  private static final String KUBECTL = "kubectl --kubeconfig /etc/kubernetes/admin.conf ";
  private static final Pattern TOKEN = Pattern.compile("--token\\s+(\\S+)");
  private static final Pattern HASH = Pattern.compile("--discovery-token-ca-cert-hash\\s+(\\S+)");
  private static final Pattern KEY = Pattern.compile("--certificate-key\\s+([0-9a-f]{64})");
  private static final Pattern KEY_LINE =
      Pattern.compile("Using certificate key:\\s*\\n\\s*([0-9a-f]{64})");

  private final Path stateDir;
  private final List<KubeadmDocument> kubeadmDocuments;
  private final @Nullable Path imageRootfs;
  private final String cri;
  private final String clusterfileText;
  private volatile @Nullable JoinInfo joinInfo;
  private volatile @Nullable KubeadmConfig config;
  private final Map<String, String> hostNames = new ConcurrentHashMap<>();

  /**
   * @param stateDir where the PKI and kubeconfigs are kept on this machine
   * @param kubeadmDocuments the Clusterfile's kubeadm documents
   * @param imageRootfs the image's prepared rootfs here (its {@code etc/kubeadm.yml}), or null when
   *     cleaning
   * @param cri the container runtime type, {@code docker} or {@code containerd}
   * @param clusterfileText the Clusterfile (without passwords) kept in the cluster's ConfigMap
   */
  KubernetesDriver(
      Path stateDir,
      List<KubeadmDocument> kubeadmDocuments,
      @Nullable Path imageRootfs,
      String cri,
      String clusterfileText) {
    this.stateDir = stateDir;
    this.kubeadmDocuments = List.copyOf(kubeadmDocuments);
    this.imageRootfs = imageRootfs;
    this.cri = cri;
    this.clusterfileText = clusterfileText;
  }

  /** The join arguments init printed, or that master0 issued for later joins. */
  record JoinInfo(String token, String caCertHash, String certificateKey) {}

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public List<Step> install(RunContext ctx) {
    Cluster cluster = ctx.cluster();
    List<String> all = cluster.allIps();
    List<String> masters = cluster.masters();
    String master0 = cluster.master0();
    List<Step> steps = new ArrayList<>();
    steps.addAll(containerRuntime(ctx, all));
    steps.addAll(registry(ctx, registryHosts(cluster)));
    steps.addAll(registryClients(ctx, all));
    steps.add(
        new Step(
            "kubeadm-init",
            master0,
            "kubeadm init",
            inputs(ctx, "init", String.join(",", masters)),
            () -> initMaster0(ctx)));
    steps.addAll(joinMasters(ctx, masters.subList(1, masters.size())));
    steps.addAll(joinNodes(ctx, cluster.nodes()));
    steps.addAll(finish(ctx, all));
    return steps;
  }

  @Override
  public List<Step> join(RunContext ctx, List<String> masters, List<String> nodes) {
    Cluster cluster = ctx.cluster();
    List<String> added = new ArrayList<>(masters);
    added.addAll(nodes);
    List<Step> steps = new ArrayList<>();
    steps.addAll(containerRuntime(ctx, added));
    List<String> newRegistries = registryHosts(cluster).stream().filter(added::contains).toList();
    steps.addAll(registry(ctx, newRegistries));
    steps.addAll(registryClients(ctx, added));
    steps.addAll(joinMasters(ctx, masters));
    if (!masters.isEmpty()) {
      // the workers already in the cluster balance over the new master set
      steps.addAll(workersBalanceOver(ctx, nodes, cluster.masters(), true));
    }
    steps.addAll(joinNodes(ctx, nodes));
    steps.addAll(finish(ctx, added));
    return steps;
  }

  @Override
  public List<Step> reset(RunContext ctx, List<String> hosts) {
    Cluster cluster = ctx.cluster();
    String deleted = ctx.extraEnv().get("DeletedIPs");
    List<String> gone =
        deleted == null || deleted.isBlank() ? hosts : Arrays.asList(deleted.split(","));
    boolean whole = gone.containsAll(cluster.allIps());
    String master0 = cluster.master0();
    List<Step> steps = new ArrayList<>();
    if (!whole && ctx.hosts().containsKey(master0) && !gone.contains(master0)) {
      steps.add(
          Step.always(
              "delete-nodes",
              master0,
              "kubectl delete node " + String.join(",", gone),
              () -> deleteNodes(ctx, gone)));
    }
    for (String ip : hosts) {
      steps.add(Step.always("kubeadm-reset", ip, "kubeadm reset", () -> resetHost(ctx, ip)));
    }
    if (!whole && gone.stream().anyMatch(cluster.masters()::contains)) {
      List<String> left = cluster.masters().stream().filter(m -> !gone.contains(m)).toList();
      steps.addAll(workersBalanceOver(ctx, gone, left, false));
    }
    return steps;
  }

  /**
   * Steps that point the lvscare of the cluster's workers (those connected and not in {@code skip})
   * at {@code masters}: after masters joined (journaled, so a re-run skips them) or left.
   */
  private List<Step> workersBalanceOver(
      RunContext ctx, List<String> skip, List<String> masters, boolean journaled) {
    List<Step> steps = new ArrayList<>();
    String action = "update lvscare for " + masters.size() + " masters";
    for (String ip : ctx.cluster().nodes()) {
      if (skip.contains(ip) || !ctx.hosts().containsKey(ip)) {
        continue;
      }
      Step.Body body = () -> lvscareFor(ctx, ip, masters);
      steps.add(
          journaled
              ? new Step(
                  "update-lvscare",
                  ip,
                  action,
                  inputs(ctx, "lvscare", String.join(",", masters)),
                  body)
              : Step.always("update-lvscare", ip, action, body));
    }
    return steps;
  }

  // ---- install pieces ----

  private List<Step> containerRuntime(RunContext ctx, List<String> hosts) {
    String script = "cd " + Shell.quote(ctx.rootfs() + "/scripts") + " && bash " + cri + ".sh";
    List<Step> steps = new ArrayList<>();
    for (String ip : hosts) {
      steps.add(
          new Step(
              "container-runtime",
              ip,
              "install " + cri,
              inputs(ctx, script, ctx.envFor(ip).values().toString()),
              () -> exec(ctx, ip, script, "install the container runtime (" + cri + ".sh)")));
    }
    return steps;
  }

  private static @Nullable LocalRegistry localRegistry(Cluster cluster) {
    return cluster.registry().external() != null ? null : cluster.registry().local();
  }

  private static List<String> registryHosts(Cluster cluster) {
    if (localRegistry(cluster) == null) {
      return List.of();
    }
    return cluster.registry().isHaLocal() ? cluster.masters() : List.of(cluster.master0());
  }

  private List<Step> registry(RunContext ctx, List<String> hosts) {
    LocalRegistry reg = localRegistry(ctx.cluster());
    if (reg == null) {
      return List.of();
    }
    String scripts = ctx.rootfs() + "/scripts";
    String script =
        "cd "
            + Shell.quote(scripts)
            + " && bash init-registry.sh "
            + reg.port()
            + " "
            + Shell.quote(ctx.rootfs() + "/registry")
            + " "
            + Shell.quote(reg.domain());
    List<Step> steps = new ArrayList<>();
    for (String ip : hosts) {
      steps.add(
          new Step(
              "registry",
              ip,
              "start the registry " + reg.url(),
              inputs(ctx, script),
              () -> {
                if (!test(ctx, ip, "-f " + Shell.quote(scripts + "/init-registry.sh"))) {
                  ctx.events()
                      .log(
                          LogEvent.warn(
                              ip
                                  + ": the image has no scripts/init-registry.sh;"
                                  + " no local registry started"));
                  return;
                }
                exec(ctx, ip, script, "start the registry (init-registry.sh)");
              }));
    }
    return steps;
  }

  /** Where each host finds the registry (spec §6.4 client network, §6.5). */
  private List<Step> registryClients(RunContext ctx, List<String> hosts) {
    Cluster cluster = ctx.cluster();
    LocalRegistry reg = localRegistry(cluster);
    if (reg == null) {
      return List.of();
    }
    List<Step> steps = new ArrayList<>();
    for (String ip : hosts) {
      boolean master = cluster.masters().contains(ip);
      String target;
      if (!cluster.registry().isHaLocal()) {
        target = cluster.master0();
      } else {
        target = master ? ip : vip(ctx);
      }
      steps.add(
          new Step(
              "registry-client",
              ip,
              "point " + reg.domain() + " at " + target,
              inputs(ctx, reg.url(), target, String.join(",", registryHosts(cluster)), cri),
              () -> {
                hostsEntry(ctx, ip, reg.domain(), target);
                trustRegistry(ctx, ip, reg);
                if (!master && cluster.registry().isHaLocal()) {
                  regLvscare(ctx, ip, registryHosts(cluster));
                }
              }));
    }
    return steps;
  }

  /**
   * The registry's CA where the container runtime looks for it (spec §6.4 client CA and daemon):
   * {@code /etc/containerd/certs.d/<domain:port>/} with a {@code hosts.toml} naming it, or {@code
   * /etc/docker/certs.d/<domain:port>/}. Nothing for an insecure registry or one without a
   * certificate in the rootfs.
   */
  private void trustRegistry(RunContext ctx, String ip, LocalRegistry reg) {
    String crt = ctx.rootfs() + "/certs/" + reg.domain() + ".crt";
    if (reg.insecure() || !test(ctx, ip, "-f " + Shell.quote(crt))) {
      return;
    }
    String endpoint = reg.domain() + ":" + reg.port();
    String dir =
        ("docker".equals(cri) ? "/etc/docker/certs.d/" : "/etc/containerd/certs.d/") + endpoint;
    String ca = dir + "/" + reg.domain() + ".crt";
    exec(
        ctx,
        ip,
        "mkdir -p "
            + Shell.quote(dir)
            + " && cp -f "
            + Shell.quote(crt)
            + " "
            + Shell.quote(ca + ".tmp")
            + " && mv -f "
            + Shell.quote(ca + ".tmp")
            + " "
            + Shell.quote(ca),
        "trust the registry's CA");
    if (!"docker".equals(cri)) {
      String toml =
          "server = \"https://"
              + endpoint
              + "\"\n\n[host.\"https://"
              + endpoint
              + "\"]\n  capabilities = [\"pull\", \"resolve\", \"push\"]\n  ca = \""
              + ca
              + "\"\n";
      copy(ctx, ip, toml, dir + "/hosts.toml", 0644);
    }
  }

  private void initMaster0(RunContext ctx) throws IOException {
    Cluster cluster = ctx.cluster();
    String ip = cluster.master0();
    resetIfHalfDone(ctx, ip, "/etc/kubernetes/admin.conf");
    initKube(ctx, ip);
    KubeadmConfig cfg = config(ctx, criSocket(ctx, ip));
    String yaml = cfg.initYaml();
    copy(ctx, ip, yaml, "/etc/kubernetes/kubeadm.yaml", 0600);
    copy(ctx, ip, yaml, ctx.rootfs() + "/kubeadm.yaml", 0600);
    Path pki = pkiFor(ctx, ip);
    copyTree(ctx, ip, pki, "/etc/kubernetes/pki");
    copyTree(ctx, ip, pki, ctx.rootfs() + "/pki");
    Path kubeconfigs = kubeconfigsFor(ctx, ip, pki);
    for (String f :
        List.of("admin.conf", "controller-manager.conf", "scheduler.conf", "kubelet.conf")) {
      copyFile(ctx, ip, kubeconfigs.resolve(f), "/etc/kubernetes/" + f, 0600);
    }
    auditPolicy(ctx, ip);
    hostsEntry(ctx, ip, APISERVER, ip);
    CommandResult r =
        kubeadm(
            ctx,
            ip,
            "kubeadm init --config=/etc/kubernetes/kubeadm.yaml --upload-certs"
                + nodeNameFlag(ctx, ip)
                + " -v 0 "
                + PREFLIGHT_MASTER,
            "init");
    exec(
        ctx,
        ip,
        "mkdir -p /root/.kube && cp /etc/kubernetes/admin.conf /root/.kube/config"
            + " && chmod 600 /root/.kube/config",
        "copy admin.conf to /root/.kube/config");
    joinInfo = parseInit(ip, r.stdout());
    ctx.events().log(LogEvent.info(ip + ": kubeadm init done (master0)"));
  }

  private List<Step> joinMasters(RunContext ctx, List<String> masters) {
    List<Step> steps = new ArrayList<>();
    int i = 0;
    for (String ip : masters) {
      // one phase per master: control planes join one at a time (etcd grows by one member)
      steps.add(
          new Step(
              "kubeadm-join-master-" + (++i),
              ip,
              "kubeadm join (control plane)",
              inputs(ctx, "join-master", String.join(",", ctx.cluster().masters())),
              () -> joinMaster(ctx, ip)));
    }
    return steps;
  }

  private void joinMaster(RunContext ctx, String ip) throws IOException {
    String master0 = ctx.cluster().master0();
    resetIfHalfDone(ctx, ip, "/etc/kubernetes/kubelet.conf");
    initKube(ctx, ip);
    Path master0Pki = pkiFor(ctx, master0);
    Path pki = stateDir.resolve("pki").resolve(ip);
    pki().copyAuthorities(master0Pki, pki);
    pki().writeCertificates(pki, new PkiNode(nodeName(ctx, ip), ip));
    copyTree(ctx, ip, pki, "/etc/kubernetes/pki");
    copyTree(ctx, ip, pki, ctx.rootfs() + "/pki");
    Path kubeconfigs = kubeconfigsFor(ctx, ip, pki);
    for (String f : List.of("admin.conf", "controller-manager.conf", "scheduler.conf")) {
      copyFile(ctx, ip, kubeconfigs.resolve(f), "/etc/kubernetes/" + f, 0600);
    }
    auditPolicy(ctx, ip);
    hostsEntry(ctx, ip, APISERVER, master0);
    JoinInfo join = joinInfo(ctx);
    String yaml =
        config(ctx, null)
            .joinYaml(
                join.token(),
                master0 + ":" + KubeadmConfigBuilder.APISERVER_PORT,
                join.caCertHash(),
                ip,
                join.certificateKey(),
                criSocket(ctx, ip));
    copy(ctx, ip, yaml, "/etc/kubernetes/kubeadm.yaml", 0600);
    kubeadm(
        ctx,
        ip,
        "kubeadm join --config=/etc/kubernetes/kubeadm.yaml"
            + nodeNameFlag(ctx, ip)
            + " -v 0 "
            + PREFLIGHT_MASTER,
        "join");
    hostsEntry(ctx, ip, APISERVER, ip);
    exec(
        ctx,
        ip,
        "mkdir -p /root/.kube && cp /etc/kubernetes/admin.conf /root/.kube/config"
            + " && chmod 600 /root/.kube/config"
            // the scheduler and controller manager pick up the new endpoint when restarted
            + " && for c in kube-scheduler kube-controller-manager; do"
            + " f=/etc/kubernetes/manifests/$c.yaml; [ -f $f ] || continue;"
            + " mv $f /etc/kubernetes/$c.yaml.bounce && mv /etc/kubernetes/$c.yaml.bounce $f; done",
        "finish the control plane");
    ctx.events().log(LogEvent.info(ip + ": joined as a control plane"));
  }

  private List<Step> joinNodes(RunContext ctx, List<String> nodes) {
    List<Step> steps = new ArrayList<>();
    for (String ip : nodes) {
      steps.add(
          new Step(
              "kubeadm-join-nodes",
              ip,
              "kubeadm join",
              inputs(ctx, "join-node", String.join(",", ctx.cluster().masters())),
              () -> joinNode(ctx, ip)));
    }
    return steps;
  }

  private void joinNode(RunContext ctx, String ip) throws IOException {
    if (resetIfHalfDone(ctx, ip, "/etc/kubernetes/kubelet.conf")
        && ctx.cluster().registry().isHaLocal()) {
      regLvscare(ctx, ip, registryHosts(ctx.cluster())); // the reset emptied the manifests
    }
    initKube(ctx, ip);
    lvscare(ctx, ip);
    String vip = vip(ctx);
    hostsEntry(ctx, ip, APISERVER, vip);
    JoinInfo join = joinInfo(ctx);
    String yaml =
        config(ctx, null)
            .joinYaml(
                join.token(),
                endpoint(vip, KubeadmConfigBuilder.APISERVER_PORT),
                join.caCertHash(),
                null,
                null,
                criSocket(ctx, ip));
    copy(ctx, ip, yaml, "/etc/kubernetes/kubeadm.yaml", 0600);
    kubeadm(
        ctx,
        ip,
        "kubeadm join --config=/etc/kubernetes/kubeadm.yaml"
            + nodeNameFlag(ctx, ip)
            + " -v 0 "
            + PREFLIGHT_NODE,
        "join");
    ctx.events().log(LogEvent.info(ip + ": joined as a worker"));
  }

  /** The VIP rules on a worker and its kube-lvscare static pod, for the cluster's masters. */
  private void lvscare(RunContext ctx, String ip) {
    lvscareFor(ctx, ip, ctx.cluster().masters());
  }

  private void lvscareFor(RunContext ctx, String ip, List<String> masters) {
    String vip = vip(ctx);
    int port = KubeadmConfigBuilder.APISERVER_PORT;
    Lvscare.builder()
        .runner(CommandRunner.on(ctx.host(ip)))
        .events(ctx.events())
        .build()
        .apply(
            VirtualServer.parse(
                endpoint(vip, port), masters.stream().map(m -> endpoint(m, port)).toList()));
    StaticPod pod =
        new LvscareManifests()
            .kubeLvscare(
                LvscareManifests.image(ctx.cluster().registry().url()),
                Endpoint.ip(vip),
                masters.stream().map(Endpoint::ip).toList());
    copy(ctx, ip, pod.yaml(), pod.path(), 0600);
  }

  private void regLvscare(RunContext ctx, String ip, List<String> registries) {
    LocalRegistry reg = localRegistry(ctx.cluster());
    if (reg == null || registries.isEmpty()) {
      return;
    }
    String vip = vip(ctx);
    Lvscare.builder()
        .runner(CommandRunner.on(ctx.host(ip)))
        .events(ctx.events())
        .build()
        .apply(
            VirtualServer.parse(
                endpoint(vip, reg.port()),
                registries.stream().map(m -> endpoint(m, reg.port())).toList()));
    List<InetAddress> hosts = registries.stream().map(Endpoint::ip).toList();
    StaticPod pod =
        new LvscareManifests()
            .regLvscare(
                LvscareManifests.image(reg.url()),
                Endpoint.ip(vip),
                reg.port(),
                hosts,
                reg.insecure() || !registryHasCertificate(reg));
    copy(ctx, ip, pod.yaml(), pod.path(), 0600);
  }

  private boolean registryHasCertificate(LocalRegistry reg) {
    return imageRootfs != null
        && Files.isRegularFile(imageRootfs.resolve("certs/" + reg.domain() + ".crt"));
  }

  /** Roles, labels and taints (spec §6.2 step 10), then the post-checks. */
  private List<Step> finish(RunContext ctx, List<String> hosts) {
    String master0 = ctx.cluster().master0();
    StringBuilder wanted = new StringBuilder();
    for (String ip : hosts) {
      ctx.cluster()
          .hostOf(ip)
          .ifPresent(
              h -> wanted.append(ip).append(h.roles()).append(h.labels()).append(h.taints()));
    }
    List<Step> steps = new ArrayList<>();
    steps.add(
        new Step(
            "kube-nodes",
            master0,
            "label and taint " + hosts.size() + " node(s)",
            inputs(ctx, "labels", wanted.toString()),
            () -> labelNodes(ctx, hosts)));
    String registry = registryInfo(ctx);
    steps.add(
        new Step(
            "kube-state",
            master0,
            "save the Clusterfile, registry and admin.conf in kube-system",
            inputs(ctx, "state", clusterfileText, registry),
            () -> saveState(ctx, registry)));
    steps.add(
        Step.always("kube-check", master0, "check the nodes are Ready", () -> checkReady(ctx)));
    return steps;
  }

  /** The {@code sealer-registry} ConfigMap's {@code registry} value (spec §5.5). */
  private static String registryInfo(RunContext ctx) {
    Cluster cluster = ctx.cluster();
    StringBuilder y = new StringBuilder();
    if (cluster.registry().external() != null) {
      y.append("external:\n  url: ").append(cluster.registry().url()).append('\n');
    }
    LocalRegistry reg = localRegistry(cluster);
    if (reg != null) {
      y.append("local:\n")
          .append("  domain: ")
          .append(reg.domain())
          .append("\n  port: ")
          .append(reg.port())
          .append("\n  ha: ")
          .append(cluster.registry().isHaLocal())
          .append("\n  insecure: ")
          .append(reg.insecure())
          .append("\n  deployHosts:\n");
      registryHosts(cluster).forEach(ip -> y.append("  - ").append(ip).append('\n'));
      y.append("  vip: ").append(vip(ctx)).append('\n');
      if (reg.username() != null) {
        y.append("  username: ").append(reg.username()).append('\n');
      }
    }
    return y.toString();
  }

  /**
   * ConfigMaps {@code kube-system/sealer-clusterfile} and {@code kube-system/sealer-registry}, and
   * Secret {@code kube-system/admin.conf} with master0's IP as server (spec §5.5); the files go
   * through a private directory on master0, never through a command line.
   */
  private void saveState(RunContext ctx, String registry) {
    String master0 = ctx.cluster().master0();
    String dir = ctx.rootfs() + "/.kube-state";
    copy(ctx, master0, clusterfileText, dir + "/Clusterfile", 0600);
    copy(ctx, master0, registry, dir + "/registry", 0600);
    String d = Shell.quote(dir);
    String ns = " -n kube-system ";
    exec(
        ctx,
        master0,
        "set -e; trap 'rm -rf "
            + d
            + "' EXIT; umask 077;"
            + " sed 's/"
            + APISERVER.replace(".", "\\.")
            + "/"
            + master0
            + "/g' /etc/kubernetes/admin.conf > "
            + d
            + "/admin.conf;"
            + " "
            + KUBECTL
            + ns
            + "create configmap sealer-clusterfile --from-file=Clusterfile="
            + d
            + "/Clusterfile --dry-run=client -o yaml | "
            + KUBECTL
            + "apply -f -;"
            + " "
            + KUBECTL
            + ns
            + "create configmap sealer-registry --from-file=registry="
            + d
            + "/registry --dry-run=client -o yaml | "
            + KUBECTL
            + "apply -f -;"
            + " "
            + KUBECTL
            + ns
            + "create secret generic admin.conf --from-file=admin.conf="
            + d
            + "/admin.conf --dry-run=client -o yaml | "
            + KUBECTL
            + "apply -f - >/dev/null",
        "save the cluster's state in kube-system");
  }

  private void labelNodes(RunContext ctx, List<String> hosts) {
    String master0 = ctx.cluster().master0();
    Map<String, String> names = nodeNames(ctx);
    for (String ip : hosts) {
      Host host = ctx.cluster().hostOf(ip).orElse(null);
      String name = names.get(ip);
      if (host == null) {
        continue;
      }
      if (name == null) {
        throw new SealerException(
            "no Kubernetes node has InternalIP " + ip + " (kubectl get nodes on " + master0 + ")");
      }
      List<String> labels = new ArrayList<>();
      for (String role : host.roles()) {
        labels.add("node-role.kubernetes.io/" + role + "=");
      }
      host.labels().forEach((k, v) -> labels.add(k + "=" + v));
      if (!labels.isEmpty()) {
        kubectl(
            ctx,
            "label node " + Shell.quote(name) + " --overwrite " + quoteAll(labels),
            "label node " + name);
      }
      if (!host.taints().isEmpty()) {
        List<String> taints = host.taints().stream().map(Taint::toString).toList();
        kubectl(
            ctx,
            "taint node " + Shell.quote(name) + " --overwrite " + quoteAll(taints),
            "taint node " + name);
      }
    }
  }

  private void checkReady(RunContext ctx) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> missing;
    while (true) {
      Map<String, Boolean> ready = readiness(ctx);
      missing =
          ctx.cluster().allIps().stream()
              .filter(ctx.hosts()::containsKey)
              .filter(ip -> !Boolean.TRUE.equals(ready.get(ip)))
              .toList();
      if (missing.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(2000);
    }
    if (!missing.isEmpty()) {
      throw new SealerException(
          "nodes not Ready after 30 s: "
              + String.join(", ", missing)
              + "; look with `sealer exec -r master kubectl get nodes -o wide` and the kubelet"
              + " log on those hosts, then run the same command again");
    }
    ctx.events().log(LogEvent.info("all " + ctx.cluster().allIps().size() + " nodes are Ready"));
  }

  // ---- cert ----

  /**
   * {@code sealer cert --alt-names}: on every master, its API server certificate issued again with
   * the SANs of the context's cluster (env {@code CertSANs}), put in place, and the API server's
   * static pod restarted (its manifest moved out and back, as kubelet restarts a changed pod).
   */
  List<Step> renewApiServerCertificates(RunContext ctx) {
    List<Step> steps = new ArrayList<>();
    for (String ip : ctx.cluster().masters()) {
      steps.add(
          Step.always(
              "cert",
              ip,
              "issue the API server certificate again",
              () -> {
                Path pki = pkiFor(ctx, ip);
                for (String f : List.of("apiserver.key", "apiserver.crt")) {
                  int mode = f.endsWith(".key") ? 0600 : 0644;
                  copyFile(ctx, ip, pki.resolve(f), "/etc/kubernetes/pki/" + f, mode);
                  copyFile(ctx, ip, pki.resolve(f), ctx.rootfs() + "/pki/" + f, mode);
                }
                exec(
                    ctx,
                    ip,
                    "f=/etc/kubernetes/manifests/kube-apiserver.yaml; if [ -f $f ]; then"
                        + " mv $f /etc/kubernetes/kube-apiserver.yaml.bounce && sleep 1"
                        + " && mv /etc/kubernetes/kube-apiserver.yaml.bounce $f; fi",
                    "restart the API server");
              }));
    }
    return steps;
  }

  // ---- reset ----

  private void deleteNodes(RunContext ctx, List<String> gone) {
    Map<String, String> names;
    try {
      names = nodeNames(ctx);
    } catch (RuntimeException e) {
      ctx.events()
          .log(
              LogEvent.warn(
                  "could not list the nodes on "
                      + ctx.cluster().master0()
                      + ": "
                      + e.getMessage()
                      + "; the nodes are left in Kubernetes"));
      return;
    }
    for (String ip : gone) {
      String name = names.get(ip);
      if (name == null) {
        ctx.events().log(LogEvent.info(ip + " is not a Kubernetes node; nothing to delete"));
        continue;
      }
      kubectl(ctx, "delete node " + Shell.quote(name), "delete node " + name);
    }
  }

  private void resetHost(RunContext ctx, String ip) {
    String vip = vip(ctx);
    LocalRegistry reg = localRegistry(ctx.cluster());
    exec(
        ctx,
        ip,
        "if command -v kubeadm >/dev/null 2>&1; then kubeadm reset -f -v 0; fi;"
            // contents only: /var/lib/kubelet or /var/lib/etcd may be mount points
            + " rm -rf /etc/kubernetes /var/lib/kubelet/* /var/lib/etcd/* /var/etcd/*"
            + " /root/.kube/config"
            + " /usr/bin/kubeadm /usr/bin/kubelet /usr/bin/kubectl /usr/bin/kubelet-pre-start.sh"
            + " /etc/sysctl.d/k8s.conf /etc/cni /opt/cni /etc/sealerio/cri/socket-path",
        "kubeadm reset");
    removeHostsEntry(ctx, ip, APISERVER);
    if (reg != null) {
      removeHostsEntry(ctx, ip, reg.domain());
    }
    if (!ctx.cluster().masters().contains(ip)) {
      Lvscare lvscare =
          Lvscare.builder().runner(CommandRunner.on(ctx.host(ip))).events(ctx.events()).build();
      lvscare.clean(Endpoint.parse(endpoint(vip, KubeadmConfigBuilder.APISERVER_PORT)));
      if (reg != null) {
        lvscare.clean(Endpoint.parse(endpoint(vip, reg.port())));
      }
    }
    String uninstall = ctx.rootfs() + "/scripts/uninstall-" + cri + ".sh";
    exec(
        ctx,
        ip,
        "if [ -f " + Shell.quote(uninstall) + " ]; then bash " + Shell.quote(uninstall) + "; fi",
        "uninstall the container runtime");
  }

  // ---- helpers ----

  private KubernetesPki pki() throws IOException {
    // the service CIDR and DNS domain the cluster was made with, recorded at its first PKI (a
    // later `cert` has no image to merge the kubeadm config from)
    Path networking = stateDir.resolve("networking");
    String serviceCidr;
    String dnsDomain;
    if (imageRootfs == null && Files.isRegularFile(networking)) {
      String[] words = Files.readString(networking, StandardCharsets.UTF_8).strip().split("\\s+");
      serviceCidr = words[0];
      dnsDomain = words.length > 1 ? words[1] : "cluster.local";
    } else {
      KubeadmConfig cfg = config;
      if (cfg == null) {
        throw new IllegalStateException("kubeadm config not built");
      }
      Map<String, @Nullable Object> cluster = cfg.document("ClusterConfiguration").orElseThrow();
      Object net = cluster.get("networking");
      serviceCidr = "10.96.0.0/22";
      dnsDomain = "cluster.local";
      if (net instanceof Map<?, ?> n) {
        if (n.get("serviceSubnet") != null) {
          serviceCidr = String.valueOf(n.get("serviceSubnet"));
        }
        if (n.get("dnsDomain") != null) {
          dnsDomain = String.valueOf(n.get("dnsDomain"));
        }
      }
      Files.createDirectories(stateDir);
      Path tmp = Files.createTempFile(stateDir, ".networking", ".tmp");
      Files.writeString(tmp, serviceCidr + " " + dnsDomain + "\n", StandardCharsets.UTF_8);
      io.sealer.filesystem.AtomicFiles.move(tmp, networking);
    }
    return KubernetesPki.builder()
        .masters(pkiMasters)
        .serviceCidr(serviceCidr)
        .dnsDomain(dnsDomain)
        .vip(currentVip)
        .certSans(currentSans)
        .build();
  }

  private volatile List<PkiNode> pkiMasters = List.of();
  private volatile String currentVip = KubeadmConfigBuilder.DEFAULT_VIP;
  private volatile List<String> currentSans = List.of();

  private synchronized Path pkiFor(RunContext ctx, String ip) throws IOException {
    if (imageRootfs != null || !Files.isRegularFile(stateDir.resolve("networking"))) {
      config(ctx, null);
    }
    List<PkiNode> nodes = new ArrayList<>();
    for (String m : ctx.cluster().masters()) {
      if (ctx.hosts().containsKey(m)) {
        nodes.add(new PkiNode(nodeName(ctx, m), m));
      }
    }
    pkiMasters = nodes;
    currentVip = vip(ctx);
    currentSans = certSans(ctx);
    Path dir = stateDir.resolve("pki").resolve(ip);
    pki().writeCertificates(dir, new PkiNode(nodeName(ctx, ip), ip));
    return dir;
  }

  private synchronized Path kubeconfigsFor(RunContext ctx, String ip, Path pkiDir)
      throws IOException {
    Path dir = stateDir.resolve("kubeconfig").resolve(ip);
    pki().writeKubeconfigs(dir, pkiDir, nodeName(ctx, ip));
    return dir;
  }

  private static List<String> certSans(RunContext ctx) {
    String sans = ctx.envFor(ctx.cluster().master0()).get("CertSANs");
    if (sans == null || sans.isBlank()) {
      return List.of();
    }
    return Arrays.stream(sans.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private synchronized KubeadmConfig config(RunContext ctx, @Nullable String criSocket) {
    if (config != null && criSocket == null) {
      return config;
    }
    Env env = ctx.envFor(ctx.cluster().master0());
    KubeadmConfigBuilder b =
        new KubeadmConfigBuilder(ctx.cluster().masters())
            .clusterfileDocuments(kubeadmDocuments)
            .vip(vip(ctx))
            .extraCertSans(certSans(ctx))
            .registryUrl(ctx.cluster().registry().url());
    String cgroup = env.get("CgroupDriver");
    if (cgroup != null && !cgroup.isBlank()) {
      b.cgroupDriver(cgroup);
    }
    if (imageRootfs != null) {
      b.imageRootfs(imageRootfs);
    }
    if (criSocket != null) {
      b.criSocket(criSocket);
    }
    KubeadmConfig built = b.build();
    config = built;
    return built;
  }

  private static String vip(RunContext ctx) {
    String v = ctx.envFor(ctx.cluster().master0()).get("IPvsVIPv4");
    return v == null || v.isBlank() ? KubeadmConfigBuilder.DEFAULT_VIP : v.strip();
  }

  private static String endpoint(String ip, int port) {
    return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
  }

  private String nodeName(RunContext ctx, String ip) {
    if ("true".equals(ctx.envFor(ip).get("UseIPasNodeName"))) {
      return ip;
    }
    return hostNames.computeIfAbsent(
        ip,
        h ->
            ctx.host(h)
                .exec(HostCommand.of("hostname").describedAs("read the host name").quiet())
                .orThrow()
                .stdout()
                .strip()
                .toLowerCase(java.util.Locale.ROOT));
  }

  private static String nodeNameFlag(RunContext ctx, String ip) {
    return "true".equals(ctx.envFor(ip).get("UseIPasNodeName")) ? " --node-name " + ip : "";
  }

  private static @Nullable String criSocket(RunContext ctx, String ip) {
    String s =
        ctx.host(ip)
            .exec(
                HostCommand.of("cat /etc/sealerio/cri/socket-path 2>/dev/null || true")
                    .describedAs("read the CRI socket path")
                    .quiet())
            .orThrow()
            .stdout()
            .strip();
    return s.isEmpty() ? null : s;
  }

  private synchronized JoinInfo joinInfo(RunContext ctx) {
    JoinInfo j = joinInfo;
    if (j != null) {
      return j;
    }
    String master0 = ctx.cluster().master0();
    config(ctx, null);
    CommandResult token =
        kubeadm(ctx, master0, "kubeadm token create --print-join-command -v 0", "token create");
    CommandResult certs =
        kubeadm(
            ctx, master0, "kubeadm init phase upload-certs --upload-certs -v 0", "upload-certs");
    Matcher key = KEY_LINE.matcher(certs.stdout());
    if (!key.find()) {
      throw new SealerException(
          master0 + ": kubeadm init phase upload-certs printed no certificate key");
    }
    j = parseJoin(master0, token.stdout(), key.group(1));
    joinInfo = j;
    return j;
  }

  static JoinInfo parseInit(String host, String out) {
    int start = out.indexOf("kubeadm join");
    int end = out.indexOf("Please note", Math.max(start, 0));
    String join = start < 0 ? out : out.substring(start, end < 0 ? out.length() : end);
    Matcher key = KEY.matcher(join);
    if (!key.find()) {
      throw new SealerException(
          host + ": kubeadm init printed no control-plane join command with a certificate key");
    }
    return parseJoin(host, join, key.group(1));
  }

  private static JoinInfo parseJoin(String host, String text, String key) {
    Matcher token = TOKEN.matcher(text);
    Matcher hash = HASH.matcher(text);
    if (!token.find() || !hash.find()) {
      throw new SealerException(host + ": kubeadm printed no join command (token and CA hash)");
    }
    return new JoinInfo(token.group(1), hash.group(1), key);
  }

  /** Runs kubeadm; a failure names the host, shows kubeadm's last lines and how to retry. */
  private CommandResult kubeadm(RunContext ctx, String ip, String command, String what) {
    CommandResult r =
        ctx.host(ip)
            .exec(
                HostCommand.of(command)
                    .withEnv(ctx.envFor(ip).values())
                    .describedAs("kubeadm " + what)
                    .quiet());
    if (!r.succeeded()) {
      String out = (r.stdout() + "\n" + r.stderr()).strip();
      List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
      String tail =
          String.join("\n    ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
      throw new SealerException(
          "kubeadm "
              + what
              + " failed on "
              + ip
              + " (exit "
              + r.exitCode()
              + "), its last lines:\n    "
              + tail
              + "\n  fix the cause and run the same sealer command again: the host is reset"
              + " (kubeadm reset -f) before kubeadm runs there again");
    }
    return r;
  }

  private CommandResult kubectl(RunContext ctx, String args, String what) {
    String master0 = ctx.cluster().master0();
    return ctx.host(master0)
        .exec(HostCommand.of(KUBECTL + args).describedAs("kubectl " + what).quiet())
        .orThrow();
  }

  /** Node name by InternalIP, from {@code kubectl get nodes -o json} on master0. */
  @SuppressWarnings("unchecked")
  private Map<String, String> nodeNames(RunContext ctx) {
    Map<String, String> names = new LinkedHashMap<>();
    for (Map<String, Object> item : nodeItems(ctx)) {
      String name = String.valueOf(((Map<String, Object>) item.get("metadata")).get("name"));
      internalIp(item).ifPresent(ip -> names.put(ip, name));
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Boolean> readiness(RunContext ctx) {
    Map<String, Boolean> ready = new LinkedHashMap<>();
    for (Map<String, Object> item : nodeItems(ctx)) {
      Map<String, Object> status = (Map<String, Object>) item.get("status");
      boolean ok = false;
      if (status != null && status.get("conditions") instanceof List<?> conditions) {
        for (Object c : conditions) {
          Map<String, Object> cond = (Map<String, Object>) c;
          if ("Ready".equals(cond.get("type")) && "True".equals(cond.get("status"))) {
            ok = true;
          }
        }
      }
      boolean isReady = ok;
      internalIp(item).ifPresent(ip -> ready.put(ip, isReady));
    }
    return ready;
  }

  @SuppressWarnings("unchecked")
  private static java.util.Optional<String> internalIp(Map<String, Object> item) {
    Map<String, Object> status = (Map<String, Object>) item.get("status");
    if (status != null && status.get("addresses") instanceof List<?> addresses) {
      for (Object a : addresses) {
        Map<String, Object> addr = (Map<String, Object>) a;
        if ("InternalIP".equals(addr.get("type"))) {
          return java.util.Optional.of(String.valueOf(addr.get("address")));
        }
      }
    }
    return java.util.Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> nodeItems(RunContext ctx) {
    String json = kubectl(ctx, "get nodes -o json", "get nodes").stdout();
    Object doc;
    try {
      doc = new Load(LoadSettings.builder().build()).loadFromString(json);
    } catch (RuntimeException e) {
      throw new SealerException(
          ctx.cluster().master0()
              + ": kubectl get nodes -o json printed no JSON: "
              + e.getMessage());
    }
    if (!(doc instanceof Map<?, ?> m) || !(m.get("items") instanceof List<?> items)) {
      throw new SealerException(
          ctx.cluster().master0() + ": kubectl get nodes -o json printed no item list");
    }
    return (List<Map<String, Object>>) items;
  }

  private void initKube(RunContext ctx, String ip) {
    exec(
        ctx,
        ip,
        "cd "
            + Shell.quote(ctx.rootfs() + "/scripts")
            + " && export RegistryURL="
            + Shell.quote(ctx.cluster().registry().url())
            + " && bash init-kube.sh",
        "init-kube.sh");
  }

  /** A host where kubeadm ran before without the step finishing is reset first (a retry). */
  private boolean resetIfHalfDone(RunContext ctx, String ip, String marker) {
    if (test(ctx, ip, "-e " + marker + " -o -e /etc/kubernetes/manifests/kube-apiserver.yaml")
        && test(ctx, ip, "-x /usr/bin/kubeadm")) {
      ctx.events()
          .log(
              LogEvent.warn(
                  ip + ": an earlier kubeadm run here did not finish; kubeadm reset -f first"));
      exec(ctx, ip, "kubeadm reset -f -v 0 && rm -rf /etc/kubernetes/pki", "kubeadm reset");
      return true;
    }
    return false;
  }

  private void auditPolicy(RunContext ctx, String ip) {
    String src = ctx.rootfs() + "/statics/audit-policy.yml";
    exec(
        ctx,
        ip,
        "if [ -f "
            + Shell.quote(src)
            + " ]; then mkdir -p /etc/kubernetes && cp "
            + Shell.quote(src)
            + " /etc/kubernetes/audit-policy.yml; fi",
        "copy the audit policy");
  }

  /** Replaces every /etc/hosts line naming {@code name} by {@code <target> <name> #tag}. */
  private void hostsEntry(RunContext ctx, String ip, String name, String target) {
    exec(
        ctx,
        ip,
        withoutHostsName(name)
            + " && echo "
            + Shell.quote(target + " " + name + " " + HOSTS_TAG)
            + " >> \"$tmp\" && cat \"$tmp\" > /etc/hosts && rm -f \"$tmp\"",
        "set " + name + " in /etc/hosts");
  }

  private void removeHostsEntry(RunContext ctx, String ip, String name) {
    exec(
        ctx,
        ip,
        withoutHostsName(name) + " && cat \"$tmp\" > /etc/hosts && rm -f \"$tmp\"",
        "remove " + name + " from /etc/hosts");
  }

  private static String withoutHostsName(String name) {
    return "tmp=$(mktemp) && awk -v n="
        + Shell.quote(name)
        + " '{for (i = 2; i <= NF; i++) if ($i == n) next} {print}' /etc/hosts > \"$tmp\"";
  }

  private static boolean test(RunContext ctx, String ip, String expression) {
    return ctx.host(ip)
        .exec(HostCommand.of("[ " + expression + " ]").describedAs("test " + expression).quiet())
        .succeeded();
  }

  private static void exec(RunContext ctx, String ip, String script, String description) {
    ctx.host(ip)
        .exec(HostCommand.of(script).withEnv(ctx.envFor(ip).values()).describedAs(description))
        .orThrow();
  }

  private static void copy(RunContext ctx, String ip, String text, String path, int mode) {
    ctx.host(ip).copy(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), path, mode);
  }

  private static void copyFile(RunContext ctx, String ip, Path file, String path, int mode)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      ctx.host(ip).copy(in, path, mode);
    }
  }

  /** Copies a local directory's files (keys 0600, the rest 0644). */
  private static void copyTree(RunContext ctx, String ip, Path dir, String target)
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      String rel = dir.relativize(f).toString().replace('\\', '/');
      int mode = rel.endsWith(".key") ? 0600 : 0644;
      copyFile(ctx, ip, f, target + "/" + rel, mode);
    }
  }

  private static String quoteAll(List<String> words) {
    return String.join(" ", words.stream().map(Shell::quote).toList());
  }

  private static String inputs(RunContext ctx, String... parts) {
    String[] all = new String[parts.length + 1];
    all[0] = ctx.imageId();
    System.arraycopy(parts, 0, all, 1, parts.length);
    return Planner.digest(all);
  }
}
