package io.sealer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.Host;
import io.sealer.api.cluster.Registry;
import io.sealer.api.cluster.Ssh;
import io.sealer.api.event.EventListener;
import io.sealer.api.host.HostConnector;
import io.sealer.api.runtime.RunOptions;
import io.sealer.parser.ParserModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refusals Sealer makes (spec 5.2, 6.7), checked before any host is touched. */
class ClusterOperationsTest {
  @TempDir Path dir;
  private ClusterfileCodec codec;
  private ClusterOperations ops;
  private ClusterState state;

  @BeforeEach
  void setUp() {
    codec = Guice.createInjector(new ParserModule()).getInstance(ClusterfileCodec.class);
    HostConnector noHosts =
        new HostConnector() {
          @Override
          public io.sealer.api.host.RemoteHost connect(
              io.sealer.api.host.HostAccess access, EventListener events) {
            throw new AssertionError("a refused operation must not connect to " + access.address());
          }

          @Override
          public void trustHostKeys(java.util.Collection<String> addresses, Path knownHosts) {}
        };
    SealerSettings settings =
        new SealerSettings(dir.resolve("root"), dir.resolve("home"), EventListener.NONE);
    ops =
        new ClusterOperations(
            settings,
            noHosts,
            codec,
            new ClusterImages() {
              @Override
              public Prepared prepare(Clusterfile cf, io.sealer.api.Platform p) {
                throw new AssertionError("no image needed");
              }

              @Override
              public void forget(String cluster) {}
            },
            request -> {
              throw new AssertionError("no distribution");
            });
    state = new ClusterState(settings.home(), "my-cluster");
  }

  private static Clusterfile cluster(String image, List<String> masters, List<String> nodes) {
    List<Host> hosts = new java.util.ArrayList<>();
    hosts.add(new Host(masters, List.of(Host.MASTER), null, List.of(), Map.of(), List.of()));
    if (!nodes.isEmpty()) {
      hosts.add(new Host(nodes, List.of(Host.NODE), null, List.of(), Map.of(), List.of()));
    }
    Cluster c =
        new Cluster(
            "my-cluster",
            Map.of(),
            image,
            List.of(),
            List.of(),
            List.of(),
            null,
            new Ssh("root", "pw", null, null, "22", false),
            hosts,
            null,
            List.of(),
            Registry.DEFAULT,
            Cluster.DEFAULT_DATA_ROOT);
    return new Clusterfile(c, List.of(), List.of(), null, List.of());
  }

  private void record(Clusterfile cf) {
    state.writeClusterfile(codec.write(cf));
  }

  @Test
  void aRunThatWouldChangeAnExistingClusterIsRefusedWithWhatToDo() {
    record(cluster("etcd:v1", List.of("10.0.0.2"), List.of("10.0.0.3")));
    state.markHostsTouched(); // a run got as far as its hosts
    assertRunOfV2Refused().hasMessageContaining("sealer apply -f Clusterfile");
    assertThatThrownBy(
            () ->
                ops.run(
                    cluster("etcd:v1", List.of("10.0.0.2"), List.of("10.0.0.4")),
                    RunOptions.DEFAULT))
        .hasMessageContaining("already exists on other hosts (10.0.0.2,10.0.0.3)")
        .hasMessageContaining("sealer scale-up -m/-n");
  }

  @Test
  void aRecordOfARunThatNeverGotToItsHostsIsReplacedByTheNextRun() {
    // the first run stopped before it sent anything (an image name or an IP mistyped)
    record(cluster("etdc:v1", List.of("10.0.0.2"), List.of("10.0.0.33")));
    Clusterfile wanted = cluster("etcd:v1", List.of("10.0.0.2"), List.of("10.0.0.3"));
    assertThatThrownBy(() -> ops.run(wanted, RunOptions.DEFAULT))
        .as("not refused: it goes on to connect to its hosts")
        .hasMessageContaining("failed in connect")
        .hasMessageContaining("must not connect to 10.0.0.3");
    Cluster now = codec.read("Clusterfile", state.readClusterfile().orElseThrow()).cluster();
    assertThat(now.image()).isEqualTo("etcd:v1");
    assertThat(now.allIps()).containsExactly("10.0.0.2", "10.0.0.3");

    // once a step has finished, it is a cluster: the same change is refused
    state.journal().markDone("step-key", "a step");
    assertRunOfV2Refused();
  }

