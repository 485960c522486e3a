package io.sealer.image.mount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.api.Digest;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageMounts;
import io.sealer.api.image.ImageStore;
import io.sealer.api.resolve.ImageResolver;
import io.sealer.api.resolve.ResolvedImage;
import io.sealer.filesystem.AtomicFiles;
import io.sealer.filesystem.LayerReader;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@link ImageMounts} by extraction: layers are applied in order (whiteouts included) into a
 * temporary directory that is renamed to {@code <root>/mounts/<id>} when complete, so a killed
 * mount never looks like a mount.
 */
final class CopyImageMounts implements ImageMounts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ImageStore store;
  private final ImageResolver resolver;
  private final Path mounts;

  @Inject
  CopyImageMounts(ImageStore store, ImageResolver resolver, SealerSettings settings) {
    this.store = store;
    this.resolver = resolver;
    this.mounts = settings.root().resolve("mounts");
  }

  @Override
  public Mount mount(String nameOrId, @Nullable Platform platform) throws IOException {
    ResolvedImage image = resolver.resolve(nameOrId, platform);
    String id = Digest.sha256Of(UUID.randomUUID().toString()).hex().substring(0, 12);
    Files.createDirectories(mounts);
    Path temp = mounts.resolve(AtomicFiles.TEMP_PREFIX + id);
    try {
      Path rootfs = temp.resolve("rootfs");
      Files.createDirectories(rootfs);
      for (Descriptor layer : image.layers()) {
        try (InputStream in = store.openBlob(layer.digest())) {
          LayerReader.extract(in, rootfs);
        }
      }
      ObjectNode meta = JSON.createObjectNode();
      meta.put("image", nameOrId);
      meta.put("imageId", image.id().toString());
      AtomicFiles.write(temp.resolve("mount.json"), JSON.writeValueAsBytes(meta));
      AtomicFiles.move(temp, mounts.resolve(id));
    } finally {
      LayerReader.deleteRecursively(temp);
    }
    return read(mounts.resolve(id));
  }

  private Mount read(Path dir) throws IOException {
    JsonNode meta = JSON.readTree(Files.readAllBytes(dir.resolve("mount.json")));
    return new Mount(
        dir.getFileName().toString(),
        meta.path("image").asText(),
        meta.path("imageId").asText(),
        dir.resolve("rootfs"));
  }

  @Override
  public List<Mount> list() throws IOException {
    List<Mount> result = new ArrayList<>();
    if (!Files.isDirectory(mounts)) {
      return result;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(mounts)) {
      for (Path dir : dirs) {
        if (!dir.getFileName().toString().startsWith(".")
            && Files.isRegularFile(dir.resolve("mount.json"))) {
          result.add(read(dir));
        }
      }
    }
    result.sort((a, b) -> a.id().compareTo(b.id()));
    return result;
  }

  @Override
  public boolean unmount(String id) throws IOException {
    List<Mount> matches = new ArrayList<>();
    for (Mount m : list()) {
      if (m.id().startsWith(id)) {
        matches.add(m);
      }
    }
    if (matches.size() > 1) {
      throw new SealerException(
          "could not unmount " + id + ": it matches " + matches.size() + " mounts");
    }
    if (matches.isEmpty()) {
      return false;
    }
    Path dir = mounts.resolve(matches.get(0).id());
    Path trash = mounts.resolve(AtomicFiles.TEMP_PREFIX + "rm-" + matches.get(0).id());
    AtomicFiles.move(dir, trash);
    LayerReader.deleteRecursively(trash);
    return true;
  }
}
