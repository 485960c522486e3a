package io.sealer.ipvs;

import io.sealer.api.host.CommandResult;
import java.util.List;

/** The nftables backend: one table per virtual server, replaced atomically by {@code nft -f -}. */
final class NftablesBackend implements LoadBalancer {
  private final CommandRunner runner;

  NftablesBackend(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public BackendKind kind() {
    return BackendKind.NFTABLES;
  }

  @Override
  public boolean needsLocalVip() {
    return true;
  }

  @Override
  public void apply(VirtualServer vs) {
    CommandResult result = runner.run(List.of("nft", "-f", "-"), NftRuleset.script(vs));
    if (!result.succeeded()) {
      throw LoadBalancerException.of("apply the nftables rules for " + vs.vip(), result);
    }
  }

  @Override
  public boolean inPlace(VirtualServer vs) {
    CommandResult result = runner.run(listTable(vs.vip()), null);
    if (!result.succeeded()) {
      if (missing(result)) {
        return false;
      }
      throw LoadBalancerException.of("read the nftables rules for " + vs.vip(), result);
    }
    return result.stdout().contains("comment \"" + NftRuleset.comment(vs) + "\"");
  }

  @Override
  public void remove(Endpoint vip) {
    CommandResult result = runner.run(List.of("nft", "-f", "-"), NftRuleset.removeScript(vip));
    if (!result.succeeded()) {
      throw LoadBalancerException.of("remove the nftables rules for " + vip, result);
    }
  }

  @Override
  public boolean otherServicesOn(Endpoint vip) {
    CommandResult result =
        runner.run(List.of("nft", "list", "tables", NftRuleset.family(vip)), null);
    if (!result.succeeded()) {
      throw LoadBalancerException.of("list the nftables tables", result);
    }
    String prefix = NftRuleset.addressPrefix(vip);
    String own = NftRuleset.table(vip);
    return result
        .stdout()
        .lines()
        .map(String::strip)
        .map(line -> line.substring(line.lastIndexOf(' ') + 1))
        .anyMatch(
            name ->
                name.startsWith(prefix)
                    && name.substring(prefix.length()).matches("[0-9]+")
                    && !name.equals(own));
  }

  private static List<String> listTable(Endpoint vip) {
    return List.of("nft", "list", "table", NftRuleset.family(vip), NftRuleset.table(vip));
  }

  private static boolean missing(CommandResult result) {
    return result.exitCode() == 1 && result.stderr().contains("No such file or directory");
  }
}
