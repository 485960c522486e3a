package io.sealer.image.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerException;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.event.ProgressTracker;
import io.sealer.api.image.ArchiveFormat;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageArchives;
import io.sealer.api.image.ImageNames;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import io.sealer.filesystem.AtomicFiles;
import io.sealer.image.store.DiffIdCheck;
import io.sealer.image.store.MetadataJson;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** {@link ImageArchives} over the local {@link ImageStore}. */
final class DefaultImageArchives implements ImageArchives {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ImageStore store;
  private final EventListener events;

  @Inject
  DefaultImageArchives(ImageStore store, EventListener events) {
    this.store = store;
    this.events = events;
  }

  @Override
  public void save(String nameOrId, Path file, ArchiveFormat format) throws IOException {
    StoredImage image = store.require(nameOrId);
    String name = displayName(image, nameOrId);
    Path target = file.toAbsolutePath().normalize();
    Path dir = target.getParent();
    if (!Files.isDirectory(dir)) {
      throw new SealerException(
          "could not save " + nameOrId + " to " + file + ": no directory " + dir);
    }
    Path temp =
        dir.resolve(AtomicFiles.TEMP_PREFIX + UUID.randomUUID() + "-" + target.getFileName());
    try {
      try (FileChannel ch =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ProgressTracker progress = new ProgressTracker(events, "save", "saving " + name);
        progress.allocate("archive", contentSize(image.manifest()));
        OutputStream out =
            new BufferedOutputStream(
                ProgressStreams.writing(Channels.newOutputStream(ch), progress, "archive"),
                1 << 20);
        new ArchiveSaver(store).save(image.manifest(), name, format, out, dir);
        out.flush();
        progress.completed("archive");
        progress.finish();
        ch.force(true);
      }
      AtomicFiles.move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    events.log(LogEvent.info("saved " + name + " (" + image.manifest().digest() + ") to " + file));
  }

  private static String displayName(StoredImage image, String asked) {
    if (ImageReference.isValid(asked)) {
      for (ImageReference candidate : ImageNames.candidates(asked)) {
        if (image.names().contains(candidate)) {
          return candidate.toString();
        }
      }
    }
    return image.names().isEmpty() ? "localhost/image:latest" : image.names().get(0).toString();
  }

  @Override
  public List<StoredImage> load(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new SealerException(
          "could not load "
              + file
              + ": it is a directory; give the archive file that 'sealer save' wrote");
    }
    if (!Files.exists(file)) {
      throw new SealerException("could not load " + file + ": no such file");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new SealerException(
          "could not load "
              + file
              + ": it is not a readable regular file; give the archive file that 'sealer save'"
              + " wrote");
    }
    Map<ImageReference, Descriptor> images;
    ProgressTracker progress = new ProgressTracker(events, "load", "loading " + file.getFileName());
    progress.allocate("archive", Files.size(file));
    try (InputStream in =
        ProgressStreams.reading(Files.newInputStream(file), progress, "archive")) {
      images = new ArchiveLoader(store, repositoryFor(file)).load(in);
      progress.completed("archive");
      progress.finish();
    } catch (SealerException e) {
      throw new SealerException("could not load " + file + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new SealerException(
          "could not load " + file + ": not a readable archive (" + e.getMessage() + ")", e);
    }
    for (Descriptor d : images.values()) {
      if (!store.hasBlob(d.digest())) {
        throw new SealerException(
            "could not load " + file + ": manifest " + d.digest() + " is not in the archive");
      }
    }
    Map<Digest, Digest> diffIds = new HashMap<>();
    for (Descriptor d : new LinkedHashSet<>(images.values())) {
      try {
        verifyLayers(d.digest(), diffIds, 0);
      } catch (IOException | RuntimeException ex) {
        throw new SealerException("could not load " + file + ": " + ex.getMessage(), ex);
      }
    }
    List<StoredImage> loaded = new ArrayList<>();
    for (Map.Entry<ImageReference, Descriptor> e : images.entrySet()) {
      try {
        store.setName(e.getKey(), e.getValue());
      } catch (SealerException ex) {
        throw new SealerException("could not load " + file + ": " + ex.getMessage(), ex);
      }
      events.log(LogEvent.debug("loaded image " + e.getKey() + " (" + e.getValue().digest() + ")"));
    }
    for (ImageReference name : images.keySet()) {
      // Only the name this archive gave: other names may point at the same manifest already.
      StoredImage stored = store.require(name.toString());
      loaded.add(new StoredImage(List.of(name), stored.manifest(), stored.id()));
    }
    return loaded;
  }

  /**
   * Checks the layers of a loaded manifest (or of each manifest of a list) against the diff ids of
   * their config, hashing each layer once: content an archive brings is checked as OCI requires
   * before it gets a name.
   */
  private void verifyLayers(Digest manifest, Map<Digest, Digest> known, int depth)
      throws IOException {
    MetadataJson.checkSize(store.blobSize(manifest), "manifest " + manifest);
    JsonNode node = MetadataJson.parse(store.readBlob(manifest), "manifest " + manifest);
    if (node.has("manifests")) {
      if (depth > 2) {
        throw new SealerException("manifest list " + manifest + " nests too deeply");
      }
      for (JsonNode child : node.path("manifests")) {
        verifyLayers(Digest.parse(child.path("digest").asText()), known, depth + 1);
      }
      return;
    }
    DiffIdCheck.verify(store, manifest, known);
  }

  /** The bytes of the blobs an image's manifest (or list) refers to: the archive's rough size. */
  private long contentSize(Descriptor manifest) {
    long total = manifest.size();
    try {
      JsonNode node = JSON.readTree(store.readBlob(manifest.digest()));
      for (JsonNode child : node.path("manifests")) {
        total += contentSize(ArchiveLoader.descriptor(child));
      }
      total += node.path("config").path("size").asLong();
      for (JsonNode layer : node.path("layers")) {
        total += layer.path("size").asLong();
      }
    } catch (IOException | RuntimeException e) {
      // only an estimate for the progress bar
    }
    return total;
  }

  /** A repository name from the archive's file name, for images the archive does not name. */
  static String repositoryFor(Path file) {
    String base = file.getFileName().toString().toLowerCase(Locale.ROOT);
    for (String ext : new String[] {".gz", ".tgz", ".tar"}) {
      if (base.endsWith(ext)) {
        base = base.substring(0, base.length() - ext.length());
      }
    }
    base = base.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return base.isEmpty() ? "image" : base;
  }
}
