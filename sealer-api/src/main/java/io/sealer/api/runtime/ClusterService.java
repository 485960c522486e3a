package io.sealer.api.runtime;

import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.Host;
import io.sealer.api.host.CommandResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The life of clusters made from ClusterImages: bring one up, grow and shrink it, remove it, and
 * run commands on its hosts. Every operation that changes hosts takes the cluster's lock (a second
 * process is refused), records the Clusterfile under {@code ~/.sealer/<cluster>/} before its first
 * step and a journal of finished steps after each, so running it again after a failure continues
 * where it stopped. A failed phase throws {@link ClusterRunException} with every host's reason.
 */
public interface ClusterService {

  /**
   * Brings a cluster up ({@code sealer run}), or continues a run that stopped. The same run on a
   * finished cluster checks each host against what was recorded and changes nothing. A run that
   * would change an existing cluster (another image, other hosts) is refused.
   */
  RunResult run(Clusterfile clusterfile, RunOptions options);

  /** Adds hosts ({@code sealer scale-up}); IPs already in the cluster are refused. */
  RunResult scaleUp(String cluster, List<Host> added, RunOptions options);

  /**
   * Removes hosts ({@code sealer delete -m/-n}); refuses to remove master0 or every master. {@code
   * prune} also removes the cluster's data directory on them.
   */
  RunResult delete(String cluster, List<String> ips, boolean prune, RunOptions options);

  /**
   * Removes the whole cluster ({@code sealer delete -a}), also after a failed or interrupted run;
   * {@code prune} removes the data directory on every host. The local state is removed last.
   */
  RunResult deleteAll(String cluster, boolean prune, RunOptions options);

  /**
   * Adds names or IPs to the API server certificate of every master of a Kubernetes cluster ({@code
   * sealer cert --alt-names}): each master's certificate is issued again with them, put in place
   * and the API server restarted; the names are recorded (env {@code CertSANs}) so masters added
   * later get them too.
   */
  RunResult cert(String cluster, List<String> altNames, RunOptions options);

  /**
   * Moves a running cluster to another {@code kube-installer} image ({@code sealer upgrade}): the
   * image is prepared and its rootfs sent to every host (registry data to the registry hosts), then
   * the image's {@code upgrade-host} hooks run on every host and its {@code upgrade} hooks on
   * master0; the upgrade itself is the image's business (its plugins). The cluster's Clusterfile
   * names the new image only once every step has succeeded; running it again after a failure
   * continues where it stopped. Other image types are refused before any host is touched.
   *
   * @param apps apps of the new image to launch on master0 after the hooks; empty launches none
   * @param ignoreCache compute the digests of the image's files again instead of using those kept
   *     from the last distribution
   */
  RunResult upgrade(
      String cluster, String image, List<String> apps, boolean ignoreCache, RunOptions options);

  /**
   * Moves a cluster back to an earlier {@code kube-installer} image ({@code sealer rollback}): as
   * {@link #upgrade}, with the image's {@code rollback} hooks on master0 instead of {@code
   * upgrade}.
   */
  RunResult rollback(
      String cluster, String image, List<String> apps, boolean ignoreCache, RunOptions options);

  /** Runs a shell command on every host of the cluster, or those with {@code role}, in parallel. */
  List<CommandResult> exec(String cluster, @Nullable String role, String command);

  /** Copies a local file to {@code destination} on every host, or those with {@code role}. */
  void copy(String cluster, @Nullable String role, Path source, String destination);

  /** The Clusterfile recorded for a cluster, if there is one. */
  Optional<Clusterfile> recorded(String cluster);

  /** The names of the clusters recorded on this machine. */
  List<String> clusters();
}
