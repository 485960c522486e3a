package io.sealer.image.store;

import io.sealer.api.Digest;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.PruneReport;
import io.sealer.filesystem.BlobStore;
import io.sealer.filesystem.LayerReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes blobs that no name reaches and unfinished writes. Runs with the index lock and the
 * writers lock held exclusively, so no other process is writing; this process's own unnamed content
 * is kept.
 */
final class Pruner {
  private final BlobStore blobs;
  private final ManifestGraph graph;
  private final PendingContent pending;

  Pruner(BlobStore blobs, ManifestGraph graph, PendingContent pending) {
    this.blobs = blobs;
    this.graph = graph;
    this.pending = pending;
  }

  PruneReport prune(Map<String, Descriptor> names) throws IOException {
    Set<Digest> keep = new HashSet<>(pending.digests());
    List<String> problems = new ArrayList<>();
    for (Descriptor d : names.values()) {
      keep.addAll(graph.reachable(d, problems));
    }
    List<Digest> removed = new ArrayList<>();
    long freed = 0;
    for (Digest digest : blobs.list()) {
      if (keep.contains(digest)) {
        continue;
      }
      long size = Files.size(blobs.path(digest));
      if (blobs.delete(digest)) {
        removed.add(digest);
        freed += size;
      }
    }
    int unfinished = 0;
    if (!pending.writing()) {
      for (Path file : blobs.unfinished()) {
        long size = Files.isRegularFile(file) ? Files.size(file) : 0;
        LayerReader.deleteRecursively(file);
        freed += size;
        unfinished++;
      }
    }
    return new PruneReport(removed, freed, unfinished);
  }
}
