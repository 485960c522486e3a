package io.sealer.runtime.kubernetes.pki;

import io.sealer.api.cluster.IpList;

/**
 * A host as its certificates name it: the host name (a DNS name, which becomes the etcd
 * certificates' common name and the kubelet's {@code system:node:<name>}) and its IP.
 *
 * @param name the host name (or the IP itself when the cluster uses IPs as node names)
 * @param ip the host's IPv4 or IPv6 address
 */
public record PkiNode(String name, String ip) {
  /**
   * @throws PkiException if the name is not a DNS name (a newline, a slash, a space...) or the IP
   *     is not an IP
   */
  public PkiNode {
    if (!IpList.isIp(ip)) {
      throw new PkiException(
          "could not make certificates for host " + Sans.quote(ip) + ": not an IP address");
    }
    ip = IpList.parse(ip).get(0);
    if (!Sans.isDnsName(name, false) && !IpList.isIp(name)) {
      throw new PkiException(
          "could not make certificates for host "
              + ip
              + ": host name "
              + Sans.quote(name)
              + " is not a DNS name");
    }
  }
}
