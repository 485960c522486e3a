package io.sealer.runtime.kubernetes.pki;

import io.sealer.api.cluster.IpList;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Subject alternative names: the one place that checks a SAN or host name, normalises it (IPs in
 * their canonical text, DNS names in lower case) and turns it into, or reads it from, a
 * certificate.
 */
final class Sans {
  private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
  private static final Pattern DNS = Pattern.compile(LABEL + "(\\." + LABEL + ")*");

  private Sans() {}

  /** A SAN: an IP (canonical text) or a DNS name (lower case). */
  record San(boolean ip, String value) {
    @Override
    public String toString() {
      return (ip ? "IP:" : "DNS:") + value;
    }
  }

  static boolean isDnsName(String name, boolean wildcard) {
    String rest = wildcard && name.startsWith("*.") ? name.substring(2) : name;
    return name.length() <= 253 && DNS.matcher(rest).matches();
  }

  /** Parses an IP or DNS name given by the user ({@code --alt-names}, CertSANs). */
  static San parse(String text, String where) {
    String s = text.trim();
    if (IpList.isIp(s)) {
      return new San(true, IpList.parse(s).get(0));
    }
    if (isDnsName(s, true)) {
      return new San(false, s.toLowerCase(Locale.ROOT));
    }
    throw new PkiException(
        "could not make certificates: "
            + where
            + " "
            + quote(text)
            + " is neither an IP nor a DNS name");
  }

  static San dns(String name) {
    return parse(name, "host name");
  }

  static San ip(String ip) {
    return new San(true, IpList.parse(ip).get(0));
  }

  static GeneralNames toGeneralNames(Collection<San> sans) {
    List<GeneralName> names = new ArrayList<>();
    for (San san : sans) {
      names.add(
          new GeneralName(san.ip() ? GeneralName.iPAddress : GeneralName.dNSName, san.value()));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  /** The SANs a certificate holds, as a set (names of other kinds are kept as text too). */
  static Set<San> fromGeneralNames(GeneralNames names) {
    Set<San> out = new LinkedHashSet<>();
    for (GeneralName name : names.getNames()) {
      if (name.getTagNo() == GeneralName.iPAddress) {
        byte[] bytes = ASN1OctetString.getInstance(name.getName()).getOctets();
        try {
          out.add(ip(InetAddress.getByAddress(bytes).getHostAddress()));
        } catch (UnknownHostException e) {
          out.add(new San(false, "invalid-ip"));
        }
      } else if (name.getTagNo() == GeneralName.dNSName) {
        out.add(new San(false, ((ASN1String) name.getName()).getString().toLowerCase(Locale.ROOT)));
      } else {
        out.add(new San(false, "other:" + name));
      }
    }
    return out;
  }

  /** Quotes a value for a message, showing control characters instead of obeying them. */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder("'");
    for (char c : value.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }
}
