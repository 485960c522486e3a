package io.sealer.cli;

import com.beust.jcommander.ParameterException;
import io.sealer.api.TextFiles;
import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.Host;
import io.sealer.api.cluster.Registry;
import io.sealer.api.cluster.Ssh;
import io.sealer.api.runtime.ClusterService;
import io.sealer.api.runtime.RunResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the cluster commands share: reading a Clusterfile, the cluster of flags, printing plans. */
final class ClusterCommands {
  /** The name of a cluster made from flags, as in Sealer. */
  static final String DEFAULT_CLUSTER = "my-cluster";

  private static final int MAX_CLUSTERFILE = 4 * 1024 * 1024;

  private ClusterCommands() {}

  /** Reads and checks a Clusterfile given with {@code -f}. */
  static Clusterfile read(CommandContext context, String file) {
    String text = TextFiles.read(Path.of(file), "Clusterfile", MAX_CLUSTERFILE);
    return context.sealer().clusterfiles().read(file, text);
  }

  /** The Clusterfile of {@code run IMAGE -m ... -n ...}, or of {@code -f} with flags folded in. */
  static Clusterfile compose(
      CommandContext context,
      Clusterfile base,
      HostFlags flags,
      List<String> env,
      List<String> cmds,
      List<String> apps) {
    Cluster c = base.cluster();
    List<Host> hosts = new ArrayList<>(c.hosts());
    Set<String> seen = new LinkedHashSet<>(c.allIps());
    Ssh ssh = c.ssh();
    if (flags.any()) {
      for (Host h : flags.hosts()) {
        for (String ip : h.ips()) {
          if (!seen.add(ip)) {
            throw new ParameterException("host " + ip + " is given twice");
          }
        }
        hosts.add(h);
      }
      if (c.hosts().isEmpty()) {
        ssh = flags.ssh(context);
      } else {
        Ssh flagSsh = flags.ssh(context);
        List<Host> withSsh = new ArrayList<>(hosts.subList(0, c.hosts().size()));
        for (Host h : hosts.subList(c.hosts().size(), hosts.size())) {
          withSsh.add(new Host(h.ips(), h.roles(), flagSsh, h.env(), h.labels(), h.taints()));
        }
        hosts = withSsh;
      }
    }
    List<String> allEnv = new ArrayList<>(c.env());
    allEnv.addAll(env);
    List<String> allCmds = cmds.isEmpty() ? c.cmd() : cmds;
    List<String> allApps = apps.isEmpty() ? c.appNames() : apps;
    Cluster cluster =
        new Cluster(
            c.name(),
            c.annotations(),
            c.image(),
            allEnv,
            allCmds,
            c.cmdArgs(),
            allApps,
            ssh,
            hosts,
            c.containerRuntime(),
            c.hostAliases(),
            c.registry(),
            c.dataRoot());
    return base.withCluster(cluster);
  }

  /** An empty Clusterfile of {@code image} named {@value #DEFAULT_CLUSTER}. */
  static Clusterfile empty(String image) {
    Cluster c =
        new Cluster(
            DEFAULT_CLUSTER,
            Map.of(),
            image,
            List.of(),
            List.of(),
            List.of(),
            null,
            new Ssh("root", null, null, null, "22", false),
            List.of(),
            null,
            List.of(),
            Registry.DEFAULT,
            Cluster.DEFAULT_DATA_ROOT);
    return new Clusterfile(c, List.of(), List.of(), null, List.of());
  }

  /** The Clusterfile with the cluster renamed ({@code run --cluster-name}). */
  static Clusterfile renamed(Clusterfile cf, String name) {
    return cf.withCluster(cf.cluster().withName(name));
  }

  /**
   * The cluster a command acts on: {@code --cluster}, else the only one recorded, else the default.
   */
  static String pick(ClusterService service, String given) {
    if (given != null && !given.isBlank()) {
      return given;
    }
    List<String> recorded = service.clusters();
    if (recorded.size() == 1) {
      return recorded.get(0);
    }
    if (recorded.size() > 1 && !recorded.contains(DEFAULT_CLUSTER)) {
      throw new ParameterException(
          "several clusters are recorded ("
              + String.join(", ", recorded)
              + "): choose one with --cluster");
    }
    return DEFAULT_CLUSTER;
  }

  /** Prints a plan: one line per step, and the bytes each host receives. */
  static void printPlan(PrintStream out, RunResult result, boolean dryRun) {
    out.println(
        (dryRun ? "Plan for cluster " : "Steps of cluster ")
            + result.cluster()
            + (dryRun ? " (dry run: nothing was changed)" : "")
            + ":");
    List<String[]> hosts = new ArrayList<>();
    hosts.add(new String[] {"HOST", "ROLES"});
    result.hosts().forEach((ip, roles) -> hosts.add(new String[] {ip, String.join(",", roles)}));
    Table.print(out, hosts);
    out.println();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PHASE", "HOST", "STEP", "STATE"});
    for (RunResult.PlannedStep s : result.steps()) {
      String state =
          s.bytes() >= 0
              ? ConsoleEvents.humanBytes(s.bytes()) + " to send"
              : s.done() ? "done before" : dryRun ? "to do" : "done";
      rows.add(
          new String[] {s.phase(), s.host() == null ? "cluster" : s.host(), s.action(), state});
    }
    Table.print(out, rows);
  }
}
