package io.sealer.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.event.LogEvent;
import io.sealer.api.event.SealerEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What {@link Lvscare} runs where its runner points, for each backend, with the backend chosen by
 * what the host's kernel shows. Scripted tools stand in for a host with IPVS, which this machine
 * lacks; NftablesCareIT runs the nftables side for real.
 */
class LvscareTest {
  private static final VirtualServer VS =
      VirtualServer.parse("10.103.97.2:6443", List.of("192.168.0.2:6443", "192.168.0.3:6443"));

  private final List<SealerEvent> events = new CopyOnWriteArrayList<>();

  private static ScriptedCommandRunner host(boolean ipvs) {
    return new ScriptedCommandRunner(
        call -> {
          String line = call.line();
          if (line.equals("test -e /proc/net/ip_vs")) {
            return ipvs
                ? ScriptedCommandRunner.ok(call, "")
                : ScriptedCommandRunner.fail(call, 1, "");
          }
          return ScriptedCommandRunner.ok(call, "");
        });
  }

  private List<String> messages() {
    return events.stream().map(e -> ((LogEvent) e).message()).toList();
  }

  @Test
  void aKernelWithIpvsGetsSealersRulesAndNoVipOnLo() {
    ScriptedCommandRunner host = host(true);
    Lvscare lvscare = Lvscare.builder().runner(host).events(events::add).build();
    assertThat(lvscare.loadBalancer().kind()).isEqualTo(BackendKind.IPVS);
    assertThat(messages()).first().isEqualTo("using the ipvs backend (the kernel has IPVS)");
    lvscare.apply(VS);
    lvscare.clean(VS.vip());
    assertThat(host.calls())
        .extracting(ScriptedCommandRunner.Call::line)
        .containsExactly(
            "test -e /proc/net/ip_vs",
            "ipvsadm -S -n",
            "ipvsadm -A -t 10.103.97.2:6443 -s rr",
            "ipvsadm -a -t 10.103.97.2:6443 -r 192.168.0.2:6443 -m -w 1",
            "ipvsadm -a -t 10.103.97.2:6443 -r 192.168.0.3:6443 -m -w 1",
            "ipvsadm -S -n"); // the scripted table stays empty, so there is nothing to delete
  }

  @Test
  void aKernelWithoutIpvsGetsAnNftablesTableAndTheVipOnLo() {
    ScriptedCommandRunner host = host(false);
    Lvscare lvscare = Lvscare.builder().runner(host).events(events::add).build();
    assertThat(lvscare.loadBalancer().kind()).isEqualTo(BackendKind.NFTABLES);
    assertThat(messages())
        .first()
        .isEqualTo(
            "using the nftables backend (the kernel has no IPVS: /proc/net/ip_vs is missing)");
    lvscare.apply(VS);
    assertThat(host.calls())
        .extracting(ScriptedCommandRunner.Call::line)
        .containsExactly(
            "test -e /proc/net/ip_vs",
            "ip -o -4 addr show dev lo",
            "ip addr replace 10.103.97.2/32 dev lo",
            "nft -f -");
    assertThat(host.calls().get(3).stdin()).isEqualTo(NftRuleset.script(VS));
    assertThat(messages())
        .contains(
            "added the VIP 10.103.97.2 to lo",
            "applied 10.103.97.2:6443 -> [192.168.0.2:6443, 192.168.0.3:6443] with nftables");
  }

  @Test
  void aChosenBackendIsNotDetected() {
    ScriptedCommandRunner host = host(true);
    Lvscare lvscare = Lvscare.builder().runner(host).backend(BackendKind.NFTABLES).build();
    assertThat(lvscare.loadBalancer().kind()).isEqualTo(BackendKind.NFTABLES);
    assertThat(host.calls()).isEmpty();
  }
}
