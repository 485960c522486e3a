package io.sealer.image.registry;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.event.ProgressInputStream;
import io.sealer.api.event.ProgressTracker;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.registry.PushResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes one stored image: every blob the registry lacks (HEAD first, a cross-repository mount
 * where another repository of the registry is known to hold it, else a streamed upload), in
 * parallel; an upload cut in the middle resumes at the offset the registry reports, or restarts
 * that blob alone; manifests go last, children before their index.
 */
final class ImagePusher {
  /** Blobs up to this size go in one PUT; larger ones are streamed with PATCH. */
  static final long MONOLITHIC_LIMIT = 1024 * 1024;

  private static final int BUFFER = 256 * 1024;

  private final ImageStore store;
  private final RegistryCaller caller;
  private final RegistryCalls calls;
  private final ProgressTracker tracker;
  private final EventListener events;
  private final int jobs;
  private final Map<Digest, String> mountSources;
  private final AtomicInteger uploaded = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private final AtomicInteger mounted = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();

  ImagePusher(
      ImageStore store,
      RegistryCaller caller,
      ProgressTracker tracker,
      EventListener events,
      int jobs,
      Map<Digest, String> mountSources) {
    this.store = store;
    this.caller = caller;
    this.calls = new RegistryCalls(caller);
    this.tracker = tracker;
    this.events = events;
    this.jobs = jobs;
    this.mountSources = Map.copyOf(mountSources);
  }

  /**
   * Pushes the manifests (children of an index first) and their blobs.
   *
   * @param top the manifest or index the name points at
   * @param children the platform manifests of an index to push (empty for a manifest)
   */
  PushResult push(ImageReference target, StoredManifest top, List<StoredManifest> children)
      throws IOException {
    if (caller
        .call(calls.manifestDigest(target.tagOrDigest()))
        .filter(top.digest()::equals)
        .isPresent()) {
      // the registry holds this exact manifest under the name: it accepted it only with every
      // blob (and child manifest) present, so there is nothing to send
      events.log(
          LogEvent.debug(target + " is already in the registry with digest " + top.digest()));
      int blobCount = countBlobs(top, children);
      return new PushResult(target, top.descriptor(), 0, blobCount, 0, 0, 0);
    }
    List<StoredManifest> manifests = top.json().isIndex() ? children : List.of(top);
    Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
    for (StoredManifest m : manifests) {
      for (Descriptor d : m.json().blobs()) {
        blobs.putIfAbsent(d.digest(), d);
      }
    }
    // largest first: the longest transfer starts at once instead of ending alone after the others
    List<Descriptor> order = new ArrayList<>(blobs.values());
    order.sort(Comparator.comparingLong(Descriptor::size).reversed());
    Parallel.run(jobs, order, this::pushBlob);
    for (StoredManifest m : manifests) {
      if (m != top) {
        caller.call(calls.putManifest(m.digest().toString(), m.bytes(), m.mediaType()));
      }
    }
    caller.call(calls.putManifest(target.tagOrDigest(), top.bytes(), top.mediaType()));
    return new PushResult(
        target,
        top.descriptor(),
        uploaded.get(),
        skipped.get(),
        mounted.get(),
        bytes.get(),
        tracker.repeatedUnits());
  }

  private static int countBlobs(StoredManifest top, List<StoredManifest> children) {
    java.util.Set<Digest> all = new java.util.HashSet<>();
    for (StoredManifest m : top.json().isIndex() ? children : List.of(top)) {
      m.json().blobs().forEach(d -> all.add(d.digest()));
    }
    return all.size();
  }

  private void pushBlob(Descriptor blob) throws IOException {
    Digest digest = blob.digest();
    if (caller.call(calls.hasBlob(digest))) {
      skipped.incrementAndGet();
      return;
    }
    String part = digest.toString();
    long size = store.blobSize(digest);
    tracker.allocate(part, size);
    String from = mountSources.getOrDefault(digest, "");
    Optional<String> location = caller.call(calls.startUpload(digest, from));
    if (location.isEmpty()) {
      mounted.incrementAndGet();
      tracker.completed(part);
      return;
    }
    long offset = 0;
    String what = "push blob " + digest.shortHex() + " of " + caller.repository();
    for (int attempt = 1; ; attempt++) {
      try {
        send(digest, size, location.get(), offset, part);
        uploaded.incrementAndGet();
        tracker.completed(part);
        return;
      } catch (IOException e) {
        if (attempt >= RegistryCaller.MAX_ATTEMPTS) {
          throw caller.unreachable("push blob " + digest.shortHex(), e, attempt);
        }
        caller.pause("push blob " + digest.shortHex(), attempt, e.toString());
        Optional<Long> kept = Optional.empty();
        try {
          kept = caller.call(calls.uploadStatus(location.get()));
        } catch (IOException statusFailure) {
          if (RegistryCaller.stalled(e) && RegistryCaller.stalled(statusFailure)) {
            throw caller.stalled(what, statusFailure); // silent twice in a row: it is gone
          }
          // the registry cannot tell: start this blob again
        } catch (RuntimeException statusFailure) {
          // the registry cannot tell: start this blob again
        }
        if (kept.isPresent() && kept.get() > 0 && kept.get() < size) {
          offset = kept.get();
          events.log(LogEvent.debug("resuming blob " + digest.shortHex() + " at byte " + offset));
        } else {
          offset = 0;
          location = caller.call(calls.startUpload(digest, ""));
          events.log(LogEvent.debug("restarting upload of blob " + digest.shortHex()));
        }
        tracker.restarted(part, offset);
      }
    }
  }

  private void send(Digest digest, long size, String location, long offset, String part)
      throws IOException {
    if (size <= MONOLITHIC_LIMIT && offset == 0) {
      caller.call(calls.finishUpload(location, digest, body(digest, 0, size, part)));
      return;
    }
    String next =
        caller.call(calls.patch(location, digest, offset, size, body(digest, offset, size, part)));
    caller.call(calls.finishUpload(next, digest, HttpTransport.Body.EMPTY));
  }

  /** The bytes of a stored blob from {@code offset}, read afresh for each attempt. */
  private HttpTransport.Body body(Digest digest, long offset, long size, String part) {
    return new HttpTransport.Body() {
      @Override
      public long length() {
        return size - offset;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = open(digest, offset, part)) {
          byte[] buffer = new byte[BUFFER];
          for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
          }
        }
      }
    };
  }

  private InputStream open(Digest digest, long offset, String part) throws IOException {
    InputStream in = store.openBlob(digest);
    RegistryCalls.skip(in, offset);
    return new ProgressInputStream(in, tracker, part, offset, 1, bytes::addAndGet);
  }
}
