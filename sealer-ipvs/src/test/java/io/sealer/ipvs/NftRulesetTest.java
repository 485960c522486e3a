package io.sealer.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The nftables text; NftablesCareIT loads the same text into a real kernel. */
class NftRulesetTest {
  private static final VirtualServer VS =
      VirtualServer.parse("10.103.97.2:6443", List.of("192.168.0.2:6443", "192.168.0.3:6444"));

  @Test
  void oneTableReplacedInOneTransaction() {
    String script = NftRuleset.script(VS);
    String table = "ip lvscare_10_103_97_2_6443";
    assertThat(script)
        .startsWith("table " + table + " {}\ndelete table " + table + "\ntable " + table + " {\n");
    String dnat =
        "ip daddr 10.103.97.2 tcp dport 6443 dnat ip to numgen inc mod 2"
            + " map { 0 : 192.168.0.2 . 6443, 1 : 192.168.0.3 . 6444 }";
    assertThat(script)
        .contains(
            "  chain output {\n"
                + "    type nat hook output priority -100; policy accept;\n"
                + "    "
                + dnat
                + "\n  }\n")
        .contains(
            "  chain prerouting {\n"
                + "    type nat hook prerouting priority -100; policy accept;\n"
                + "    "
                + dnat
                + "\n  }\n")
        .contains(
            "  chain postrouting {\n"
                + "    type nat hook postrouting priority 100; policy accept;\n"
                + "    meta l4proto tcp ct original ip daddr 10.103.97.2"
                + " ct original proto-dst 6443 masquerade\n  }\n")
        .contains("  comment \"" + NftRuleset.comment(VS) + "\"\n")
        .endsWith("}\n");
  }

  @Test
  void commentIdentifiesTheExactServerSet() {
    String comment = NftRuleset.comment(VS);
    assertThat(comment).matches("lvscare 10\\.103\\.97\\.2:6443 rs=2 sha256=[0-9a-f]{16}");
    assertThat(comment.length()).isLessThan(128); // nftables' comment limit
    assertThat(NftRuleset.comment(VS.withRealServers(VS.realServers().subList(0, 1))))
        .isNotEqualTo(comment);
    assertThat(
            NftRuleset.comment(
                VS.withRealServers(List.of(VS.realServers().get(1), VS.realServers().get(0)))))
        .isNotEqualTo(comment);
  }

  @Test
  void noRealServerMeansNoDnatRule() {
    String script = NftRuleset.script(VS.withRealServers(List.of()));
    assertThat(script).doesNotContain("dnat").contains("masquerade");
  }

  @Test
  void ipv6UsesTheIp6Family() {
    VirtualServer v6 = VirtualServer.parse("[fd00::2]:6443", List.of("[fd00::10]:6443"));
    assertThat(NftRuleset.table(v6.vip())).isEqualTo("lvscare_fd00__2_6443");
    assertThat(NftRuleset.script(v6))
        .contains("table ip6 lvscare_fd00__2_6443 {\n")
        .contains(
            "ip6 daddr fd00::2 tcp dport 6443 dnat ip6 to numgen inc mod 1 map { 0 : fd00::10 . 6443 }")
        .contains("ct original ip6 daddr fd00::2");
  }

  @Test
  void otherTablesOfTheSameAddressAreFoundByExactName() {
    String tables =
        "table ip lvscare_10_103_97_2_6443\n"
            + "table ip lvscare_10_103_97_20_6443\n"
            + "table ip filter\n";
    ScriptedCommandRunner nft =
        new ScriptedCommandRunner(call -> ScriptedCommandRunner.ok(call, tables));
    NftablesBackend backend = new NftablesBackend(nft);
    assertThat(backend.otherServicesOn(VS.vip())).isFalse();
    ScriptedCommandRunner withRegistry =
        new ScriptedCommandRunner(
            call -> ScriptedCommandRunner.ok(call, tables + "table ip lvscare_10_103_97_2_5000\n"));
    assertThat(new NftablesBackend(withRegistry).otherServicesOn(VS.vip())).isTrue();
  }
}
