package io.sealer.api.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code kind: Cluster} document (sealer.io/v2; v1 documents are read into this form too).
 *
 * @param name {@code metadata.name}, used in paths; {@code my-cluster} when absent
 * @param annotations {@code metadata.annotations}
 * @param image the ClusterImage
 * @param env {@code KEY=VALUE} strings as written (later duplicates win), see {@link #clusterEnv()}
 * @param cmd launch commands that replace the image's, may be empty
 * @param cmdArgs legacy v0.8 CMD args, unused
 * @param appNames apps to launch instead of the image's LAUNCH, or null to keep it
 * @param ssh cluster-wide SSH settings (user {@code root} and port {@code 22} by default)
 * @param hosts the host groups, in order; master0 is the first IP of the first master group
 * @param containerRuntime {@code docker} or {@code containerd} to override the image label, or null
 * @param hostAliases extra {@code /etc/hosts} lines
 * @param registry the registries, defaults applied
 * @param dataRoot where clusters live on the hosts, default {@code /var/lib/sealer/data}
 */
public record Cluster(
    String name,
    Map<String, String> annotations,
    String image,
    List<String> env,
    List<String> cmd,
    List<String> cmdArgs,
    @Nullable List<String> appNames,
    Ssh ssh,
    List<Host> hosts,
    @Nullable String containerRuntime,
    List<HostAlias> hostAliases,
    Registry registry,
    String dataRoot) {

  /** The default of {@link #dataRoot()}. */
  public static final String DEFAULT_DATA_ROOT = "/var/lib/sealer/data";

  /** Env keys Sealer derives itself; values given by users are dropped. */
  public static final List<String> RESERVED_ENV =
      List.of(
          "LocalRegistryDomain",
          "LocalRegistryPort",
          "LocalRegistryURL",
          "ExternalRegistryDomain",
          "ExternalRegistryPort",
          "ExternalRegistryURL",
          "RegistryDomain",
          "RegistryPort",
          "RegistryURL",
          "ContainerRuntime",
          "DNSSvcIP",
          "KubeSvcIP");

  /** Copies the parts. */
  public Cluster {
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    env = List.copyOf(env);
    cmd = List.copyOf(cmd);
    cmdArgs = List.copyOf(cmdArgs);
    appNames = appNames == null ? null : List.copyOf(appNames);
    hosts = List.copyOf(hosts);
    hostAliases = List.copyOf(hostAliases);
  }

  /** Every IP of hosts with the given role, in order. */
  public List<String> ipsWithRole(String role) {
    List<String> out = new ArrayList<>();
    hosts.stream().filter(h -> h.hasRole(role)).forEach(h -> out.addAll(h.ips()));
    return out;
  }

  /** The master IPs in order. */
  public List<String> masters() {
    return ipsWithRole(Host.MASTER);
  }

  /** The IPs kubeadm joins as workers (role {@code node}). */
  public List<String> nodes() {
    return ipsWithRole(Host.NODE);
  }

  /** The first master, where Sealer runs kubeadm init and launches apps. */
  public String master0() {
    List<String> m = masters();
    if (m.isEmpty()) {
      throw new IllegalStateException("cluster " + name + " has no master");
    }
    return m.get(0);
  }

  /** Every IP of the cluster, in order. */
  public List<String> allIps() {
    List<String> out = new ArrayList<>();
    hosts.forEach(h -> out.addAll(h.ips()));
    return out;
  }

  /** The host group of an IP. */
  public Optional<Host> hostOf(String ip) {
    return hosts.stream().filter(h -> h.ips().contains(ip)).findFirst();
  }

  /** The SSH settings for an IP: the host's over the cluster's. */
  public Ssh sshFor(String ip) {
    Ssh own = hostOf(ip).map(Host::ssh).orElse(null);
    return own == null ? ssh : own.mergedOver(ssh);
  }

  /**
   * The cluster env: {@code spec.env} without the reserved keys, plus the values Sealer derives
   * (registry domain/port/URL, {@code ContainerRuntime}, {@code KubeSvcIP} and {@code DNSSvcIP}
   * from {@code SvcCIDR}, {@code HostIPFamily=ipv6} for IPv6 clusters).
   */
  public Env clusterEnv() {
    return ClusterEnv.derive(this);
  }

  /**
   * The env for commands on one host: image env, then {@link #clusterEnv()}, then the host's env,
   * plus {@code HostIP} if absent.
   */
  public Env envFor(String ip, Env imageEnv) {
    Env hostEnv = hostOf(ip).map(h -> Env.parse(h.env())).orElse(Env.EMPTY);
    Env merged = imageEnv.overriddenBy(clusterEnv()).overriddenBy(hostEnv);
    return merged.get("HostIP") == null ? merged.with("HostIP", ip) : merged;
  }

  /** This cluster under another name. */
  public Cluster withName(String newName) {
    return new Cluster(
        newName,
        annotations,
        image,
        env,
        cmd,
        cmdArgs,
        appNames,
        ssh,
        hosts,
        containerRuntime,
        hostAliases,
        registry,
        dataRoot);
  }

  /** This cluster with other annotations. */
  public Cluster withAnnotations(Map<String, String> newAnnotations) {
    return new Cluster(
        name,
        newAnnotations,
        image,
        env,
        cmd,
        cmdArgs,
        appNames,
        ssh,
        hosts,
        containerRuntime,
        hostAliases,
        registry,
        dataRoot);
  }

  /** This cluster with other cluster-wide SSH settings. */
  public Cluster withSsh(Ssh newSsh) {
    return new Cluster(
        name,
        annotations,
        image,
        env,
        cmd,
        cmdArgs,
        appNames,
        newSsh,
        hosts,
        containerRuntime,
        hostAliases,
        registry,
        dataRoot);
  }

  /** This cluster made from another image, launching {@code newAppNames} (null: the image's). */
  public Cluster withImage(String newImage, @Nullable List<String> newAppNames) {
    return new Cluster(
        name,
        annotations,
        newImage,
        env,
        cmd,
        cmdArgs,
        newAppNames,
        ssh,
        hosts,
        containerRuntime,
        hostAliases,
        registry,
        dataRoot);
  }

  /** This cluster with other registries. */
  public Cluster withRegistry(Registry newRegistry) {
    return new Cluster(
        name,
        annotations,
        image,
        env,
        cmd,
        cmdArgs,
        appNames,
        ssh,
        hosts,
        containerRuntime,
        hostAliases,
        newRegistry,
        dataRoot);
  }

  /** This cluster with other host groups. */
  public Cluster withHosts(List<Host> newHosts) {
    return new Cluster(
        name,
        annotations,
        image,
        env,
        cmd,
        cmdArgs,
        appNames,
        ssh,
        newHosts,
        containerRuntime,
        hostAliases,
        registry,
        dataRoot);
  }
}
