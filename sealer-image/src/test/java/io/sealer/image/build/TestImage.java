package io.sealer.image.build;

import io.sealer.api.Digest;
import io.sealer.api.image.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** A real, small single-layer OCI image made in memory: a tar.gz layer, a config, a manifest. */
record TestImage(
    byte[] manifest, Digest configDigest, Digest layerDigest, Map<Digest, byte[]> blobs) {

  static TestImage make(String fileName, String content) throws IOException {
    byte[] tar = tar(fileName, content.getBytes(StandardCharsets.UTF_8));
    byte[] layer = gzip(tar);
    Digest layerDigest = Digest.sha256Of(layer);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256Of(tar)
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    Digest configDigest = Digest.sha256Of(config);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\""
                + configDigest
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\""
                + MediaTypes.OCI_LAYER_GZIP
                + "\",\"digest\":\""
                + layerDigest
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    Map<Digest, byte[]> blobs = new LinkedHashMap<>();
    blobs.put(configDigest, config);
    blobs.put(layerDigest, layer);
    return new TestImage(manifest, configDigest, layerDigest, blobs);
  }

  Digest manifestDigest() {
    return Digest.sha256Of(manifest);
  }

  Map<Digest, RegistryLayoutWriter.BlobSource> sources() {
    Map<Digest, RegistryLayoutWriter.BlobSource> out = new LinkedHashMap<>();
    blobs.forEach((d, bytes) -> out.put(d, () -> new ByteArrayInputStream(bytes)));
    return out;
  }

  private static byte[] tar(String name, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(content.length);
      entry.setModTime(0);
      entry.setMode(0644);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    }
    return bytes.toByteArray();
  }
}
