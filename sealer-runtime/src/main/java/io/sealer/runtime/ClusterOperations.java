package io.sealer.runtime;

import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.Env;
import io.sealer.api.cluster.Host;
import io.sealer.api.cluster.Plugin;
import io.sealer.api.cluster.Ssh;
import io.sealer.api.distribute.DistributionReport;
import io.sealer.api.distribute.DistributionRequest;
import io.sealer.api.distribute.DistributionTarget;
import io.sealer.api.distribute.Distributor;
import io.sealer.api.distribute.HostDistribution;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostConnector;
import io.sealer.api.host.RemoteHost;
import io.sealer.api.runtime.ClusterService;
import io.sealer.api.runtime.RunOptions;
import io.sealer.api.runtime.RunResult;
import io.sealer.api.runtime.RunResult.PlannedStep;
import io.sealer.check.PreChecks;
import io.sealer.guest.LaunchPlan;
import io.sealer.runtime.kubernetes.pki.RegistryFiles;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The cluster operations of {@link ClusterService}: state and lock handling, the refusals Sealer
 * makes (spec §5.2, §6.7), and the flow of a run (spec §6.1-§6.2 without the Kubernetes steps):
 * connect, pre-check, prepare the image per platform, distribute, host aliases, hooks, the runtime
 * driver's steps, launch on master0.
 */
final class ClusterOperations implements ClusterService {
  private final SealerSettings settings;
  private final EventListener events;
  private final HostConnector connector;
  private final ClusterfileCodec codec;
  private final ClusterImages images;
  private final Distributor distributor;
  private static final List<String> RUNTIME_TYPES = List.of("kubernetes", "none");

  @Inject
  ClusterOperations(
      SealerSettings settings,
      HostConnector connector,
      ClusterfileCodec codec,
      ClusterImages images,
      Distributor distributor) {
    this.settings = settings;
    this.events = settings.events();
    this.connector = connector;
    this.codec = codec;
    this.images = images;
    this.distributor = distributor;
  }

  @Override
  public RunResult run(Clusterfile clusterfile, RunOptions options) {
    Cluster cluster = clusterfile.cluster();
    checkShape(cluster);
    ClusterState state = new ClusterState(settings.home(), cluster.name());
    try (ClusterLock lock = options.dryRun() ? null : state.lock()) {
      Optional<Clusterfile> recorded =
          state.readClusterfile().map(t -> codec.read(state.dir() + "/Clusterfile", t));
      // a cluster whose runs never got to its hosts (the first failed before sending anything: an
      // image name or an IP mistyped, a wrong password) is not there to be changed: this run
      // takes its place, as a first run
      boolean started =
          recorded.isPresent() && (state.hostsTouched() || !state.journal().isEmpty());
      if (recorded.isPresent()) {
        String change = change(recorded.get().cluster(), cluster);
        if (change != null && started) {
          throw new SealerException(change);
        }
        if (change != null) {
          events.log(
              LogEvent.info(
                  "cluster "
                      + cluster.name()
                      + " was recorded by a run that never got to its hosts; this run replaces"
                      + " it"));
        }
        // what the first run recorded (e.g. which provider made the hosts) stays unless replaced
        Map<String, String> annotations =
            new LinkedHashMap<>(recorded.get().cluster().annotations());
        annotations.putAll(cluster.annotations());
        cluster = cluster.withAnnotations(annotations);
        clusterfile = clusterfile.withCluster(cluster);
      }
      if (!started && !options.dryRun()) {
        // recorded before the first step, so that even a run that fails at once can be deleted;
        // a re-run replaces the record only once it has got through (a wrong password given to a
        // re-run must not replace the one that works)
        state.writeClusterfile(codec.write(clusterfile));
      }
      List<String> all = cluster.allIps();
      RunResult result =
          apply(
              clusterfile,
              state,
              all,
              List.of(),
              options,
              null,
              false,
              (planner, driver, launch) -> {
                List<Step> steps = new ArrayList<>(planner.hostAliases(all));
                steps.addAll(planner.install(driver, launch));
                return steps;
              });
      if (!options.dryRun()) {
        state.writeClusterfile(codec.write(clusterfile));
        events.log(
            LogEvent.info(
                "cluster "
                    + cluster.name()
                    + " is up on "
                    + all.size()
                    + " host"
                    + (all.size() == 1 ? "" : "s")));
      }
      return result;
    }
  }

