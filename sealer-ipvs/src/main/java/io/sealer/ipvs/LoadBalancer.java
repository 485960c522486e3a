package io.sealer.ipvs;

/**
 * A kernel mechanism that forwards new TCP connections for a VIP round-robin to real servers, with
 * masquerade, on one machine. Implementations: {@link BackendKind#IPVS} ({@code ipvsadm}, as
 * Sealer) and {@link BackendKind#NFTABLES} (a table of its own per virtual server, for kernels
 * without IPVS). Connections already open are never touched.
 */
public interface LoadBalancer {

  /** Which mechanism this is. */
  BackendKind kind();

  /**
   * True if the VIP must be an address of the host (put on {@code lo}) for the rules to see the
   * host's own connections. nftables: yes, and it masquerades them, since their source is then the
   * VIP. IPVS: no, as in Sealer: the VIP is reached through the host's route (the default route, or
   * the host route {@code seautil route add --host VIP --gateway <node IP>} the runtime adds on
   * multi-NIC workers), so connections leave with the node's own address, which IPVS NAT mode needs
   * for the masters' replies to come back.
   */
  boolean needsLocalVip();

  /**
   * Makes the kernel forward {@code vs.vip()} to exactly {@code vs.realServers()}: creates the
   * virtual server if missing, adds real servers that are missing and removes those not listed.
   * Never leaves a moment without any rule: nftables replaces its table in one transaction, IPVS
   * adds before it removes.
   *
   * @throws LoadBalancerException if the kernel refuses the rules
   */
  void apply(VirtualServer vs);

  /**
   * True if the kernel forwards {@code vs.vip()} to exactly {@code vs.realServers()} as {@link
   * #apply} left it (false if someone removed or changed the rules).
   *
   * @throws LoadBalancerException if the state cannot be read
   */
  boolean inPlace(VirtualServer vs);

  /**
   * Removes the virtual server of {@code vip} and its real servers; nothing happens if it is
   * absent.
   *
   * @throws LoadBalancerException if the kernel refuses
   */
  void remove(Endpoint vip);

  /**
   * True if another virtual server (another port) uses the same address as {@code vip}, so the
   * address must stay on the host when {@code vip} is removed.
   */
  boolean otherServicesOn(Endpoint vip);
}
