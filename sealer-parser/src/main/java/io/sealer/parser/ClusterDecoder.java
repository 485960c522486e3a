package io.sealer.parser;

import static io.sealer.parser.ClusterfileReader.optional;
import static io.sealer.parser.ClusterfileReader.orEmpty;

import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Env;
import io.sealer.api.cluster.Host;
import io.sealer.api.cluster.HostAlias;
import io.sealer.api.cluster.IpList;
import io.sealer.api.cluster.Ssh;
import io.sealer.api.cluster.Taint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes and checks a {@code kind: Cluster} document: defaults of spec §4.2 applied, IPs and
 * ranges expanded, taints and env checked, a master required, one IP family, no IP twice. A v1
 * document ({@code spec.masters}/{@code spec.nodes}) becomes two host groups.
 */
final class ClusterDecoder {
  static final String DEFAULT_NAME = "my-cluster";

  ClusterDecoder() {}

  Cluster decode(YamlTree doc) {
    YamlTree spec = doc.get("spec").orElseThrow(() -> doc.error("kind Cluster needs a spec"));
    String name = doc.get("metadata").flatMap(m -> m.get("name")).map(YamlTree::string).orElse("");
    Map<String, String> annotations =
        doc.get("metadata")
            .flatMap(m -> m.get("annotations"))
            .map(YamlTree::stringMap)
            .orElse(Map.of());
    String image = orEmpty(spec, "image");
    if (image.isBlank()) {
      throw spec.error("spec.image is required: the ClusterImage to run");
    }
    List<String> env = new ArrayList<>(spec.get("env").map(YamlTree::strings).orElse(List.of()));
    spec.get("env").ifPresent(ClusterDecoder::checkEnv);
    List<Host> hosts;
    if (spec.get("hosts").isEmpty()
        && (spec.get("masters").isPresent() || spec.get("nodes").isPresent())) {
      hosts = V1Cluster.hosts(spec, env);
    } else {
      hosts = new ArrayList<>();
      for (YamlTree h : spec.get("hosts").map(YamlTree::list).orElse(List.of())) {
        hosts.add(host(h));
      }
    }
    checkHosts(spec, hosts);
    checkSvcCidr(spec, env);
    Ssh ssh = spec.get("ssh").map(this::ssh).orElse(Ssh.EMPTY);
    ssh =
        new Ssh(
            ssh.user() == null || ssh.user().isEmpty() ? "root" : ssh.user(),
            ssh.passwd(),
            ssh.pk(),
            ssh.pkPasswd(),
            ssh.port() == null || ssh.port().isEmpty() ? "22" : ssh.port(),
            ssh.encrypted());
    List<HostAlias> aliases = new ArrayList<>();
    for (YamlTree a : spec.get("hostAliases").map(YamlTree::list).orElse(List.of())) {
      String ip = orEmpty(a, "ip");
      if (!IpList.isIp(ip)) {
        throw a.get("ip").orElse(a).error("invalid IP " + ip + " in " + a.path() + ".ip");
      }
      aliases.add(new HostAlias(ip, a.get("hostnames").map(YamlTree::strings).orElse(List.of())));
    }
    String runtime = spec.get("containerRuntime").map(c -> optional(c, "type")).orElse(null);
    return new Cluster(
        name.isEmpty() ? DEFAULT_NAME : name,
        annotations,
        image,
        env,
        spec.get("cmd").map(YamlTree::strings).orElse(List.of()),
        spec.get("cmd_args").map(YamlTree::strings).orElse(List.of()),
        spec.get("appNames").map(YamlTree::strings).orElse(null),
        ssh,
        hosts,
        runtime == null || runtime.isEmpty() ? null : runtime,
        aliases,
        RegistryDecoder.decode(spec.get("registry").orElse(null)),
        Optional.ofNullable(optional(spec, "dataRoot"))
            .filter(s -> !s.isEmpty())
            .orElse(Cluster.DEFAULT_DATA_ROOT));
  }

