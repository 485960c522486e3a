package io.sealer.infra;

import io.sealer.api.SealerException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Which /24 an environment's hosts live on: the one it already has, else the one asked for, else
 * the first of 10.240.0.0/24 ... 10.249.255.0/24 that no route of this machine touches and no other
 * environment has recorded.
 */
final class SubnetChoice {
  private SubnetChoice() {}

  /**
   * Reads a {@code --subnet} value: a private network address with prefix 24.
   *
   * @throws SealerException with the reason if it is not one
   */
  static Ipv4Cidr parseRequested(String text) {
    Ipv4Cidr subnet;
    try {
      subnet = Ipv4Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new SealerException("could not use subnet " + text + ": " + e.getMessage());
    }
    if (subnet.prefix() != 24 || !subnet.toString().equals(text)) {
      throw new SealerException(
          "could not use subnet " + text + ": write it as a /24 network such as 10.240.0.0/24");
    }
    if (!subnet.isPrivate()) {
      throw new SealerException(
          "could not use subnet "
              + text
              + ": it must be private (inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)");
    }
    return subnet;
  }

  /**
   * Chooses the subnet.
   *
   * @param wanted the subnet asked for, or null
   * @param recorded the subnet the environment already has
   * @param routes this machine's routes, read only if needed
   * @param reserved subnets other environments have recorded
   * @param environment the environment's name, for messages
   */
  static Ipv4Cidr choose(
      @Nullable Ipv4Cidr wanted,
      Optional<Ipv4Cidr> recorded,
      Supplier<RouteTable> routes,
      Set<Ipv4Cidr> reserved,
      String environment) {
    if (recorded.isPresent()) {
      if (wanted != null && !wanted.equals(recorded.get())) {
        throw new SealerException(
            "could not move environment "
                + environment
                + " to "
                + wanted
                + ": it uses "
                + recorded.get()
                + " (run 'sealer alpha infra down --name "
                + environment
                + "' first)");
      }
      return recorded.get();
    }
    if (wanted != null) {
      if (reserved.contains(wanted)) {
        throw new SealerException(
            "could not use subnet " + wanted + ": another local environment has it");
      }
      return wanted;
    }
    RouteTable table = routes.get();
    for (int second = 240; second <= 249; second++) {
      for (int third = 0; third <= 255; third++) {
        Ipv4Cidr candidate = Ipv4Cidr.parse("10." + second + "." + third + ".0/24");
        if (!reserved.contains(candidate) && !table.isUsed(candidate)) {
          return candidate;
        }
      }
    }
    throw new SealerException(
        "could not choose a subnet for environment "
            + environment
            + ": 10.240.0.0/16 to 10.249.0.0/16 are all in use; give one with --subnet");
  }
}
