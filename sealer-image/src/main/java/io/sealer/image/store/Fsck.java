package io.sealer.image.store;

import io.sealer.api.Digest;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.FsckReport;
import io.sealer.filesystem.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Follows every name to its blobs and re-hashes each one once. */
final class Fsck {
  private final BlobStore blobs;
  private final ManifestGraph graph;

  Fsck(BlobStore blobs, ManifestGraph graph) {
    this.blobs = blobs;
    this.graph = graph;
  }

  FsckReport check(Map<String, Descriptor> names) {
    List<String> problems = new ArrayList<>();
    Map<Digest, Boolean> verified = new HashMap<>();
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
      for (String problem : found) {
        problems.add(e.getKey() + ": " + problem);
      }
    }
    return new FsckReport(names.size(), verified.size(), problems);
  }
}
