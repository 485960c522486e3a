package io.sealer.ipvs;

import java.util.Locale;

/** The kernel mechanisms a {@link LoadBalancer} can use. */
public enum BackendKind {
  /** IPVS virtual servers through {@code ipvsadm}: round-robin, NAT (masquerade), weight 1. */
  IPVS,
  /** An nftables table per virtual server: DNAT round-robin over the real servers, masquerade. */
  NFTABLES;

  /** Where the kernel shows IPVS when it has it. */
  static final String PROC_IP_VS = "/proc/net/ip_vs";

  /**
   * Parses {@code ipvs} or {@code nftables} (any case).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static BackendKind parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "ipvs" -> IPVS;
      case "nftables", "nft" -> NFTABLES;
      default ->
          throw new IllegalArgumentException(
              "invalid backend '" + text + "': expected ipvs or nftables");
    };
  }

  /**
   * The default where {@code runner} runs: IPVS if that kernel has it ({@code /proc/net/ip_vs}
   * exists), else nftables.
   */
  public static BackendKind detect(CommandRunner runner) {
    return runner.run(java.util.List.of("test", "-e", PROC_IP_VS), null).succeeded()
        ? IPVS
        : NFTABLES;
  }

  /** {@code ipvs} or {@code nftables}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
