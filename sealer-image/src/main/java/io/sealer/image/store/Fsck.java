package io.sealer.image.store;

import io.sealer.api.Digest;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.FsckReport;
import io.sealer.api.image.ImageStore;
import io.sealer.filesystem.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Follows every name to its blobs and re-hashes each one once. */
final class Fsck {
  private final ImageStore store;
  private final BlobStore blobs;
  private final ManifestGraph graph;

  Fsck(ImageStore store, BlobStore blobs, ManifestGraph graph) {
    this.store = store;
    this.blobs = blobs;
    this.graph = graph;
  }

  FsckReport check(Map<String, Descriptor> names) {
    List<String> problems = new ArrayList<>();
    Map<Digest, Boolean> verified = new HashMap<>();
    Map<Digest, Digest> diffIds = new HashMap<>();
    for (Map.Entry<String, Descriptor> e : names.entrySet()) {
      List<String> found = new ArrayList<>();
      Set<Digest> reached = graph.reachable(e.getValue(), found);
      for (Digest digest : reached) {
        if (!blobs.has(digest) || verified.containsKey(digest)) {
          if (Boolean.FALSE.equals(verified.get(digest))) {
            found.add("blob " + digest + " is corrupt (its content has another digest)");
          }
          continue;
        }
        boolean ok;
        try {
          ok = blobs.verify(digest);
        } catch (IOException ex) {
          ok = false;
        }
        verified.put(digest, ok);
        if (!ok) {
          found.add("blob " + digest + " is corrupt (its content has another digest)");
        }
      }
      if (found.isEmpty()) {
        checkDiffIds(e.getValue(), diffIds, found);
      }
      for (String problem : found) {
        problems.add(e.getKey() + ": " + problem);
      }
    }
    return new FsckReport(names.size(), verified.size(), problems);
  }

  /** Hashes the layers of each manifest the name reaches uncompressed against their diff ids. */
  private void checkDiffIds(Descriptor top, Map<Digest, Digest> known, List<String> found) {
    try {
      List<Digest> manifests = new ArrayList<>();
      if (graph.isIndex(top.digest())) {
        graph.children(top.digest()).forEach(child -> manifests.add(child.digest()));
      } else {
        manifests.add(top.digest());
      }
      for (Digest manifest : manifests) {
        if (!graph.isIndex(manifest)) {
          DiffIdCheck.verify(store, manifest, known);
        }
      }
    } catch (IOException | RuntimeException ex) {
      found.add(ex.getMessage());
    }
  }
}