  /** A run of etcd:v2 on the recorded hosts of an etcd:v1 cluster: refused, naming both. */
  private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>
      assertRunOfV2Refused() {
    return assertThatThrownBy(
            () ->
                ops.run(
                    cluster("etcd:v2", List.of("10.0.0.2"), List.of("10.0.0.3")),
                    RunOptions.DEFAULT))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("already runs image etcd:v1, not etcd:v2");
  }

  @Test
  void deletingEveryMasterOrMaster0OfANonHaRegistryIsRefused() {
    record(cluster("etcd:v1", List.of("10.0.0.2", "10.0.0.3"), List.of("10.0.0.4")));
    assertThatThrownBy(
            () ->
                ops.delete(
                    "my-cluster", List.of("10.0.0.2", "10.0.0.3"), false, RunOptions.DEFAULT))
        .hasMessage(
            "cleaning up all masters is illegal, unless you give the --all flag, which"
                + " will delete the entire cluster");
    assertThatThrownBy(
            () -> ops.delete("my-cluster", List.of("10.9.9.9"), false, RunOptions.DEFAULT))
        .hasMessage("none of the given hosts is in cluster my-cluster");
  }

  @Test
  void certNeedsNamesAndAKubernetesCluster() {
    record(cluster("etcd:v1", List.of("10.0.0.2"), List.of()));
    assertThatThrownBy(() -> ops.cert("my-cluster", List.of(" "), RunOptions.DEFAULT))
        .hasMessage("cert needs --alt-names with at least one name or IP");
    // recorded before runtimes were recorded: none
    assertThatThrownBy(() -> ops.cert("my-cluster", List.of("a.example"), RunOptions.DEFAULT))
        .hasMessage(
            "cluster my-cluster does not run Kubernetes (runtime none); cert changes the API"
                + " server certificates of a Kubernetes cluster");
    state.writeRuntime("none docker");
    assertThatThrownBy(() -> ops.cert("my-cluster", List.of("a.example"), RunOptions.DEFAULT))
        .hasMessageContaining("does not run Kubernetes (runtime none)");
  }

  @Test
  void upgradeAndRollbackNeedAnImageAndAKubernetesClusterAndLeaveTheRecordAlone() {
    assertThatThrownBy(
            () -> ops.upgrade("my-cluster", "k8s:v2", List.of(), false, RunOptions.DEFAULT))
        .hasMessageContaining("no cluster my-cluster is recorded");
    record(cluster("etcd:v1", List.of("10.0.0.2"), List.of()));
    assertThatThrownBy(() -> ops.upgrade("my-cluster", " ", List.of(), false, RunOptions.DEFAULT))
        .hasMessage("upgrade needs the image to move cluster my-cluster to");
    state.writeRuntime("none docker");
    assertThatThrownBy(
            () -> ops.rollback("my-cluster", "etcd:v0", List.of(), false, RunOptions.DEFAULT))
        .hasMessage(
            "cluster my-cluster does not run Kubernetes (runtime none); sealer rollback moves"
                + " Kubernetes clusters only");
    assertThat(state.readClusterfile().orElseThrow()).contains("etcd:v1");
  }

  @Test
  void scaleUpRefusesHostsAlreadyJoinedAndOperationsNeedARecordedCluster() {
    record(cluster("etcd:v1", List.of("10.0.0.2"), List.of()));
    state.journal().markDone("10.0.0.2/finish/record_host_as_joined@1", "joined");
    Host again =
        new Host(List.of("10.0.0.2"), List.of(Host.NODE), null, List.of(), Map.of(), List.of());
    assertThatThrownBy(() -> ops.scaleUp("my-cluster", List.of(again), RunOptions.DEFAULT))
        .hasMessageContaining("host 10.0.0.2 is already in cluster my-cluster");
    assertThatThrownBy(() -> ops.exec("other", null, "true"))
        .hasMessageContaining("no cluster other is recorded");
    assertThat(ops.clusters()).containsExactly("my-cluster");
  }

  @Test
  void aClusterWithoutMastersOrWithAHostTwiceIsRefused() {
    assertThatThrownBy(
            () -> ops.run(cluster("etcd:v1", List.of(), List.of("10.0.0.3")), RunOptions.DEFAULT))
        .hasMessageContaining("has no master");
    assertThatThrownBy(
            () ->
                ops.run(
                    cluster("etcd:v1", List.of("10.0.0.2"), List.of("10.0.0.2")),
                    RunOptions.DEFAULT))
        .hasMessage("host 10.0.0.2 is given twice");
    assertThat(state.exists()).as("nothing recorded for a refused run").isFalse();
  }
}
