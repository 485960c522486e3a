package io.sealer.runtime.host;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Tells whether an address is this machine's own: {@code localhost}, a loopback address, or an
 * address of one of the network interfaces this JVM sees (in its own network namespace). Host names
 * other than {@code localhost} are not looked up: they count as remote.
 */
final class LocalAddresses {
  private LocalAddresses() {}

  static boolean isLocal(String address) {
    String text = address.strip().toLowerCase(Locale.ROOT);
    if (text.equals("localhost") || text.endsWith(".localhost")) {
      return true;
    }
    if (!looksLikeIp(text)) {
      return false;
    }
    try {
      InetAddress inet = InetAddress.getByName(text);
      if (inet.isLoopbackAddress() || inet.isAnyLocalAddress()) {
        return true;
      }
      return NetworkInterface.getByInetAddress(inet) != null;
    } catch (UnknownHostException | SocketException e) {
      return false;
    }
  }

  private static boolean looksLikeIp(String text) {
    return text.matches("[0-9.]+") || (text.contains(":") && text.matches("[0-9a-f:.%\\[\\]]+"));
  }
}
