package io.sealer.image.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.api.Digest;
import io.sealer.api.image.ArchiveFormat;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes one stored image (manifest or manifest list) as an archive stream. */
final class ArchiveSaver {
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  static final String METADATA = "Metadata";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BUFFER = 1 << 20;

  private final ImageStore store;

  ArchiveSaver(ImageStore store) {
    this.store = store;
  }

  /** Writes the archive of {@code manifest}, named {@code name}, to {@code out}. */
  void save(Descriptor manifest, String name, ArchiveFormat format, OutputStream out, Path scratch)
      throws IOException {
    JsonNode node = JSON.readTree(store.readBlob(manifest.digest()));
    TarArchiveOutputStream tar = Tars.open(out);
    if (node.has("manifests")) {
      saveList(node, name, format, tar, scratch);
    } else if (format == ArchiveFormat.OCI_ARCHIVE) {
      saveOci(manifest, node, name, tar);
    } else {
      saveDocker(node, name, tar);
    }
    tar.finish();
    tar.flush();
  }

  private void saveOci(Descriptor manifest, JsonNode node, String name, TarArchiveOutputStream tar)
      throws IOException {
    Tars.file(
        tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
    Set<Digest> blobs = new LinkedHashSet<>();
    blobs.add(Digest.parse(node.path("config").path("digest").asText()));
    for (JsonNode layer : node.path("layers")) {
      blobs.add(Digest.parse(layer.path("digest").asText()));
    }
    blobs.add(manifest.digest());
    Tars.directory(tar, "blobs/");
    Tars.directory(tar, "blobs/sha256/");
    for (Digest d : blobs) {
      copyBlob(tar, "blobs/" + d.algorithm() + "/" + d.hex(), d);
    }
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ObjectNode m = index.putArray("manifests").addObject();
    m.put("mediaType", manifest.mediaType());
    m.put("digest", manifest.digest().toString());
    m.put("size", manifest.size());
    m.putObject("annotations").put(REF_NAME, name);
    Tars.file(tar, "index.json", JSON.writeValueAsBytes(index));
  }

  private void saveDocker(JsonNode node, String name, TarArchiveOutputStream tar)
      throws IOException {
    Digest config = Digest.parse(node.path("config").path("digest").asText());
    JsonNode configJson = JSON.readTree(store.readBlob(config));
    JsonNode diffIds = configJson.path("rootfs").path("diff_ids");
    copyBlob(tar, config.hex() + ".json", config);
    List<String> layerFiles = new ArrayList<>();
    int i = 0;
    for (JsonNode layer : node.path("layers")) {
      Digest digest = Digest.parse(layer.path("digest").asText());
      Digest diffId = Digest.parse(diffIds.path(i++).asText(digest.toString()));
      String file = diffId.hex() + ".tar";
      if (layerFiles.contains(file)) {
        continue;
      }
      layerFiles.add(file);
      if (isGzip(digest)) {
        long size;
        try (InputStream in = new GZIPInputStream(store.openBlob(digest), BUFFER)) {
          size = in.transferTo(OutputStream.nullOutputStream());
        }
        try (InputStream in = new GZIPInputStream(store.openBlob(digest), BUFFER)) {
          Tars.file(tar, file, size, in);
        }
      } else {
        copyBlob(tar, file, digest);
      }
    }
    ArrayNode manifest = JSON.createArrayNode();
    ObjectNode entry = manifest.addObject();
    entry.put("Config", config.hex() + ".json");
    entry.putArray("RepoTags").add(name);
    ArrayNode layers = entry.putArray("Layers");
    layerFiles.forEach(layers::add);
    Tars.file(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
  }

  /** Sealer's layout for a manifest list: one archive per instance and a Metadata file. */
  private void saveList(
      JsonNode index, String name, ArchiveFormat format, TarArchiveOutputStream tar, Path scratch)
      throws IOException {
    for (JsonNode m : index.path("manifests")) {
      Descriptor instance =
          Descriptor.of(
              m.path("mediaType").asText(MediaTypes.OCI_MANIFEST),
              Digest.parse(m.path("digest").asText()),
              m.path("size").asLong());
      JsonNode node = JSON.readTree(store.readBlob(instance.digest()));
      String id = Digest.parse(node.path("config").path("digest").asText()).hex();
      Path temp = Files.createTempFile(scratch, ".sealer-save-", ".tar");
      try {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), BUFFER)) {
          save(instance, name, format, out, scratch);
        }
        try (InputStream in = Files.newInputStream(temp)) {
          Tars.file(tar, id + ".tar", Files.size(temp), in);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    Tars.file(tar, METADATA, name.getBytes(StandardCharsets.UTF_8));
  }

  private boolean isGzip(Digest digest) throws IOException {
    try (InputStream in = store.openBlob(digest)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private void copyBlob(TarArchiveOutputStream tar, String name, Digest digest) throws IOException {
    try (InputStream in = new BufferedInputStream(store.openBlob(digest), BUFFER)) {
      Tars.file(tar, name, store.blobSize(digest), in);
    }
  }
}
