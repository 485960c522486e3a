package io.sealer.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.sealer.api.Digest;
import io.sealer.api.SealerException;
import io.sealer.api.image.Descriptor;
import io.sealer.filesystem.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Follows manifests and indexes stored in a {@link BlobStore} to the blobs they reference. */
final class ManifestGraph {
  private static final int MAX_DEPTH = 8;

  private final BlobStore blobs;

  ManifestGraph(BlobStore blobs) {
    this.blobs = blobs;
  }

  /** The descriptors a manifest (config, layers) or an index (manifests) refers to. */
  List<Descriptor> children(Digest digest) throws IOException {
    JsonNode node = json(digest, "manifest");
    List<Descriptor> result = new ArrayList<>();
    if (node.has("manifests")) {
      for (JsonNode m : node.path("manifests")) {
        result.add(NameIndex.descriptor(m));
      }
      return result;
    }
    if (node.has("config")) {
      result.add(NameIndex.descriptor(node.get("config")));
    }
    for (JsonNode l : node.path("layers")) {
      result.add(NameIndex.descriptor(l));
    }
    return result;
  }

  /** Whether the stored content is an index rather than a manifest. */
  boolean isIndex(Digest digest) throws IOException {
    return json(digest, "manifest").has("manifests");
  }

  /**
   * Reads stored metadata under the one size rule of {@link MetadataJson}.
   *
   * @param kind "manifest" or "config", for the message
   */
  JsonNode json(Digest digest, String kind) throws IOException {
    String what = kind + " " + digest;
    MetadataJson.checkSize(blobs.size(digest), what);
    return MetadataJson.parse(blobs.read(digest), what);
  }

  /**
   * The diff ids a manifest's config lists, checked against the manifest's layers (one per layer);
   * what does not match goes to {@code problems}.
   */
  List<Digest> diffIds(Digest manifest, List<String> problems) {
    List<Digest> ids = new ArrayList<>();
    try {
      JsonNode node = json(manifest, "manifest");
      if (!node.path("config").has("digest") || !DiffIdCheck.isImageConfig(node)) {
        return ids;
      }
      Digest config = Digest.parse(node.path("config").path("digest").asText());
      if (!blobs.has(config)) {
        return ids;
      }
      for (JsonNode id : json(config, "config").path("rootfs").path("diff_ids")) {
        ids.add(Digest.parse(id.asText()));
      }
      int layers = node.path("layers").size();
      if (ids.size() != layers) {
        problems.add(
            "config "
                + config
                + " lists "
                + ids.size()
                + " diff_ids for the "
                + layers
                + " layers of manifest "
                + manifest);
      }
    } catch (IOException | RuntimeException e) {
      problems.add("manifest " + manifest + " cannot be read: " + e.getMessage());
    }
    return ids;
  }

  /** The image id: the config digest of a manifest, the digest of an index. */
  Digest imageId(Descriptor manifest) {
    try {
      if (!blobs.has(manifest.digest()) || isIndex(manifest.digest())) {
        return manifest.digest();
      }
      JsonNode config = json(manifest.digest(), "manifest").path("config");
      return config.has("digest") ? Digest.parse(config.get("digest").asText()) : manifest.digest();
    } catch (IOException | RuntimeException e) {
      return manifest.digest();
    }
  }

  /**
   * Checks that the manifest and everything it refers to is stored with the right sizes.
   *
   * @return every digest reached
   * @throws SealerException naming the first missing blob
   */
  Set<Digest> checkComplete(Descriptor manifest) throws IOException {
    List<String> problems = new ArrayList<>();
    Set<Digest> all = reachable(manifest, problems);
    if (!problems.isEmpty()) {
      throw new SealerException(
          "could not name image " + manifest.digest() + ": " + problems.get(0));
    }
    return all;
  }

  /**
   * Every digest reachable from {@code root}; what is missing or wrong goes to {@code problems}.
   */
  Set<Digest> reachable(Descriptor root, List<String> problems) {
    Set<Digest> seen = new LinkedHashSet<>();
    walk(root, seen, problems, 0);
    return seen;
  }

  private void walk(Descriptor d, Set<Digest> seen, List<String> problems, int depth) {
    if (!seen.add(d.digest())) {
      return;
    }
    if (!blobs.has(d.digest())) {
      problems.add("blob " + d.digest() + " (" + d.mediaType() + ") is missing");
      return;
    }
    try {
      long size = blobs.size(d.digest());
      if (size != d.size()) {
        problems.add(
            "blob " + d.digest() + " has " + size + " bytes, its descriptor says " + d.size());
      }
      if (isManifestLike(d) && depth < MAX_DEPTH) {
        List<Descriptor> children = children(d.digest());
        for (Descriptor child : children) {
          walk(child, seen, problems, depth + 1);
        }
        if (!isIndex(d.digest())) {
          diffIds(d.digest(), problems);
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add("blob " + d.digest() + " cannot be read: " + e.getMessage());
    }
  }

  private static boolean isManifestLike(Descriptor d) {
    String t = d.mediaType();
    return t.contains("manifest") || t.contains("image.index");
  }
}