  @Override
  public RunResult scaleUp(String name, List<Host> added, RunOptions options) {
    ClusterState state = new ClusterState(settings.home(), name);
    try (ClusterLock lock = options.dryRun() ? null : state.lock()) {
      Clusterfile recorded = requireRecorded(state);
      Cluster before = recorded.cluster();
      Journal journal = state.journal();
      List<String> newIps = new ArrayList<>();
      List<Host> hosts = new ArrayList<>(before.hosts());
      for (Host h : added) {
        List<String> fresh = new ArrayList<>();
        for (String ip : h.ips()) {
          if (before.allIps().contains(ip)) {
            if (journal.isDone(joinedKey(ip))) {
              throw new SealerException(
                  "host "
                      + ip
                      + " is already in cluster "
                      + name
                      + "; remove it first with `sealer delete` if you want to add it again");
            }
            // added before but not finished: continue with it
          } else {
            fresh.add(ip);
          }
          newIps.add(ip);
        }
        if (!fresh.isEmpty()) {
          hosts.add(new Host(fresh, h.roles(), h.ssh(), h.env(), h.labels(), h.taints()));
        }
      }
      if (newIps.isEmpty()) {
        throw new SealerException("no host to add: give -m or -n with the new hosts' IPs");
      }
      Cluster after = withHosts(before, hosts);
      Clusterfile updated = recorded.withCluster(after);
      if (!options.dryRun()) {
        state.writeClusterfile(codec.write(updated));
      }
      List<String> masters = newIps.stream().filter(ip -> after.masters().contains(ip)).toList();
      List<String> nodes = newIps.stream().filter(ip -> !after.masters().contains(ip)).toList();
      // when masters are added, the workers already there are reached too (their lvscare follows)
      List<String> alsoConnect =
          masters.isEmpty()
              ? List.of()
              : before.nodes().stream().filter(ip -> !newIps.contains(ip)).toList();
      return apply(
          updated,
          state,
          newIps,
          alsoConnect,
          options,
          null,
          false,
          (planner, driver, launch) -> {
            List<Step> steps = new ArrayList<>(planner.hostAliases(newIps));
            steps.addAll(planner.scaleUp(driver, masters, nodes));
            return steps;
          });
    }
  }

  @Override
  public RunResult delete(String name, List<String> ips, boolean prune, RunOptions options) {
    ClusterState state = new ClusterState(settings.home(), name);
    try (ClusterLock lock = options.dryRun() ? null : state.lock()) {
      Clusterfile recorded = requireRecorded(state);
      Cluster cluster = recorded.cluster();
      List<String> gone = new ArrayList<>();
      for (String ip : ips) {
        if (cluster.allIps().contains(ip)) {
          gone.add(ip);
        } else {
          events.log(LogEvent.warn(ip + " is not in cluster " + name + "; ignored"));
        }
      }
      if (gone.isEmpty()) {
        throw new SealerException("none of the given hosts is in cluster " + name);
      }
      if (gone.containsAll(cluster.masters())) {
        throw new SealerException(
            "cleaning up all masters is illegal, unless you give the --all"
                + " flag, which will delete the entire cluster");
      }
      if (gone.contains(cluster.master0()) && !cluster.registry().isHaLocal()) {
        throw new SealerException(
            "cannot delete master0 "
                + cluster.master0()
                + ": it serves the cluster's registry; delete the whole cluster with -a instead");
      }
      List<Host> kept = new ArrayList<>();
      for (Host h : cluster.hosts()) {
        List<String> left = h.ips().stream().filter(ip -> !gone.contains(ip)).toList();
        if (!left.isEmpty()) {
          kept.add(new Host(left, h.roles(), h.ssh(), h.env(), h.labels(), h.taints()));
        }
      }
      RunResult result = cleanHosts(recorded, state, gone, false, prune, options);
      if (!options.dryRun()) {
        Clusterfile updated = recorded.withCluster(withHosts(cluster, kept));
        state.writeClusterfile(codec.write(updated));
        Journal journal = state.journal();
        gone.forEach(ip -> journal.forget(ip + "/"));
      }
      return result;
    }
  }

