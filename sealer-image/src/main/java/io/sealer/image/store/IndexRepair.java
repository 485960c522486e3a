package io.sealer.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.sealer.api.Digest;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.MediaTypes;
import io.sealer.filesystem.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rebuilds the names of a store whose {@code index.json} is unreadable: every name of the previous
 * index ({@code index.json.prev}) whose manifest is still stored, then every stored manifest or
 * index that nothing else refers to, as {@code localhost/recovered:<id>}, so that no content is
 * left unnamed (and pruned). The caller holds the index lock.
 */
final class IndexRepair {
  static final String RECOVERED = "localhost/recovered:";

  private final BlobStore blobs;
  private final ManifestGraph graph;
  private final NameIndex index;

  IndexRepair(BlobStore blobs, ManifestGraph graph, NameIndex index) {
    this.blobs = blobs;
    this.graph = graph;
    this.index = index;
  }

  /** Returns one line per name written; nothing when the index reads fine. */
  List<String> repair() throws IOException {
    try {
      index.read();
      return List.of();
    } catch (UnreadableIndexException e) {
      // repaired below
    }
    List<String> report = new ArrayList<>();
    Map<String, Descriptor> names = new TreeMap<>();
    for (Map.Entry<String, Descriptor> e : index.readPrevious().entrySet()) {
      if (blobs.has(e.getValue().digest())) {
        names.put(e.getKey(), e.getValue());
        report.add(
            "restored " + e.getKey() + " (" + e.getValue().digest() + ") from index.json.prev");
      }
    }
    Map<Digest, Descriptor> tops = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    Set<Digest> referenced = new HashSet<>();
    for (Digest digest : blobs.list()) {
      Descriptor manifest = asManifest(digest);
      if (manifest != null) {
        tops.put(digest, manifest);
        graph.children(digest).forEach(child -> referenced.add(child.digest()));
      }
    }
    names.values().forEach(d -> referenced.add(d.digest()));
    for (Descriptor d : tops.values()) {
      if (!referenced.contains(d.digest())) {
        String name = RECOVERED + d.digest().hex().substring(0, 12);
        names.put(name, d);
        report.add("recovered " + name + " (" + d.digest() + ") from the stored blobs");
      }
    }
    index.setAside();
    index.write(names);
    return report;
  }

  /** The descriptor of a blob that is a manifest or an index, else null. */
  private Descriptor asManifest(Digest digest) {
    try {
      long size = blobs.size(digest);
      if (size > MetadataJson.MAX_BYTES || size < 2) {
        return null;
      }
      byte[] bytes = blobs.read(digest);
      if (bytes[0] != '{') {
        return null;
      }
      JsonNode node = MetadataJson.parse(bytes, "blob " + digest);
      String type = node.path("mediaType").asText("");
      if (node.path("manifests").isArray()) {
        return Descriptor.of(type.isEmpty() ? MediaTypes.OCI_INDEX : type, digest, size);
      }
      if (node.path("config").isObject() && node.path("layers").isArray()) {
        return Descriptor.of(type.isEmpty() ? MediaTypes.OCI_MANIFEST : type, digest, size);
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
