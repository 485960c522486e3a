package io.sealer.image.mount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.api.Digest;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.image.ImageMounts;
import io.sealer.api.image.ImageStore;
import io.sealer.api.resolve.ImageResolver;
import io.sealer.api.resolve.ResolvedImage;
import io.sealer.filesystem.AtomicFiles;
import io.sealer.filesystem.LayerReader;
import io.sealer.image.store.DiffIdCheck;
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

  /** A mount id or a prefix of one: never empty, so that it cannot match every mount. */
  private static final java.util.regex.Pattern MOUNT_ID =
      java.util.regex.Pattern.compile("[0-9a-f]{1,64}");

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
    Digest instance = image.manifest().digest();
    String id = Digest.sha256Of(UUID.randomUUID().toString()).hex().substring(0, 12);
    Files.createDirectories(mounts);
    Path temp = mounts.resolve(AtomicFiles.TEMP_PREFIX + id);
    try {
      Path rootfs = temp.resolve("rootfs");
      Files.createDirectories(rootfs);
      for (DiffIdCheck.Layer layer : DiffIdCheck.layers(store, instance)) {
        Digest diffId;
        try (InputStream in = store.openBlob(layer.digest())) {
          diffId = LayerReader.extract(in, rootfs);
        }
        DiffIdCheck.check(layer, diffId, instance);
      }
      ObjectNode meta = JSON.createObjectNode();
      meta.put("image", nameOrId);
      meta.put("imageId", image.id().toString());
      AtomicFiles.write(temp.resolve("mount.json"), JSON.writeValueAsBytes(meta));
      AtomicFiles.move(temp, mounts.resolve(id));
    } catch (SealerException e) {
      throw new SealerException("could not mount " + nameOrId + ": " + e.getMessage(), e);
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
    if (!MOUNT_ID.matcher(id).matches()) {
      throw new SealerException(
          "could not unmount \""
              + id
              + "\": a mount id is hex digits (see 'sealer alpha mount' for the ids)");
    }
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
