package io.sealer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.SealerException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Subnets, routes and names of the local provider, without touching the machine. */
class NetworkRulesTest {
  private static final String ROUTES =
      """
      default via 192.0.2.1 dev eth0
      10.0.0.0/8 via 192.0.2.9 dev tun0 proto static
      192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2
      10.250.0.0/24 dev sit-br proto kernel scope link src 10.250.0.1
      local 192.0.2.2 dev eth0 table local proto kernel scope host src 192.0.2.2
      broadcast 192.0.2.255 dev eth0 table local proto kernel scope link src 192.0.2.2
      blackhole 172.20.5.0/24 proto static
      local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1
      unreachable default table 7
      garbage line that is not a route
      """;

  @Test
  void cidrsParseOverlapAndContain() {
    Ipv4Cidr net = Ipv4Cidr.parse("10.250.0.0/24");
    assertThat(net.toString()).isEqualTo("10.250.0.0/24");
    assertThat(Ipv4Cidr.parse("10.250.0.77/24")).isEqualTo(net);
    assertThat(Ipv4Cidr.parse("10.250.0.7").prefix()).isEqualTo(32);
    assertThat(net.overlaps(Ipv4Cidr.parse("10.0.0.0/8"))).isTrue();
    assertThat(net.overlaps(Ipv4Cidr.parse("10.250.0.128/25"))).isTrue();
    assertThat(net.overlaps(Ipv4Cidr.parse("10.250.1.0/24"))).isFalse();
    assertThat(net.contains(Ipv4Cidr.parseAddress("10.250.0.255"))).isTrue();
    assertThat(net.addressAt(11)).isEqualTo("10.250.0.11");
    assertThat(Ipv4Cidr.parse("192.168.3.0/24").isPrivate()).isTrue();
    assertThat(Ipv4Cidr.parse("172.32.0.0/24").isPrivate()).isFalse();
    assertThat(Ipv4Cidr.parse("8.8.8.0/24").isPrivate()).isFalse();
    for (String bad :
        new String[] {"10.250.0", "10.250.0.256", "a.b.c.d", "10.1.1.1/33", "1..1.1"}) {
      assertThatThrownBy(() -> Ipv4Cidr.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void routesOfOtherDevicesConflictButTheDefaultRouteAndOurBridgeDoNot() {
    RouteTable table = RouteTable.parse(ROUTES);
    assertThat(table.conflicts(Ipv4Cidr.parse("10.250.0.0/24"), "sit-br"))
        .extracting(RouteTable.Route::device)
        .containsExactly("tun0"); // the VPN's 10/8, not our own bridge
    assertThat(table.conflicts(Ipv4Cidr.parse("192.0.2.0/24"), "sit-br"))
        .extracting(RouteTable.Route::line)
        .anyMatch(line -> line.startsWith("192.0.2.0/24 dev eth0"));
    assertThat(table.isUsed(Ipv4Cidr.parse("172.20.5.0/24"))).isTrue(); // a blackhole has no dev
    assertThat(table.isUsed(Ipv4Cidr.parse("172.20.6.0/24"))).isFalse();
    assertThat(table.isUsed(Ipv4Cidr.parse("192.168.7.0/24"))).isFalse();
  }

  @Test
  void subnetChoiceKeepsTheRecordedOneAndSkipsUsedOnes() {
    RouteTable table =
        RouteTable.parse(
            "10.240.0.0/24 dev eth1\n10.240.1.0/25 dev eth2\n10.240.2.0/24 dev x-br\n");
    Set<Ipv4Cidr> reserved = Set.of(Ipv4Cidr.parse("10.240.2.0/24"));
    assertThat(SubnetChoice.choose(null, Optional.empty(), () -> table, reserved, "e"))
        .isEqualTo(Ipv4Cidr.parse("10.240.3.0/24"));
    Ipv4Cidr recorded = Ipv4Cidr.parse("10.241.0.0/24");
    assertThat(
            SubnetChoice.choose(
                null,
                Optional.of(recorded),
                () -> {
                  throw new AssertionError("routes need not be read");
                },
                Set.of(),
                "e"))
        .isEqualTo(recorded);
    assertThatThrownBy(
            () ->
                SubnetChoice.choose(
                    Ipv4Cidr.parse("10.242.0.0/24"),
                    Optional.of(recorded),
                    () -> table,
                    Set.of(),
                    "e"))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("uses 10.241.0.0/24");
    assertThatThrownBy(
            () ->
                SubnetChoice.choose(
                    Ipv4Cidr.parse("10.240.2.0/24"), Optional.empty(), () -> table, reserved, "e"))
        .hasMessageContaining("another local environment");
  }

  @Test
  void requestedSubnetsMustBePrivateSlash24Networks() {
    assertThat(SubnetChoice.parseRequested("10.250.0.0/24"))
        .isEqualTo(Ipv4Cidr.parse("10.250.0.0/24"));
    assertThatThrownBy(() -> SubnetChoice.parseRequested("10.250.0.0/16"))
        .hasMessageContaining("/24");
    assertThatThrownBy(() -> SubnetChoice.parseRequested("10.250.0.5/24"))
        .hasMessageContaining("/24");
    assertThatThrownBy(() -> SubnetChoice.parseRequested("8.8.8.0/24"))
        .hasMessageContaining("private");
    assertThatThrownBy(() -> SubnetChoice.parseRequested("10.250.0.0/2x"))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("10.250.0.0/2x");
  }

  @Test
  void namesCarryTheEnvironmentAndFitLinuxLinkNames() {
    LocalNames names = new LocalNames("sit");
    assertThat(names.host(1)).isEqualTo("sit-1");
    assertThat(names.bridge()).isEqualTo("sit-br");
    assertThat(names.nftTable()).isEqualTo("sealer_infra_sit");
    assertThat(names.hostIndex("sit-12")).hasValue(12);
    assertThat(names.hostIndex("sit-0")).isEmpty();
    assertThat(names.hostIndex("sit-01")).isEmpty();
    assertThat(names.hostIndex("sitb-1")).isEmpty(); // another environment's host
    assertThat(names.hostIndex("sit-a-1")).isEmpty();
    assertThat(names.ownsLink("sit-br")).isTrue();
    assertThat(names.ownsLink("sitb-br")).isFalse();
    assertThat(names.ownsLink("eth0")).isFalse();
    LocalNames longest = new LocalNames("abcdefghij");
    assertThat(longest.host(LocalNames.MAX_HOSTS).length()).isLessThanOrEqualTo(15);
    assertThat(longest.bridge().length()).isLessThanOrEqualTo(15);
    for (String bad : new String[] {"", "Sit", "1sit", "si-t", "abcdefghijk", "sit_"}) {
      assertThatThrownBy(() -> new LocalNames(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> names.host(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> names.host(201)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addressesAndMacsFollowTheIndex() {
    Ipv4Cidr subnet = Ipv4Cidr.parse("10.250.0.0/24");
    assertThat(LocalNames.gateway(subnet)).isEqualTo("10.250.0.1");
    assertThat(LocalNames.hostAddress(subnet, 1)).isEqualTo("10.250.0.11");
    assertThat(LocalNames.hostAddress(subnet, LocalNames.MAX_HOSTS)).isEqualTo("10.250.0.210");
    assertThat(LocalNames.mac("10.250.0.11")).isEqualTo("02:5e:0a:fa:00:0b");
  }
}