  @Override
  public RunResult deleteAll(String name, boolean prune, RunOptions options) {
    ClusterState state = new ClusterState(settings.home(), name);
    RunResult result;
    try (ClusterLock lock = options.dryRun() ? null : state.lock()) {
      Clusterfile recorded = requireRecorded(state);
      result = cleanHosts(recorded, state, recorded.cluster().allIps(), true, prune, options);
      if (!options.dryRun()) {
        state.deleteAll();
        images.forget(name);
      }
    }
    if (!options.dryRun()) {
      state.removeDirectory();
    }
    return result;
  }

  @Override
  public RunResult cert(String name, List<String> altNames, RunOptions options) {
    List<String> names =
        altNames.stream().map(String::strip).filter(n -> !n.isEmpty()).distinct().toList();
    if (names.isEmpty()) {
      throw new SealerException("cert needs --alt-names with at least one name or IP");
    }
    ClusterState state = new ClusterState(settings.home(), name);
    try (ClusterLock lock = options.dryRun() ? null : state.lock()) {
      Clusterfile recorded = requireRecorded(state);
      String[] runtime = state.readRuntime().orElse("none").split("\\s+");
      if (!"kubernetes".equals(runtime[0])) {
        throw new SealerException(
            "cluster "
                + name
                + " does not run Kubernetes (runtime "
                + runtime[0]
                + "); cert changes the API server certificates of a Kubernetes cluster");
      }
      Cluster before = recorded.cluster();
      Env env = Env.parse(before.env());
      List<String> sans = new ArrayList<>();
      String old = env.get("CertSANs");
      if (old != null && !old.isBlank()) {
        for (String s : old.split(",")) {
          if (!s.isBlank()) {
            sans.add(s.strip());
          }
        }
      }
      names.stream().filter(n -> !sans.contains(n)).forEach(sans::add);
      List<String> newEnv =
          new ArrayList<>(before.env().stream().filter(e -> !e.startsWith("CertSANs=")).toList());
      newEnv.add("CertSANs=" + String.join(",", sans));
      Cluster after =
          new Cluster(
              before.name(),
              before.annotations(),
              before.image(),
              newEnv,
              before.cmd(),
              before.cmdArgs(),
              before.appNames(),
              before.ssh(),
              before.hosts(),
              before.containerRuntime(),
              before.hostAliases(),
              before.registry(),
              before.dataRoot());
      Clusterfile updated = recorded.withCluster(after);
      List<String> masters = after.masters();
      try (HostSessions sessions =
          HostSessions.open(
              connector, after, masters, settings.home(), options.hostConcurrency(), events)) {
        RunContext ctx =
            new RunContext(
                after, sessions.all(), Env.EMPTY, "", Planner.rootfsOf(after), events, Env.EMPTY);
        KubernetesDriver driver =
            new KubernetesDriver(
                state.dir().resolve("kubernetes"),
                recorded.kubeadm(),
                null,
                runtime.length > 1 ? runtime[1] : "docker",
                "");
        List<Step> steps = driver.renewApiServerCertificates(ctx);
        List<PlannedStep> planned =
            steps.stream()
                .map(s -> new PlannedStep(s.phase(), s.host(), s.action(), false, -1))
                .toList();
        if (!options.dryRun()) {
          new PlanRunner(state.journal(), options.hostConcurrency(), events).apply(steps);
          state.writeClusterfile(codec.write(updated));
          events.log(
              LogEvent.info(
                  "the API server certificates of "
                      + masters.size()
                      + " master(s) now also name "
                      + String.join(", ", names)));
        }
        return new RunResult(name, rolesOf(after, masters), planned);
      }
    }
  }

  @Override
  public RunResult upgrade(
      String name, String image, List<String> apps, boolean ignoreCache, RunOptions options) {
    return changeImage(name, image, apps, "upgrade", ignoreCache, options);
  }

