package io.sealer.image.registry;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.event.ProgressTracker;
import io.sealer.api.image.BlobWriter;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.PlatformSelector;
import io.sealer.api.registry.PullResult;
import io.sealer.api.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Pulls one image: the manifest (picking a platform from an index), then every blob the store
 * lacks, in parallel, each checked by digest while it streams and resumed with a Range request
 * after a cut; manifests are stored byte for byte last, then the name.
 */
final class ImagePuller {
  private static final int BUFFER = 256 * 1024;

  private final ImageStore store;
  private final RegistryCaller caller;
  private final RegistryCalls calls;
  private final ProgressTracker tracker;
  private final int jobs;
  private final AtomicInteger downloaded = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();

  ImagePuller(ImageStore store, RegistryCaller caller, ProgressTracker tracker, int jobs) {
    this.store = store;
    this.caller = caller;
    this.calls = new RegistryCalls(caller);
    this.tracker = tracker;
    this.jobs = jobs;
  }

  PullResult pull(ImageReference image, @Nullable Platform platform) throws IOException {
    FetchedManifest top = fetch(image.tagOrDigest(), image.digest());
    List<FetchedManifest> manifests = new ArrayList<>();
    if (top.json().isIndex()) {
      if (platform != null) {
        Descriptor chosen =
            PlatformSelector.select(image.toString(), top.json().manifests(), platform);
        top = fetch(chosen.digest().toString(), chosen.digest());
      } else {
        for (Descriptor child : top.json().manifests()) {
          manifests.add(fetch(child.digest().toString(), child.digest()));
        }
      }
    }
    if (!top.json().isIndex()) {
      manifests.add(top);
    }
    Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
    for (FetchedManifest m : manifests) {
      for (Descriptor d : m.json().blobs()) {
        blobs.putIfAbsent(d.digest(), d);
      }
    }
    List<Descriptor> missing = new ArrayList<>();
    for (Descriptor d : blobs.values()) {
      if (store.hasBlob(d.digest())) {
        skipped.incrementAndGet();
      } else {
        missing.add(d);
        tracker.allocate(d.digest().toString(), d.size());
      }
    }
    // largest first: the longest transfer starts at once instead of ending alone after the others
    missing.sort(Comparator.comparingLong(Descriptor::size).reversed());
    Parallel.run(jobs, missing, this::download);
    for (FetchedManifest m : manifests) {
      put(m);
    }
    if (top.json().isIndex()) {
      put(top);
    }
    store.setName(image, top.descriptor());
    return new PullResult(
        image,
        top.descriptor(),
        downloaded.get(),
        skipped.get(),
        bytes.get(),
        tracker.repeatedUnits(),
        true);
  }

  private FetchedManifest fetch(String reference, @Nullable Digest expected) throws IOException {
    FetchedManifest m = caller.call(calls.getManifest(reference));
    if (expected != null && !m.digest().equals(expected)) {
      throw new RegistryException(
          caller.registry(),
          "could not pull manifest "
              + expected
              + " of "
              + caller.repository()
              + " from "
              + caller.registry()
              + ": the content has digest "
              + m.digest());
    }
    return m;
  }

  private void put(FetchedManifest m) throws IOException {
    Digest stored = store.putBlob(m.bytes());
    if (!stored.equals(m.digest())) {
      throw new IllegalStateException("store changed the digest of " + m.digest());
    }
  }

  /**
   * Downloads one blob, resuming after a cut with a Range request from what the partial file holds.
   * A stall (nothing for the stall timeout) is retried likewise, but an attempt after the first
   * that stalls with no byte received fails the pull: the registry has gone silent.
   */
  private void download(Descriptor blob) throws IOException {
    String part = blob.digest().toString();
    for (int attempt = 1; ; attempt++) {
      long start = 0;
      long[] reached = {0};
      try (BlobWriter writer = store.newBlob(blob.digest())) {
        start = writer.position();
        reached[0] = start;
        tracker.restarted(part, start);
        if (start < blob.size()) {
          long from = start;
          caller.call(
              calls.getBlob(blob.digest(), from, r -> receive(r, writer, from, blob, reached)));
        }
        writer.commit();
        downloaded.incrementAndGet();
        tracker.completed(part);
        return;
      } catch (IOException e) {
        String what = "pull blob " + blob.digest().shortHex();
        if (RegistryCaller.stalled(e) && attempt > 1 && reached[0] <= start) {
          throw caller.stalled(
              what
                  + " of "
                  + caller.repository()
                  + " (at byte "
                  + reached[0]
                  + " of "
                  + blob.size()
                  + ")",
              e);
        }
        if (attempt >= RegistryCaller.MAX_ATTEMPTS) {
          throw caller.unreachable(what, e, attempt);
        }
        caller.pause(what, attempt, e.toString());
      }
    }
  }

  private Void receive(
      HttpTransport.Response response,
      BlobWriter writer,
      long start,
      Descriptor blob,
      long[] reached)
      throws IOException {
    String part = blob.digest().toString();
    InputStream in = response.body();
    long position = start;
    if (start > 0 && response.statusCode() == 200) {
      // the registry ignored the Range header: what we have is sent again
      tracker.restarted(part, 0);
      bytes.addAndGet(RegistryCalls.skip(in, start));
    }
    OutputStream out = writer.stream();
    byte[] buffer = new byte[BUFFER];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (n > blob.size() - position) {
        // never more than the manifest said: a registry sending without end cannot fill the disk
        out.write(buffer, 0, (int) (blob.size() - position));
        out.flush();
        throw new RegistryException(
            caller.registry(),
            "could not pull blob "
                + blob.digest().shortHex()
                + " of "
                + caller.repository()
                + " from "
                + caller.registry()
                + ": it sent more than the "
                + blob.size()
                + " bytes its manifest gives");
      }
      out.write(buffer, 0, n);
      position += n;
      reached[0] = position;
      bytes.addAndGet(n);
      tracker.reached(part, position);
    }
    out.flush();
    return null;
  }
}