  private Host host(YamlTree h) {
    List<String> ips = new ArrayList<>();
    YamlTree ipsNode = h.get("ips").orElseThrow(() -> h.error(h.path() + " needs ips"));
    for (YamlTree item : ipsNode.list()) {
      ips.addAll(ips(item, ipsNode.path()));
    }
    if (ips.isEmpty()) {
      throw ipsNode.error(ipsNode.path() + " is empty");
    }
    List<String> roles = h.get("roles").map(YamlTree::strings).orElse(List.of());
    if (roles.isEmpty() || roles.stream().anyMatch(String::isBlank)) {
      throw h.error(h.path() + ".roles must name master, node or a custom role");
    }
    h.get("env").ifPresent(ClusterDecoder::checkEnv);
    List<Taint> taints = new ArrayList<>();
    for (YamlTree t : h.get("taints").map(YamlTree::list).orElse(List.of())) {
      try {
        taints.add(Taint.parse(t.isNull() ? "" : t.string()));
      } catch (IllegalArgumentException e) {
        throw t.error(e.getMessage() + " in " + t.path());
      }
    }
    Ssh ssh = h.get("ssh").map(this::ssh).orElse(null);
    return new Host(
        ips,
        roles,
        Ssh.EMPTY.equals(ssh) ? null : ssh,
        h.get("env").map(YamlTree::strings).orElse(List.of()),
        h.get("labels").map(YamlTree::stringMap).orElse(Map.of()),
        taints);
  }

  private Ssh ssh(YamlTree s) {
    String port = optional(s, "port");
    if (port != null && !port.isEmpty()) {
      s.get("port").orElseThrow().port();
    }
    Boolean encrypted = s.get("encrypted").map(YamlTree::bool).orElse(null);
    return new Ssh(
        optional(s, "user"),
        optional(s, "passwd"),
        optional(s, "pk"),
        optional(s, "pkPasswd"),
        port,
        encrypted);
  }

  private void checkHosts(YamlTree spec, List<Host> hosts) {
    Map<String, Integer> seen = new HashMap<>();
    Boolean v6 = null;
    for (int i = 0; i < hosts.size(); i++) {
      for (String ip : hosts.get(i).ips()) {
        Integer before = seen.putIfAbsent(ip, i);
        String where = hostPath(spec, i);
        if (before != null) {
          throw at(spec, i)
              .error(
                  "IP " + ip + " is given twice, in " + hostPath(spec, before) + " and " + where);
        }
        if (v6 == null) {
          v6 = IpList.isIpv6(ip);
        } else if (v6 != IpList.isIpv6(ip)) {
          throw at(spec, i)
              .error(
                  "IP " + ip + " in " + where + " is not of the same IP family as the other hosts");
        }
      }
    }
    if (hosts.stream().noneMatch(h -> h.hasRole(Host.MASTER))) {
      throw spec.get("hosts")
          .orElse(spec)
          .error("the cluster has no master: give at least one host in spec.hosts the role master");
    }
  }

  private static String hostPath(YamlTree spec, int i) {
    return spec.get("hosts").isPresent() ? "spec.hosts[" + i + "].ips" : "spec.masters/spec.nodes";
  }

  private static YamlTree at(YamlTree spec, int i) {
    Optional<YamlTree> hosts = spec.get("hosts");
    if (hosts.isPresent() && hosts.get().list().size() > i) {
      return hosts.get().list().get(i);
    }
    return spec;
  }

  private static void checkSvcCidr(YamlTree spec, List<String> env) {
    Map<String, String> map = new LinkedHashMap<>(Env.parse(env).values());
    String svc = map.get("SvcCIDR");
    if (svc != null && !svc.isBlank()) {
      try {
        IpList.nthInCidr(svc.split(",")[0], 10);
      } catch (IllegalArgumentException e) {
        throw spec.get("env").orElse(spec).error("invalid SvcCIDR '" + svc + "' in spec.env");
      }
    }
  }

  /** The IPs of one list item (an IP, a range or a comma list), refused with its line. */
  static List<String> ips(YamlTree item, String where) {
    try {
      return IpList.parse(item.isNull() ? "" : item.string());
    } catch (IllegalArgumentException e) {
      throw item.error(e.getMessage() + " in " + where);
    }
  }

  static void checkEnv(YamlTree list) {
    for (YamlTree item : list.list()) {
      String v = item.isNull() ? "" : item.string();
      if (v.indexOf('=') <= 0) {
        throw item.error("invalid env '" + v + "' in " + item.path() + ": expected KEY=VALUE");
      }
    }
  }
}