  @Override
  public RunResult rollback(
      String name, String image, List<String> apps, boolean ignoreCache, RunOptions options) {
    return changeImage(name, image, apps, "rollback", ignoreCache, options);
  }

  private RunResult changeImage(
      String name,
      String image,
      List<String> apps,
      String operation,
      boolean ignoreCache,
      RunOptions options) {
    if (image == null || image.isBlank()) {
      throw new SealerException(operation + " needs the image to move cluster " + name + " to");
    }
    ClusterState state = new ClusterState(settings.home(), name);
    try (ClusterLock lock = options.dryRun() ? null : state.lock()) {
      Clusterfile recorded = requireRecorded(state);
      String runtime = state.readRuntime().orElse("none").split("\\s+")[0];
      if (!"kubernetes".equals(runtime)) {
        throw new SealerException(
            "cluster "
                + name
                + " does not run Kubernetes (runtime "
                + runtime
                + "); sealer "
                + operation
                + " moves Kubernetes clusters only");
      }
      Cluster before = recorded.cluster();
      Cluster after = before.withImage(image, apps.isEmpty() ? before.appNames() : apps);
      Clusterfile wanted = recorded.withCluster(after);
      List<String> all = after.allIps();
      RunResult result =
          apply(
              wanted,
              state,
              all,
              List.of(),
              options,
              operation,
              ignoreCache,
              (planner, driver, launch) ->
                  planner.changeImage(operation, apps.isEmpty() ? List.of() : launch));
      if (!options.dryRun()) {
        // only now: a failed upgrade leaves the cluster recorded with the image it runs
        state.writeClusterfile(
            codec.write(recorded.withCluster(before.withImage(image, before.appNames()))));
        events.log(LogEvent.info("cluster " + name + " now runs image " + image));
      }
      return result;
    }
  }

  private static void requireKubeInstaller(
      ClusterImages.Prepared prepared, String image, String operation) {
    String type = prepared.extension().type();
    if (!io.sealer.api.build.ImageExtension.KUBE_INSTALLER.equals(type)) {
      throw new SealerException(
          "image "
              + image
              + " is "
              + (type.isEmpty() ? "of no known type" : "an " + type + " image")
              + "; sealer "
              + operation
              + " needs a kube-installer (cluster) image");
    }
  }

  @Override
  public List<CommandResult> exec(String name, @Nullable String role, String command) {
    Clusterfile recorded = requireRecorded(new ClusterState(settings.home(), name));
    Cluster cluster = recorded.cluster();
    List<String> ips = select(cluster, role);
    try (HostSessions sessions =
        HostSessions.open(connector, cluster, ips, settings.home(), 20, events)) {
      Map<String, CommandResult> results = new LinkedHashMap<>();
      ips.parallelStream()
          .forEach(
              ip -> {
                CommandResult r =
                    sessions
                        .get(ip)
                        .exec(
                            HostCommand.of(command)
                                .withEnv(HostEnvs.forHost(cluster, ip, Env.EMPTY).values()));
                synchronized (results) {
                  results.put(ip, r);
                }
              });
      return ips.stream().map(results::get).toList();
    }
  }

  @Override
  public void copy(String name, @Nullable String role, Path source, String destination) {
    Clusterfile recorded = requireRecorded(new ClusterState(settings.home(), name));
    Cluster cluster = recorded.cluster();
    if (!Files.isRegularFile(source)) {
      throw new SealerException("could not copy " + source + ": not a regular file");
    }
    int mode;
    try {
      mode = Files.isExecutable(source) ? 0755 : 0644;
    } catch (SecurityException e) {
      mode = 0644;
    }
    List<String> ips = select(cluster, role);
    int fileMode = mode;
    try (HostSessions sessions =
        HostSessions.open(connector, cluster, ips, settings.home(), 20, events)) {
      Map<String, String> failures = new LinkedHashMap<>();
      ips.parallelStream()
          .forEach(
              ip -> {
                try (InputStream in = Files.newInputStream(source)) {
                  sessions.get(ip).copy(in, destination, fileMode);
                } catch (IOException | RuntimeException e) {
                  synchronized (failures) {
                    failures.put(
                        ip,
                        String.valueOf(e.getMessage())
                            .replaceFirst("^" + java.util.regex.Pattern.quote(ip) + ": ", ""));
                  }
                }
              });
      if (!failures.isEmpty()) {
        throw new io.sealer.api.runtime.ClusterRunException("copy", ips.size(), failures);
      }
    }
  }

