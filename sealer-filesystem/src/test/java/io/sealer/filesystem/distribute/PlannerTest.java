package io.sealer.filesystem.distribute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planning rules on their own, without a host. */
class PlannerTest {
  static final String SHA = "a".repeat(64);
  static final String OTHER = "b".repeat(64);

  final TreeEntry dir = new TreeEntry("etc", EntryType.DIRECTORY, 0755, 0, null, null);
  final TreeEntry file = new TreeEntry("etc/a", EntryType.FILE, 0644, 10, SHA, null);
  final List<TreeEntry> wanted = List.of(dir, file);

  final Map<String, HostEntry> record = new HashMap<>();
  final Map<String, HostEntry> actual = new HashMap<>();
  final Map<String, String[]> staged = new HashMap<>();
  final Map<String, String[]> partial = new HashMap<>();

  HostState state() {
    return new HostState(record, actual, staged, partial, Set.of(), 0);
  }

  static HostEntry host(String path, char type, String mode, long size, String ctime) {
    return new HostEntry(path, type, mode, size, "1.0", ctime, "7", "", "");
  }

  List<String> ops(TransferPlan plan) {
    return HostState.tokens(plan.operations());
  }

  @Test
  void anEmptyHostGetsEverything() {
    TransferPlan plan = Planner.plan(wanted, state(), Map.of(), false);

    assertThat(ops(plan)).containsExactly("D", "755", "etc", "F", "644", SHA, "10", "0", "etc/a");
    assertThat(plan.toSend()).extracting(s -> s.entry().path()).containsExactly("etc/a");
    assertThat(plan.bytesPlanned()).isEqualTo(10);
  }

  @Test
  void aFileTheRecordVouchesForIsKeptWithoutHashingUnlessVerifying() {
    actual.put("etc", host("etc", 'd', "755", 4096, "1.0"));
    actual.put("etc/a", host("etc/a", 'f', "644", 10, "1.0"));
    record.put("etc/a", host("etc/a", 'f', "644", 10, "1.0").withSha256(SHA));

    assertThat(Planner.toHash(wanted, state(), false)).isEmpty();
    assertThat(Planner.plan(wanted, state(), Map.of(), false).isEmpty()).isTrue();
    assertThat(Planner.toHash(wanted, state(), true)).containsExactly("etc/a");
    assertThat(Planner.plan(wanted, state(), Map.of("etc/a", OTHER), true).toSend()).hasSize(1);
  }

  @Test
  void aChangedCtimeMeansTheHostMustHashTheFile() {
    actual.put("etc/a", host("etc/a", 'f', "644", 10, "2.0"));
    record.put("etc/a", host("etc/a", 'f', "644", 10, "1.0").withSha256(SHA));

    assertThat(Planner.toHash(wanted, state(), false)).containsExactly("etc/a");
    TransferPlan matching = Planner.plan(wanted, state(), Map.of("etc/a", SHA), false);
    assertThat(matching.toSend()).isEmpty();
    assertThat(matching.filesKept()).isEqualTo(1);
  }

  @Test
  void aModeChangeIsAChmodNotATransfer() {
    actual.put("etc", host("etc", 'd', "700", 4096, "1.0"));
    actual.put("etc/a", host("etc/a", 'f', "600", 10, "1.0"));

    TransferPlan plan = Planner.plan(wanted, state(), Map.of("etc/a", SHA), false);

    assertThat(ops(plan)).containsExactly("D", "755", "etc", "M", "644", "etc/a");
    assertThat(plan.toSend()).isEmpty();
  }

  @Test
  void aDirectoryWhereAFileMustBeIsRemovedFirst() {
    actual.put("etc/a", host("etc/a", 'd', "755", 4096, "1.0"));

    assertThat(ops(Planner.plan(wanted, state(), Map.of(), false))).startsWith("R", "etc/a");
  }

  @Test
  void onlyWhatSealerPutThereIsRemoved() {
    actual.put("etc/gone", host("etc/gone", 'f', "644", 1, "1.0"));
    actual.put("etc/made-on-host", host("etc/made-on-host", 'f', "644", 1, "1.0"));
    record.put("etc/gone", host("etc/gone", 'f', "644", 1, "1.0"));

    TransferPlan plan = Planner.plan(wanted, state(), Map.of(), false);

    assertThat(ops(plan)).startsWith("X", "etc/gone").doesNotContain("etc/made-on-host");
    assertThat(plan.filesRemoved()).isEqualTo(1);
  }

  @Test
  void stagedFilesAreReusedAndPartialOnesContinued() {
    staged.put("etc/a", new String[] {SHA, "644"});
    TransferPlan reused = Planner.plan(wanted, state(), Map.of(), false);
    assertThat(reused.toSend()).isEmpty();
    assertThat(reused.filesSent()).isEqualTo(1);

    staged.clear();
    partial.put("etc/a", new String[] {SHA, "644", "4"});
    TransferPlan continued = Planner.plan(wanted, state(), Map.of(), false);
    assertThat(continued.toSend()).containsExactly(new TransferPlan.Send(file, 4));
    assertThat(continued.bytesPlanned()).isEqualTo(6);

    partial.put("etc/a", new String[] {OTHER, "644", "4"});
    assertThat(Planner.plan(wanted, state(), Map.of(), false).toSend())
        .containsExactly(new TransferPlan.Send(file, 0));
  }
}
