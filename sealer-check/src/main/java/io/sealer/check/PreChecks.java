package io.sealer.check;

import io.sealer.api.Platform;
import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.RemoteHost;
import io.sealer.api.runtime.ClusterRunException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks before anything changes on the hosts: each host answers, the hostnames are unique, the
 * clocks agree within a minute, the architecture is known and there is room for the rootfs. Every
 * failure of every host is collected and reported together.
 */
public final class PreChecks {
  /** The most two clocks may differ. */
  public static final long MAX_SKEW_SECONDS = 60;

  /**
   * What one host told about itself.
   *
   * @param hostname its hostname
   * @param epochSeconds its clock
   * @param platform its platform, from {@code uname -m}
   * @param freeBytes free space where the rootfs goes, or -1 if unknown
   */
  public record Facts(String hostname, long epochSeconds, Platform platform, long freeBytes) {}

  private PreChecks() {}

  /**
   * The facts of every host, checked.
   *
   * @throws ClusterRunException listing every problem of every host
   */
  public static Map<String, Facts> run(
      Map<String, RemoteHost> hosts, String dataRoot, long neededBytes) {
    Map<String, Facts> facts = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    hosts.entrySet().parallelStream()
        .forEach(
            e -> {
              try {
                Facts f = gather(e.getValue(), dataRoot);
                synchronized (facts) {
                  facts.put(e.getKey(), f);
                }
              } catch (RuntimeException ex) {
                synchronized (failures) {
                  failures.put(e.getKey(), strip(e.getKey(), ex.getMessage()));
                }
              }
            });
    Map<String, String> byName = new HashMap<>();
    long now = System.currentTimeMillis() / 1000;
    for (String ip : hosts.keySet()) {
      Facts f = facts.get(ip);
      if (f == null) {
        continue;
      }
      String other = byName.putIfAbsent(f.hostname(), ip);
      if (other != null) {
        add(
            failures,
            ip,
            "hostname "
                + f.hostname()
                + " is also the hostname of "
                + other
                + "; every host needs its own");
      }
      long skew = f.epochSeconds() - now;
      if (Math.abs(skew) > MAX_SKEW_SECONDS) {
        add(
            failures,
            ip,
            "clock is "
                + Math.abs(skew)
                + " s "
                + (skew > 0 ? "ahead of" : "behind")
                + " this machine's (at most "
                + MAX_SKEW_SECONDS
                + " s allowed)");
      }
      if (neededBytes > 0 && f.freeBytes() >= 0 && f.freeBytes() < neededBytes) {
        add(
            failures,
            ip,
            "only "
                + mib(f.freeBytes())
                + " free under "
                + dataRoot
                + ", the rootfs needs "
                + mib(neededBytes));
      }
    }
    if (!failures.isEmpty()) {
      Map<String, String> ordered = new LinkedHashMap<>();
      hosts.keySet().stream()
          .filter(failures::containsKey)
          .forEach(ip -> ordered.put(ip, failures.get(ip)));
      throw new ClusterRunException("pre-check", hosts.size(), ordered);
    }
    return facts;
  }

  private static Facts gather(RemoteHost host, String dataRoot) {
    // the nearest existing parent of the data root tells the free space where the rootfs will go
    String script =
        "d="
            + quote(dataRoot)
            + "; while [ ! -d \"$d\" ]; do d=$(dirname \"$d\"); done;"
            + " echo \"$(hostname)\"; date +%s; uname -m;"
            + " df -Pk \"$d\" | awk 'NR==2 {print $4}'";
    CommandResult r =
        host.exec(
                HostCommand.of(script)
                    .withTimeout(Duration.ofSeconds(30))
                    .describedAs("pre-check")
                    .quiet())
            .orThrow();
    List<String> lines = r.stdout().strip().lines().toList();
    if (lines.size() < 3) {
      throw new IllegalStateException("unexpected answer to the pre-check: " + r.stdout().strip());
    }
    long free;
    try {
      free = lines.size() > 3 ? Long.parseLong(lines.get(3).strip()) * 1024 : -1;
    } catch (NumberFormatException e) {
      free = -1;
    }
    Platform platform;
    try {
      platform = Platform.fromUname(lines.get(2).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("unknown architecture " + lines.get(2).strip());
    }
    return new Facts(lines.get(0).strip(), Long.parseLong(lines.get(1).strip()), platform, free);
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private static void add(Map<String, String> failures, String ip, String problem) {
    failures.merge(ip, problem, (a, b) -> a + "; " + b);
  }

  private static String strip(String ip, String message) {
    String m = message == null ? "failed" : message;
    return m.startsWith(ip + ": ") ? m.substring(ip.length() + 2) : m;
  }

  private static String mib(long bytes) {
    return (bytes / (1024 * 1024)) + " MiB";
  }
}
