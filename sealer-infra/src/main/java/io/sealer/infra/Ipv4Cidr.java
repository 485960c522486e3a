package io.sealer.infra;

/**
 * An IPv4 network or address in CIDR form ({@code 10.240.0.0/24}; a bare address is a /32).
 *
 * @param address the network's first address as an unsigned 32-bit value in an int
 * @param prefix the prefix length, 0 to 32
 */
record Ipv4Cidr(int address, int prefix) {

  Ipv4Cidr {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length out of range: " + prefix);
    }
    address &= mask(prefix);
  }

  /**
   * Parses {@code A.B.C.D} or {@code A.B.C.D/N}; the host bits are cleared.
   *
   * @throws IllegalArgumentException if the text is not an IPv4 address or network
   */
  static Ipv4Cidr parse(String text) {
    int slash = text.indexOf('/');
    int prefix = 32;
    String addressText = text;
    if (slash >= 0) {
      addressText = text.substring(0, slash);
      prefix = number(text.substring(slash + 1), 32, text);
    }
    return new Ipv4Cidr(parseAddress(addressText), prefix);
  }

  /** Parses a dotted IPv4 address into an int, or throws IllegalArgumentException. */
  static int parseAddress(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + text);
    }
    int value = 0;
    for (String part : parts) {
      value = (value << 8) | number(part, 255, text);
    }
    return value;
  }

  /** Formats an int as a dotted IPv4 address. */
  static String format(int address) {
    return (address >>> 24)
        + "."
        + ((address >>> 16) & 255)
        + "."
        + ((address >>> 8) & 255)
        + "."
        + (address & 255);
  }

  private static int number(String part, int max, String whole) {
    if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("not an IPv4 address or network: " + whole);
    }
    int value = Integer.parseInt(part);
    if (value > max) {
      throw new IllegalArgumentException("not an IPv4 address or network: " + whole);
    }
    return value;
  }

  private static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  /** True if {@code ip} (an int address) lies in this network. */
  boolean contains(int ip) {
    return (ip & mask(prefix)) == address;
  }

  /** True if the two networks share any address. */
  boolean overlaps(Ipv4Cidr other) {
    int shorter = Math.min(prefix, other.prefix);
    return (address & mask(shorter)) == (other.address & mask(shorter));
  }

  /** The address {@code offset} places after the network address. */
  String addressAt(int offset) {
    return format(address + offset);
  }

  /** True if the network lies inside 10/8, 172.16/12 or 192.168/16. */
  boolean isPrivate() {
    return parse("10.0.0.0/8").containsNetwork(this)
        || parse("172.16.0.0/12").containsNetwork(this)
        || parse("192.168.0.0/16").containsNetwork(this);
  }

  private boolean containsNetwork(Ipv4Cidr inner) {
    return inner.prefix >= prefix && contains(inner.address);
  }

  @Override
  public String toString() {
    return format(address) + "/" + prefix;
  }
}
