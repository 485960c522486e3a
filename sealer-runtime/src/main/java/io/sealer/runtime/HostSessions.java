package io.sealer.runtime;

import io.sealer.api.SealerException;
import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Ssh;
import io.sealer.api.event.EventListener;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostConnector;
import io.sealer.api.host.RemoteHost;
import io.sealer.api.runtime.ClusterRunException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The open connections of one operation, one per host, made in parallel; a host that cannot be
 * reached or refuses the login is reported with the others before anything changes. Closing closes
 * them all.
 */
final class HostSessions implements AutoCloseable {
  private final Map<String, RemoteHost> hosts;

  private HostSessions(Map<String, RemoteHost> hosts) {
    this.hosts = hosts;
  }

  /** Connects to every IP, failing with every host's reason if any cannot be reached. */
  static HostSessions open(
      HostConnector connector,
      Cluster cluster,
      Collection<String> ips,
      Path home,
      int concurrency,
      EventListener events) {
    return open(connector, cluster, ips, home, concurrency, events, false);
  }

  /**
   * Like {@link #open(HostConnector, Cluster, Collection, Path, int, EventListener)}; with {@code
   * tolerant}, a host that cannot be reached is only warned about and left out (for removing a
   * cluster whose hosts are partly gone).
   */
  static HostSessions open(
      HostConnector connector,
      Cluster cluster,
      Collection<String> ips,
      Path home,
      int concurrency,
      EventListener events,
      boolean tolerant) {
    Map<String, RemoteHost> open = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    if (ips.isEmpty()) {
      return new HostSessions(open);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, ips.size()));
    try {
      Map<String, Future<RemoteHost>> pending = new LinkedHashMap<>();
      for (String ip : ips) {
        HostAccess access = access(cluster, ip, home);
        pending.put(ip, pool.submit(() -> connector.connect(access, events)));
      }
      for (Map.Entry<String, Future<RemoteHost>> e : pending.entrySet()) {
        try {
          open.put(e.getKey(), e.getValue().get());
        } catch (ExecutionException ex) {
          Throwable cause = ex.getCause();
          String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
          failures.put(
              e.getKey(),
              message.replaceFirst("^" + java.util.regex.Pattern.quote(e.getKey()) + ": ", ""));
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new SealerException("interrupted while connecting to the hosts");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (!failures.isEmpty() && tolerant) {
      failures.forEach(
          (ip, reason) ->
              events.log(
                  io.sealer.api.event.LogEvent.warn(
                      ip + ": " + reason + "; left as it is (clean it by hand if it comes back)")));
      return new HostSessions(open);
    }
    if (!failures.isEmpty()) {
      open.values().forEach(RemoteHost::close);
      throw new ClusterRunException("connect", ips.size(), failures);
    }
    return new HostSessions(open);
  }

  /** How to log in to one host: its own SSH settings over the cluster's (spec §4.2). */
  static HostAccess access(Cluster cluster, String ip, Path home) {
    Ssh ssh = cluster.sshFor(ip);
    if (Boolean.TRUE.equals(ssh.encrypted())) {
      throw new SealerException(
          "host "
              + ip
              + ": encrypted SSH passwords (spec.ssh.encrypted: true) are not supported; give the"
              + " password in plain text in a Clusterfile readable only by you, or use a key");
    }
    Path key = null;
    if (ssh.pk() != null && !ssh.pk().isBlank()) {
      key = Path.of(expandHome(ssh.pk(), home));
      if (!Files.isReadable(key)) {
        if (ssh.passwd() == null || ssh.passwd().isEmpty()) {
          throw new SealerException("host " + ip + ": the private key " + key + " cannot be read");
        }
        key = null;
      }
    }
    String user = ssh.user() == null || ssh.user().isBlank() ? "root" : ssh.user();
    int port;
    try {
      port = ssh.portNumber();
    } catch (NumberFormatException e) {
      throw new SealerException("host " + ip + ": invalid SSH port '" + ssh.port() + "'");
    }
    return new HostAccess(
        ip, port, user, emptyToNull(ssh.passwd()), key, emptyToNull(ssh.pkPasswd()));
  }

  private static String expandHome(String path, Path home) {
    // home is ~/.sealer; its parent is the user's home directory
    return path.startsWith("~/") ? home.getParent().resolve(path.substring(2)).toString() : path;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** The connection to one host. */
  RemoteHost get(String ip) {
    RemoteHost host = hosts.get(ip);
    if (host == null) {
      throw new IllegalStateException("no connection to " + ip);
    }
    return host;
  }

  /** Whether a connection to the host is open. */
  boolean has(String ip) {
    return hosts.containsKey(ip);
  }

  /** Every connection, in the order the hosts were given. */
  Map<String, RemoteHost> all() {
    return hosts;
  }

  @Override
  public void close() {
    hosts.values().forEach(RemoteHost::close);
  }
}