  @Override
  public Optional<Clusterfile> recorded(String name) {
    ClusterState state = new ClusterState(settings.home(), name);
    return state.readClusterfile().map(t -> codec.read(state.dir() + "/Clusterfile", t));
  }

  @Override
  public List<String> clusters() {
    Path home = settings.home();
    if (!Files.isDirectory(home)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(home)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("Clusterfile")))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new SealerException("could not list clusters in " + home + ": " + e, e);
    }
  }

  /** Builds the steps of an operation once the hosts are connected and the image prepared. */
  @FunctionalInterface
  private interface StepsFor {
    List<Step> steps(Planner planner, RuntimeDriver driver, List<String> launch);
  }

  /**
   * Connects to {@code targets}, checks them, prepares the image for their platforms, sends it,
   * then plans and applies the steps (or, on a dry run, only reports them).
   */
  private RunResult apply(
      Clusterfile clusterfile,
      ClusterState state,
      List<String> targets,
      List<String> alsoConnect,
      RunOptions options,
      @Nullable String operation,
      boolean ignoreCache,
      StepsFor stepsFor) {
    Cluster cluster = clusterfile.cluster();
    String rootfs = Planner.rootfsOf(cluster);
    Set<String> connectTo = new LinkedHashSet<>(targets);
    connectTo.add(cluster.master0());
    connectTo.addAll(alsoConnect);
    try (HostSessions sessions =
        HostSessions.open(
            connector, cluster, connectTo, settings.home(), options.hostConcurrency(), events)) {
      Map<String, PreChecks.Facts> facts = PreChecks.run(sessions.all(), cluster.dataRoot(), 0);
      Map<Platform, List<String>> byPlatform = new LinkedHashMap<>();
      for (String ip : connectTo) {
        byPlatform.computeIfAbsent(facts.get(ip).platform(), p -> new ArrayList<>()).add(ip);
      }
      List<ClusterImages.Prepared> prepared = new ArrayList<>();
      try {
        Map<String, Long> bytes = new LinkedHashMap<>();
        ClusterImages.Prepared master0Image = null;
        for (Map.Entry<Platform, List<String>> group : byPlatform.entrySet()) {
          ClusterImages.Prepared image = images.prepare(clusterfile, group.getKey());
          prepared.add(image);
          if (operation != null) {
            requireKubeInstaller(image, cluster.image(), operation);
          }
          if (!options.dryRun()
              && "kubernetes".equals(runtimeTypeOf(image))
              && cluster.registry().external() == null
              && cluster.registry().local() != null) {
            // htpasswd and certificate into the rootfs before it is sent (spec 6.4)
            RegistryFiles.ensure(
                image.rootfs(),
                state.dir().resolve("kubernetes/registry"),
                cluster.registry().local());
          }
          if (group.getValue().contains(cluster.master0())) {
            master0Image = image;
          }
          Map<String, RemoteHost> groupHosts = new LinkedHashMap<>();
          group.getValue().stream()
              .filter(targets::contains)
              .forEach(ip -> groupHosts.put(ip, sessions.get(ip)));
          Set<String> registryHosts = new LinkedHashSet<>(registryHosts(cluster));
          registryHosts.retainAll(groupHosts.keySet());
          if (!groupHosts.isEmpty()) {
            events.log(
                LogEvent.info(
                    (options.dryRun() ? "[distribute, dry run] " : "[distribute] ")
                        + groupHosts.size()
                        + " host(s), "
                        + group.getKey()));
            if (!options.dryRun()) {
              state.markHostsTouched();
            }
            bytes.putAll(
                distribute(
                    image.rootfs(),
                    ignoreCache ? null : image.digestCache(),
                    image.contentKey(),
                    rootfs,
                    groupHosts,
                    registryHosts,
                    options));
          }
        }
        ClusterImages.Prepared image = master0Image;
        String type = runtimeTypeOf(image);
        String cri = image.labels().getOrDefault(KubernetesDriver.CRI_LABEL, "docker");
        if (!options.dryRun()) {
          state.writeRuntime(type + " " + cri);
        }
        RuntimeDriver driver =
            driver(
                type,
                state,
                clusterfile,
                image.rootfs(),
                cri,
                codec.write(withoutSecrets(clusterfile)));
        List<Plugin> plugins = new ArrayList<>(image.plugins());
        plugins.addAll(clusterfile.plugins());
        RunContext ctx =
            new RunContext(
                cluster,
                sessions.all(),
                Env.of(image.extension().env()),
                image.imageId(),
                rootfs,
                events,
                Env.EMPTY);
        List<String> launch =
            LaunchPlan.commands(image.extension(), cluster, clusterfile.application());
        List<Step> steps =
            new ArrayList<>(stepsFor.steps(new Planner(ctx, new Hooks(plugins)), driver, launch));
        for (String ip : targets) {
          steps.add(new Step("finish", ip, "record host as joined", joinedInputs(ip), () -> {}));
        }
        Journal journal =
            options.dryRun()
                ? state.dir().toFile().exists() ? state.journal() : null
                : state.journal();
        List<PlannedStep> planned = new ArrayList<>();
        bytes.forEach(
            (ip, n) -> planned.add(new PlannedStep("distribute", ip, "send rootfs", false, n)));
        for (Step s : steps) {
          boolean done = journal != null && s.journaled() && journal.isDone(s.key());
          planned.add(new PlannedStep(s.phase(), s.host(), s.action(), done, -1));
        }
        if (!options.dryRun()) {
          new PlanRunner(journal, options.hostConcurrency(), events).apply(steps);
        }
        return new RunResult(cluster.name(), rolesOf(cluster, targets), planned);
      } finally {
        prepared.forEach(ClusterImages.Prepared::close);
      }
    }
  }

  /** Sends the rootfs; every failed host is reported with the others' work kept. */
  private Map<String, Long> distribute(
      Path local,
      @Nullable Path digestCache,
      String sourceKey,
      String target,
      Map<String, RemoteHost> hosts,
      Set<String> registryHosts,
      RunOptions options) {
    List<DistributionTarget> targets = new ArrayList<>();
    hosts.forEach(
        (ip, host) -> targets.add(new DistributionTarget(host, registryHosts.contains(ip))));
    DistributionReport report =
        distributor.distribute(
            new DistributionRequest(
                local,
                target,
                targets,
                options.hostConcurrency(),
                options.dryRun(),
                false,
                digestCache,
                sourceKey));
    Map<String, Long> bytes = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (HostDistribution h : report.hosts()) {
      if (h.succeeded()) {
        bytes.put(h.host(), options.dryRun() ? h.bytesPlanned() : h.bytesSent());
      } else {
        String m = String.valueOf(h.failure().getMessage());
        failures.put(
            h.host(), m.startsWith(h.host() + ": ") ? m.substring(h.host().length() + 2) : m);
      }
    }
    if (!failures.isEmpty()) {
      throw new io.sealer.api.runtime.ClusterRunException("distribute", hosts.size(), failures);
    }
    return bytes;
  }

  private RunResult cleanHosts(
      Clusterfile clusterfile,
      ClusterState state,
      List<String> gone,
      boolean whole,
      boolean prune,
      RunOptions options) {
    Cluster cluster = clusterfile.cluster();
    String rootfs = Planner.rootfsOf(cluster);
    Set<String> connectTo = new LinkedHashSet<>(gone);
    if (whole || !gone.contains(cluster.master0())) {
      connectTo.add(cluster.master0());
    }
    if (!whole && gone.stream().anyMatch(cluster.masters()::contains)) {
      // the workers that stay balance over the masters that stay (their lvscare is updated)
      cluster.nodes().stream().filter(ip -> !gone.contains(ip)).forEach(connectTo::add);
    }
    try (HostSessions sessions =
        HostSessions.open(
            connector,
            cluster,
            connectTo,
            settings.home(),
            options.hostConcurrency(),
            events,
            whole && options.force())) {
      List<String> reached = gone.stream().filter(sessions::has).toList();
      String reader =
          sessions.has(cluster.master0())
              ? cluster.master0()
              : reached.isEmpty() ? null : reached.get(0);
      List<Plugin> plugins =
          new ArrayList<>(
              reader == null ? List.of() : readHostPlugins(sessions.get(reader), rootfs));
      plugins.addAll(clusterfile.plugins());
      Env extra = Env.EMPTY.with("DeletedIPs", String.join(",", gone));
      RunContext ctx =
          new RunContext(cluster, sessions.all(), Env.EMPTY, "", rootfs, events, extra);
      // the runtime the cluster was made with (recorded by its first run); none for clusters
      // recorded before runtimes were recorded, when none was the only runtime
      String[] runtime = state.readRuntime().orElse("none").split("\\s+");
      RuntimeDriver driver =
          driver(
              runtime[0], state, clusterfile, null, runtime.length > 1 ? runtime[1] : "docker", "");
      List<Step> steps = new Planner(ctx, new Hooks(plugins)).clean(driver, reached, whole, prune);
      List<PlannedStep> planned =
          steps.stream()
              .map(s -> new PlannedStep(s.phase(), s.host(), s.action(), false, -1))
              .toList();
      if (!options.dryRun()) {
        new PlanRunner(state.journal(), options.hostConcurrency(), events).apply(steps);
      }
      return new RunResult(cluster.name(), rolesOf(cluster, gone), planned);
    }
  }

  /** The image's hooks as distributed to a host (the image may be gone from this machine). */
  private List<Plugin> readHostPlugins(RemoteHost host, String rootfs) {
    CommandResult r =
        host.exec(
            HostCommand.of(
                    "d="
                        + Shell.quote(rootfs + "/plugins")
                        + "; [ -d \"$d\" ] || exit 0;"
                        + " for f in \"$d\"/*.yaml \"$d\"/*.yml; do [ -f \"$f\" ] && { cat \"$f\"; echo; echo ---; }; done; exit 0")
                .describedAs("read the image's plugins")
                .quiet());
    r.orThrow();
    if (r.stdout().isBlank()) {
      return List.of();
    }
    return codec.readPlugins(host.address() + ":" + rootfs + "/plugins", r.stdout());
  }

  private static String runtimeTypeOf(ClusterImages.Prepared image) {
    String type = image.labels().getOrDefault(RuntimeDriver.LABEL, "kubernetes");
    if (!RUNTIME_TYPES.contains(type)) {
      throw new SealerException(
          "image "
              + image.imageId()
              + " has runtime type '"
              + type
              + "' (label "
              + RuntimeDriver.LABEL
              + "), which this sealer cannot run yet; runtime"
              + " types it runs: "
              + String.join(", ", RUNTIME_TYPES));
    }
    return type;
  }

  private static RuntimeDriver driver(
      String type,
      ClusterState state,
      Clusterfile clusterfile,
      @Nullable Path imageRootfs,
      String cri,
      String clusterfileText) {
    return switch (type) {
      case "kubernetes" ->
          new KubernetesDriver(
              state.dir().resolve("kubernetes"),
              clusterfile.kubeadm(),
              imageRootfs,
              cri,
              clusterfileText);
      case "none" -> new NoneDriver();
      default ->
          throw new SealerException(
              "cluster "
                  + state.cluster()
                  + " was made with runtime type '"
                  + type
                  + "', which this sealer cannot handle; runtime types it runs: "
                  + String.join(", ", RUNTIME_TYPES));
    };
  }

  /** The Clusterfile as the cluster may keep it: SSH passwords and key passphrases left out. */
  private static Clusterfile withoutSecrets(Clusterfile clusterfile) {
    Cluster c = clusterfile.cluster();
    List<Host> hosts =
        c.hosts().stream()
            .map(
                h ->
                    new Host(
                        h.ips(),
                        h.roles(),
                        withoutSecrets(h.ssh()),
                        h.env(),
                        h.labels(),
                        h.taints()))
            .toList();
    Ssh ssh = withoutSecrets(c.ssh());
    Cluster out = c.withHosts(hosts).withSsh(ssh == null ? Ssh.EMPTY : ssh);
    io.sealer.api.cluster.LocalRegistry local = c.registry().local();
    if (local != null && local.password() != null) {
      // the registry's users log in with what the hosts hold (htpasswd), not with this
      out =
          out.withRegistry(
              new io.sealer.api.cluster.Registry(
                  new io.sealer.api.cluster.LocalRegistry(
                      local.domain(),
                      local.port(),
                      local.username(),
                      null,
                      local.ha(),
                      local.insecure(),
                      local.certDnsNames(),
                      local.certIps()),
                  c.registry().external()));
    }
    return clusterfile.withCluster(out);
  }

  private static @Nullable Ssh withoutSecrets(@Nullable Ssh ssh) {
    return ssh == null
        ? null
        : new Ssh(ssh.user(), null, ssh.pk(), null, ssh.port(), ssh.encrypted());
  }

  private static List<String> registryHosts(Cluster cluster) {
    return cluster.registry().isHaLocal() ? cluster.masters() : List.of(cluster.master0());
  }

  private static Map<String, List<String>> rolesOf(Cluster cluster, List<String> ips) {
    Map<String, List<String>> roles = new LinkedHashMap<>();
    ips.forEach(ip -> roles.put(ip, cluster.hostOf(ip).map(Host::roles).orElse(List.of())));
    return roles;
  }

  private static String joinedInputs(String ip) {
    return "1";
  }

  private static String joinedKey(String ip) {
    return ip + "/finish/record_host_as_joined@1";
  }

  /**
   * Why a run of {@code wanted} would change the {@code recorded} cluster, as the refusal to give
   * once the cluster exists; null if it would not.
   */
  private static @Nullable String change(Cluster recorded, Cluster wanted) {
    if (!recorded.image().equals(wanted.image())) {
      return "cluster "
          + wanted.name()
          + " already runs image "
          + recorded.image()
          + ", not "
          + wanted.image()
          + "; `sealer run` does not change a cluster: use"
          + " `sealer apply -f Clusterfile` or delete it first with `sealer delete -a`";
    }
    if (!roleMap(recorded).equals(roleMap(wanted))) {
      return "cluster "
          + wanted.name()
          + " already exists on other hosts ("
          + String.join(",", recorded.allIps())
          + "); add hosts with `sealer scale-up -m/-n`,"
          + " remove them with `sealer delete -m/-n`, or use `sealer apply -f Clusterfile`";
    }
    return null;
  }

  private static Map<String, List<String>> roleMap(Cluster c) {
    Map<String, List<String>> m = new java.util.TreeMap<>();
    c.allIps()
        .forEach(
            ip ->
                m.put(
                    ip,
                    c.hostOf(ip).map(h -> h.roles().stream().sorted().toList()).orElse(List.of())));
    return m;
  }

  private static void checkShape(Cluster cluster) {
    if (cluster.masters().isEmpty()) {
      throw new SealerException(
          "cluster "
              + cluster.name()
              + " has no master: give -m with at"
              + " least one IP, or a host with role master in the Clusterfile");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String ip : cluster.allIps()) {
      if (!seen.add(ip)) {
        throw new SealerException("host " + ip + " is given twice");
      }
    }
  }

  private Clusterfile requireRecorded(ClusterState state) {
    return state
        .readClusterfile()
        .map(t -> codec.read(state.dir() + "/Clusterfile", t))
        .orElseThrow(
            () ->
                new SealerException(
                    "no cluster "
                        + state.cluster()
                        + " is recorded in "
                        + settings.home()
                        + "; `sealer run` makes one"));
  }

  private static List<String> select(Cluster cluster, @Nullable String role) {
    List<String> ips =
        role == null || role.isBlank() ? cluster.allIps() : cluster.ipsWithRole(role);
    if (ips.isEmpty()) {
      throw new SealerException("cluster " + cluster.name() + " has no host with role " + role);
    }
    return ips;
  }

  private static Cluster withHosts(Cluster c, Collection<Host> hosts) {
    return c.withHosts(List.copyOf(hosts));
  }
}
