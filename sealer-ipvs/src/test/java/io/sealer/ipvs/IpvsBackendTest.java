package io.sealer.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The IPVS backend's commands, checked against a scripted {@code ipvsadm}: this kernel has no IPVS,
 * so these are the exact commands it would run, given what {@code ipvsadm -S -n} would print (its
 * save format: {@code -A -t VIP -s rr}, {@code -a -t VIP -r RS -m -w 1}).
 */
class IpvsBackendTest {
  private static final VirtualServer VS =
      VirtualServer.parse("10.103.97.2:6443", List.of("192.168.0.2:6443", "192.168.0.3:6443"));

  private final AtomicReference<String> table = new AtomicReference<>("");
  private final ScriptedCommandRunner ipvsadm =
      new ScriptedCommandRunner(
          call ->
              call.line().equals("ipvsadm -S -n")
                  ? ScriptedCommandRunner.ok(call, table.get())
                  : ScriptedCommandRunner.ok(call, ""));
  private final IpvsBackend backend = new IpvsBackend(ipvsadm);

  @Test
  void createsTheServiceRoundRobinAndEachRealServerMasqueradedWithWeightOne() {
    backend.apply(VS);
    assertThat(ipvsadm.changes())
        .containsExactly(
            "ipvsadm -A -t 10.103.97.2:6443 -s rr",
            "ipvsadm -a -t 10.103.97.2:6443 -r 192.168.0.2:6443 -m -w 1",
            "ipvsadm -a -t 10.103.97.2:6443 -r 192.168.0.3:6443 -m -w 1");
  }

  @Test
  void changesOnlyTheDifferenceAddingBeforeRemoving() {
    table.set(
        """
        -A -t 10.103.97.2:6443 -s rr
        -a -t 10.103.97.2:6443 -r 192.168.0.2:6443 -m -w 1
        -a -t 10.103.97.2:6443 -r 192.168.0.9:6443 -m -w 1
        -A -t 10.103.97.2:5000 -s rr
        -a -t 10.103.97.2:5000 -r 192.168.0.2:5000 -m -w 1
        """);
    backend.apply(VS);
    assertThat(ipvsadm.changes())
        .containsExactly(
            "ipvsadm -a -t 10.103.97.2:6443 -r 192.168.0.3:6443 -m -w 1",
            "ipvsadm -d -t 10.103.97.2:6443 -r 192.168.0.9:6443");
  }

  @Test
  void reAddsADrainedServerAndFixesTheScheduler() {
    table.set(
        """
        -A -t 10.103.97.2:6443 -s wrr
        -a -t 10.103.97.2:6443 -r 192.168.0.2:6443 -m -w 0
        -a -t 10.103.97.2:6443 -r 192.168.0.3:6443 -m -w 1
        """);
    assertThat(backend.inPlace(VS)).isFalse();
    backend.apply(VS);
    assertThat(ipvsadm.changes())
        .containsExactly(
            "ipvsadm -E -t 10.103.97.2:6443 -s rr",
            "ipvsadm -e -t 10.103.97.2:6443 -r 192.168.0.2:6443 -m -w 1");
  }

  @Test
  void inPlaceWhenTheKernelHoldsExactlyTheServers() {
    table.set(
        """
        -A -t 10.103.97.2:6443 -s rr
        -a -t 10.103.97.2:6443 -r 192.168.0.3:6443 -m -w 1
        -a -t 10.103.97.2:6443 -r 192.168.0.2:6443 -m -w 1
        """);
    assertThat(backend.inPlace(VS)).isTrue();
    assertThat(backend.inPlace(VS.withRealServers(List.of(Endpoint.parse("192.168.0.2:6443")))))
        .isFalse();
    backend.apply(VS);
    assertThat(ipvsadm.changes()).isEmpty();
  }

  @Test
  void removesTheServiceAndKnowsOtherPortsOfTheSameVip() {
    table.set(
        """
        -A -t 10.103.97.2:6443 -s rr
        -A -t 10.103.97.2:5000 -s rr
        -A -u 10.103.97.2:53 -s rr
        """);
    assertThat(backend.otherServicesOn(VS.vip())).isTrue();
    backend.remove(VS.vip());
    assertThat(ipvsadm.changes()).containsExactly("ipvsadm -D -t 10.103.97.2:6443");
    table.set("-A -t 10.103.97.2:6443 -s rr\n-A -t 10.103.97.20:6443 -s rr\n");
    assertThat(backend.otherServicesOn(VS.vip())).isFalse();
  }

  @Test
  void removingAnAbsentServiceDoesNothing() {
    backend.remove(VS.vip());
    assertThat(ipvsadm.changes()).isEmpty();
  }

  @Test
  void ipv6ServicesUseBracketedAddresses() {
    table.set("-A -t [fd00:0:0:0:0:0:0:2]:6443 -s rr\n");
    VirtualServer v6 = VirtualServer.parse("[fd00::2]:6443", List.of("[fd00::10]:6443"));
    backend.apply(v6);
    assertThat(ipvsadm.changes())
        .containsExactly("ipvsadm -a -t [fd00::2]:6443 -r [fd00::10]:6443 -m -w 1");
  }

  @Test
  void aKernelWithoutIpvsGivesOneClearError() {
    IpvsBackend noIpvs =
        new IpvsBackend(
            new ScriptedCommandRunner(
                call ->
                    ScriptedCommandRunner.fail(
                        call,
                        2,
                        "Can't initialize ipvs: Protocol not available\n"
                            + "Are you sure that IP Virtual Server is built in the kernel or as module?\n")));
    assertThatThrownBy(() -> noIpvs.apply(VS))
        .isInstanceOf(LoadBalancerException.class)
        .hasMessage(
            "could not apply the IPVS rules for 10.103.97.2:6443 on scripted: ipvsadm -S -n exited 2:"
                + " Can't initialize ipvs: Protocol not available;"
                + " Are you sure that IP Virtual Server is built in the kernel or as module?");
  }
}
