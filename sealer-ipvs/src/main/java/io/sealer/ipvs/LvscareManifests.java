package io.sealer.ipvs;

import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The lvscare static pods the Kubernetes runtime writes on every worker (Sealer's §7): {@code
 * kube-lvscare} for the API server ({@code VIP:6443} over every master's {@code :6443}, probed with
 * {@code https /healthz}) and {@code reg-lvscare} for the HA registry ({@code VIP:<port>} over the
 * registry hosts, probed with {@code https /}, or {@code http} when the registry is insecure).
 *
 * <p>The text is the one Kubernetes' serializer writes for such a Pod (keys sorted, {@code
 * creationTimestamp: null}, {@code resources: {}}, {@code status: {}}), so a manifest Sealer wrote
 * and one written here are byte-identical and a re-run changes nothing. Real servers are sorted by
 * their IP as text, as Sealer sorts the masters, so the order the hosts were listed in does not
 * matter.
 */
public final class LvscareManifests {
  /** Where kubelet reads static pods. */
  public static final String MANIFEST_DIR = "/etc/kubernetes/manifests";

  /** The API server's pod. */
  public static final String KUBE_LVSCARE = "kube-lvscare";

  /** The HA registry's pod. */
  public static final String REG_LVSCARE = "reg-lvscare";

  /** The lvscare image under the cluster's registry. */
  public static final String IMAGE_PATH = "sealerio/lvscare:v1.1.3-beta.8";

  /** The API server's port. */
  public static final int APISERVER_PORT = 6443;

  private static final Pattern PLAIN =
      Pattern.compile("[A-Za-z0-9/._\\-][A-Za-z0-9/._:\\-\\[\\]]*");
  private static final Pattern SPECIAL =
      Pattern.compile("(?i)(|~|null|true|false|yes|no|on|off|y|n|[-+]?[0-9._]+([eE][-+]?[0-9]+)?)");

  /** Creates the generator; it has no state. */
  @Inject
  public LvscareManifests() {}

  /** {@code <registryUrl>/sealerio/lvscare:v1.1.3-beta.8}, e.g. for {@code sea.hub:5000}. */
  public static String image(String registryUrl) {
    return registryUrl + "/" + IMAGE_PATH;
  }

  /** {@code kube-lvscare}: {@code vip:6443} over every master's {@code :6443}. */
  public StaticPod kubeLvscare(String image, InetAddress vip, Collection<InetAddress> masters) {
    return staticPod(
        KUBE_LVSCARE,
        image,
        virtualServer(vip, APISERVER_PORT, masters),
        HealthCheck.Scheme.HTTPS,
        HealthCheck.DEFAULT_PATH);
  }

  /**
   * {@code reg-lvscare}: {@code vip:port} over the registry hosts' {@code :port}, probed at {@code
   * /} with https, or http if the registry is insecure.
   */
  public StaticPod regLvscare(
      String image, InetAddress vip, int port, Collection<InetAddress> hosts, boolean insecure) {
    return staticPod(
        REG_LVSCARE,
        image,
        virtualServer(vip, port, hosts),
        insecure ? HealthCheck.Scheme.HTTP : HealthCheck.Scheme.HTTPS,
        "/");
  }

  private static VirtualServer virtualServer(
      InetAddress vip, int port, Collection<InetAddress> hosts) {
    List<Endpoint> rs = new ArrayList<>();
    for (InetAddress host : new LinkedHashSet<>(hosts)) {
      rs.add(new Endpoint(host, port));
    }
    return new VirtualServer(new Endpoint(vip, port), rs);
  }

  /**
   * Any lvscare pod: container {@code main} running {@code /usr/bin/lvscare care --vs VIP
   * --health-path PATH --health-schem SCHEME --rs RS ...}, privileged, on the host network, with
   * {@code /lib/modules} mounted read-only. Real servers are sorted by IP text.
   */
  public StaticPod staticPod(
      String name, String image, VirtualServer vs, HealthCheck.Scheme scheme, String path) {
    if (vs.realServers().isEmpty()) {
      throw new IllegalArgumentException(name + " needs at least one real server");
    }
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "care",
            "--vs",
            vs.vip().toString(),
            "--health-path",
            path,
            "--health-schem",
            scheme.toString()));
    vs.realServers().stream()
        .sorted(Comparator.comparing((Endpoint rs) -> rs.ip()).thenComparingInt(Endpoint::port))
        .forEach(rs -> args.addAll(List.of("--rs", rs.toString())));
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: v1\n");
    y.append("kind: Pod\n");
    y.append("metadata:\n");
    y.append("  creationTimestamp: null\n");
    y.append("  name: ").append(scalar(name)).append('\n');
    y.append("  namespace: kube-system\n");
    y.append("spec:\n");
    y.append("  containers:\n");
    y.append("  - args:\n");
    for (String arg : args) {
      y.append("    - ").append(scalar(arg)).append('\n');
    }
    y.append("    command:\n");
    y.append("    - /usr/bin/lvscare\n");
    y.append("    image: ").append(scalar(image)).append('\n');
    y.append("    imagePullPolicy: IfNotPresent\n");
    y.append("    name: main\n");
    y.append("    resources: {}\n");
    y.append("    securityContext:\n");
    y.append("      privileged: true\n");
    y.append("    volumeMounts:\n");
    y.append("    - mountPath: /lib/modules\n");
    y.append("      name: lib-modules\n");
    y.append("      readOnly: true\n");
    y.append("  hostNetwork: true\n");
    y.append("  volumes:\n");
    y.append("  - hostPath:\n");
    y.append("      path: /lib/modules\n");
    y.append("      type: \"\"\n");
    y.append("    name: lib-modules\n");
    y.append("status: {}\n");
    return new StaticPod(name, MANIFEST_DIR + "/" + name + ".yaml", y.toString());
  }

  /** A YAML scalar: plain when it reads back as the same string, else single-quoted. */
  static String scalar(String value) {
    if (PLAIN.matcher(value).matches() && !SPECIAL.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "''") + "'";
  }
}
