package io.sealer.ipvs;

import io.sealer.api.host.CommandResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IPVS backend, as Sealer's lvscare: a TCP virtual service with the round-robin scheduler and
 * each real server in NAT (masquerade) mode with weight 1, driven by {@code ipvsadm}. The kernel's
 * table is read with {@code ipvsadm -S -n}; only the differences are changed, real servers added
 * before others are removed, so the service never passes through an empty state it did not need.
 */
final class IpvsBackend implements LoadBalancer {
  private final CommandRunner runner;

  IpvsBackend(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public BackendKind kind() {
    return BackendKind.IPVS;
  }

  @Override
  public boolean needsLocalVip() {
    return false;
  }

  @Override
  public void apply(VirtualServer vs) {
    String vip = vs.vip().toString();
    Map<String, IpvsTable.Service> table = IpvsTable.parse(save("apply", vs.vip()));
    IpvsTable.Service current = table.get(vip);
    List<List<String>> commands = new ArrayList<>();
    if (current == null) {
      commands.add(List.of("ipvsadm", "-A", "-t", vip, "-s", "rr"));
      current = new IpvsTable.Service(vip, "rr", new LinkedHashMap<>());
    } else if (!"rr".equals(current.scheduler())) {
      commands.add(List.of("ipvsadm", "-E", "-t", vip, "-s", "rr"));
    }
    for (Endpoint rs : vs.realServers()) {
      IpvsTable.Destination d = current.destinations().get(rs.toString());
      if (d == null) {
        commands.add(destination("-a", vip, rs));
      } else if (!d.wanted()) {
        commands.add(destination("-e", vip, rs));
      }
    }
    List<String> wanted = vs.realServers().stream().map(Endpoint::toString).toList();
    for (String rs : current.destinations().keySet()) {
      if (!wanted.contains(rs)) {
        commands.add(List.of("ipvsadm", "-d", "-t", vip, "-r", rs));
      }
    }
    for (List<String> command : commands) {
      CommandResult result = runner.run(command, null);
      if (!result.succeeded()) {
        throw LoadBalancerException.of("apply the IPVS rules for " + vip, result);
      }
    }
  }

  private static List<String> destination(String op, String vip, Endpoint rs) {
    return List.of("ipvsadm", op, "-t", vip, "-r", rs.toString(), "-m", "-w", "1");
  }

  @Override
  public boolean inPlace(VirtualServer vs) {
    IpvsTable.Service service = IpvsTable.parse(save("read", vs.vip())).get(vs.vip().toString());
    if (service == null || !"rr".equals(service.scheduler())) {
      return false;
    }
    List<String> wanted = vs.realServers().stream().map(Endpoint::toString).sorted().toList();
    List<String> actual = service.destinations().keySet().stream().sorted().toList();
    return wanted.equals(actual)
        && service.destinations().values().stream().allMatch(IpvsTable.Destination::wanted);
  }

  @Override
  public void remove(Endpoint vip) {
    if (IpvsTable.parse(save("remove", vip)).containsKey(vip.toString())) {
      CommandResult result = runner.run(List.of("ipvsadm", "-D", "-t", vip.toString()), null);
      if (!result.succeeded()) {
        throw LoadBalancerException.of("remove the IPVS rules for " + vip, result);
      }
    }
  }

  @Override
  public boolean otherServicesOn(Endpoint vip) {
    String prefix = vip.isIpv6() ? "[" + vip.ip() + "]:" : vip.ip() + ":";
    return IpvsTable.parse(save("read", vip)).keySet().stream()
        .anyMatch(key -> key.startsWith(prefix) && !key.equals(vip.toString()));
  }

  private String save(String action, Endpoint vip) {
    CommandResult result = runner.run(List.of("ipvsadm", "-S", "-n"), null);
    if (!result.succeeded()) {
      throw LoadBalancerException.of(action + " the IPVS rules for " + vip, result);
    }
    return result.stdout();
  }
}
