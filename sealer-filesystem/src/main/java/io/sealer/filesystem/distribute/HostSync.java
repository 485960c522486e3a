package io.sealer.filesystem.distribute;

import io.sealer.api.distribute.DistributionRequest;
import io.sealer.api.distribute.DistributionTarget;
import io.sealer.api.distribute.HostDistribution;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.event.ProgressInputStream;
import io.sealer.api.event.ProgressTracker;
import io.sealer.api.host.HostException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Brings one host up to date: probe, hash what the record does not vouch for, plan, send one tar
 * stream, write the record. Every failure becomes the host's outcome, never an exception.
 */
final class HostSync {
  private static final int PIPE_CHUNKS = 16;
  private static final long PROGRESS_STEP = 1 << 18;

  /** How the pipe reports that the reading side (the host) went away. */
  private static final java.util.Set<String> PIPE_CLOSED = java.util.Set.of("Pipe closed");

  private final DistributionTarget target;
  private final LocalTree tree;
  private final DistributionRequest request;
  private final ProgressTracker overall;
  private final EventListener events;
  private final ExecutorService producers;
  private final AtomicLong sent = new AtomicLong();

  HostSync(
      DistributionTarget target,
      LocalTree tree,
      DistributionRequest request,
      ProgressTracker overall,
      EventListener events,
      ExecutorService producers) {
    this.target = target;
    this.tree = tree;
    this.request = request;
    this.overall = overall;
    this.events = events;
    this.producers = producers;
  }

  /** Runs the host's distribution and returns its outcome. */
  HostDistribution run() {
    String address = target.host().address();
    try {
      return sync(address);
    } catch (HostException e) {
      return HostDistribution.failed(address, sent.get(), e);
    } catch (RuntimeException e) {
      return HostDistribution.failed(
          address,
          sent.get(),
          new HostException(
              address,
              HostException.Kind.OTHER,
              "could not distribute rootfs to " + request.targetDir() + ": " + e.getMessage(),
              e));
    }
  }

  private HostDistribution sync(String address) {
    HostScript script = new HostScript(target.host(), request.targetDir(), request.dryRun());
    List<TreeEntry> wanted = tree.entriesFor(target.registry());
    String seal = request.verify() ? "" : tree.sealFor(target.registry());
    byte[] probe = script.probe(seal);
    if (Seal.unchanged(probe)) {
      overall.allocate(address, 0);
      overall.completed(address);
      return unchanged(address, wanted, request.dryRun());
    }
    HostState state = HostState.parse(probe);
    if (state.rejected() > 0) {
      events.log(
          LogEvent.warn(
              address
                  + ": ignored "
                  + state.rejected()
                  + " unsafe or malformed entries in the record or listing of "
                  + request.targetDir()));
    }
    List<String> toHash = Planner.toHash(wanted, state, request.verify());
    Map<String, String> hashes =
        toHash.isEmpty() ? Map.of() : HostState.parseHashes(script.hash(nulSeparated(toHash)));
    TransferPlan plan = Planner.plan(wanted, state, hashes, request.verify());
    long estimate = plan.isEmpty() ? 0 : TarStream.estimatedSize(plan);
    overall.allocate(address, estimate);
    if (request.dryRun()) {
      overall.completed(address);
      return outcome(address, plan, true);
    }
    Map<String, HostEntry> after = plan.isEmpty() ? state.actual() : send(address, script, plan);
    Map<String, HostEntry> record = new LinkedHashMap<>();
    for (HostEntry e : Planner.record(wanted, after)) {
      record.put(e.path(), e);
    }
    boolean stagingLeft = !state.pending().isEmpty() || !state.staged().isEmpty();
    if (!plan.isEmpty()
        || stagingLeft
        || !record.equals(state.record())
        || (Seal.missing(probe) && !seal.isEmpty())) {
      script.commit(HostRecord.encode(record.values()), seal);
    }
    overall.completed(address);
    return outcome(address, plan, false);
  }

  private Map<String, HostEntry> send(String address, HostScript script, TransferPlan plan) {
    ProgressTracker perHost =
        new ProgressTracker(
            events, "distribute " + request.targetDir() + " " + address, "rootfs to " + address);
    perHost.allocate("stream", TarStream.estimatedSize(plan));
    ChunkPipe chunks = new ChunkPipe(PIPE_CHUNKS);
    InputStream pipe = chunks.source();
    Future<?> producer =
        producers.submit(
            () -> {
              try (OutputStream out = chunks.sink()) {
                TarStream.write(tree.root(), plan, out);
              }
              return null;
            });
    InputStream counted =
        new ProgressInputStream(pipe, perHost, "stream", 0, PROGRESS_STEP, sent::addAndGet);
    InputStream stdin =
        new ProgressInputStream(counted, overall, address, 0, PROGRESS_STEP, n -> {});
    byte[] output;
    try {
      output = script.apply(stdin);
    } catch (HostException e) {
      throw sourceFailure(address, producer, pipe).orElse(e);
    } finally {
      closeQuietly(pipe);
      perHost.finish();
    }
    sourceFailure(address, producer, pipe)
        .ifPresent(
            e -> {
              throw e;
            });
    return HostState.parse(output).actual();
  }

  /**
   * The producer's failure, unless it only failed because the host stopped reading (then the host's
   * own error tells the story).
   */
  private Optional<HostException> sourceFailure(
      String address, Future<?> producer, InputStream pipe) {
    closeQuietly(pipe);
    try {
      producer.get();
      return Optional.empty();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof IOException && PIPE_CLOSED.contains(cause.getMessage())) {
        return Optional.empty();
      }
      return Optional.of(
          new HostException(
              address,
              HostException.Kind.OTHER,
              "could not distribute rootfs to " + request.targetDir() + ": " + cause.getMessage(),
              cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The outcome for a host whose seal says it holds everything already. */
  private static HostDistribution unchanged(
      String address, List<TreeEntry> wanted, boolean dryRun) {
    int kept = 0;
    for (TreeEntry e : wanted) {
      if (e.type() != EntryType.DIRECTORY) {
        kept++;
      }
    }
    return new HostDistribution(address, 0, 0, 0, 0, kept, dryRun, null);
  }

  private HostDistribution outcome(String address, TransferPlan plan, boolean dryRun) {
    return new HostDistribution(
        address,
        plan.bytesPlanned(),
        sent.get(),
        plan.filesSent(),
        plan.filesRemoved(),
        plan.filesKept(),
        dryRun,
        null);
  }

  private static byte[] nulSeparated(List<String> paths) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String path : paths) {
      out.writeBytes(path.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // closing a pipe only wakes its writer
    }
  }
}
