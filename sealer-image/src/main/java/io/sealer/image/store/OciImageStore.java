package io.sealer.image.store;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.InvalidReferenceException;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.image.BlobWriter;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.FsckReport;
import io.sealer.api.image.ImageNames;
import io.sealer.api.image.ImageNotFoundException;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.ImageStoreMaintenance;
import io.sealer.api.image.PruneReport;
import io.sealer.api.image.StoredImage;
import io.sealer.filesystem.BlobStore;
import io.sealer.filesystem.OwnedDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ImageStore} on an OCI image layout at {@code <root>/images}: blobs through {@link
 * BlobStore}, names in {@code index.json} (see {@link NameIndex}), changes under the file locks of
 * {@link StoreLocks}, and content written but not yet named protected from a concurrent prune by
 * {@link PendingContent}.
 */
@Singleton
final class OciImageStore implements ImageStore, ImageStoreMaintenance {
  private static final Pattern ID = Pattern.compile("(?:sha256:)?([0-9a-f]{4,64})");

  private final Path layout;
  private final BlobStore blobs;
  private final NameIndex index;
  private final StoreLocks locks;
  private final PendingContent pending;
  private final ManifestGraph graph;

  /** Where builds keep their working directories ({@code <root>/tmp}), or null. */
  private final @Nullable Path scratch;

  @Inject
  OciImageStore(SealerSettings settings) {
    this(settings.root().resolve("images"), settings.root().resolve("tmp"));
  }

  OciImageStore(Path layout) {
    this(layout, null);
  }

  OciImageStore(Path layout, @Nullable Path scratch) {
    this.layout = layout;
    this.scratch = scratch;
    this.blobs = new BlobStore(layout);
    this.index = new NameIndex(layout);
    this.locks = new StoreLocks(layout);
    this.pending = new PendingContent(layout);
    this.graph = new ManifestGraph(blobs);
  }

  /** The layout directory. */
  Path layout() {
    return layout;
  }

  @Override
  public List<StoredImage> list() throws IOException {
    Map<String, Descriptor> names = index.read();
    Map<Digest, List<ImageReference>> byManifest = new LinkedHashMap<>();
    Map<Digest, Descriptor> descriptors = new LinkedHashMap<>();
    for (Map.Entry<String, Descriptor> e : names.entrySet()) {
      ImageReference ref;
      try {
        ref = ImageReference.parse(e.getKey());
      } catch (InvalidReferenceException ex) {
        continue;
      }
      byManifest.computeIfAbsent(e.getValue().digest(), d -> new ArrayList<>()).add(ref);
      descriptors.putIfAbsent(e.getValue().digest(), e.getValue());
    }
    List<StoredImage> images = new ArrayList<>();
    for (Map.Entry<Digest, List<ImageReference>> e : byManifest.entrySet()) {
      Descriptor d = descriptors.get(e.getKey());
      List<ImageReference> refs = new ArrayList<>(e.getValue());
      refs.sort((a, b) -> a.toString().compareTo(b.toString()));
      images.add(new StoredImage(refs, d, graph.imageId(d)));
    }
    images.sort((a, b) -> a.names().get(0).toString().compareTo(b.names().get(0).toString()));
    return images;
  }

  @Override
  public Optional<StoredImage> find(String nameOrId) throws IOException {
    List<StoredImage> images = list();
    List<StoredImage> byName = new ArrayList<>();
    List<String> matchedNames = new ArrayList<>();
    if (ImageReference.isValid(nameOrId)) {
      for (ImageReference candidate : ImageNames.candidates(nameOrId)) {
        for (StoredImage image : images) {
          if (image.names().contains(candidate)) {
            matchedNames.add(candidate.toString());
            if (!byName.contains(image)) {
              byName.add(image);
            }
          }
        }
      }
    }
    if (byName.size() > 1) {
      throw new SealerException(
          "could not resolve image \""
              + nameOrId
              + "\": it may mean "
              + String.join(" or ", matchedNames)
              + ", which are different images; use the full name");
    }
    if (byName.size() == 1) {
      return Optional.of(byName.get(0));
    }
    var m = ID.matcher(nameOrId.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String prefix = m.group(1);
    List<StoredImage> byId = new ArrayList<>();
    for (StoredImage image : images) {
      if (image.id().hex().startsWith(prefix)
          || image.manifest().digest().hex().startsWith(prefix)) {
        byId.add(image);
      }
    }
    if (byId.size() > 1) {
      throw new SealerException(
          "could not resolve image id \"" + nameOrId + "\": it matches " + byId.size() + " images");
    }
    return byId.stream().findFirst();
  }

  @Override
  public StoredImage require(String nameOrId) throws IOException {
    return find(nameOrId).orElseThrow(() -> new ImageNotFoundException(nameOrId));
  }

  @Override
  public void setName(ImageReference name, Descriptor manifest) throws IOException {
    Set<Digest> referenced = graph.checkComplete(manifest);
    locks.withIndexLock(
        () -> {
          Map<String, Descriptor> names = index.read();
          names.put(NameIndex.key(name), manifest);
          index.write(names);
          return null;
        });
    pending.named(referenced);
  }

  @Override
  public boolean removeName(ImageReference name) throws IOException {
    return locks.withIndexLock(
        () -> {
          Map<String, Descriptor> names = index.read();
          boolean existed = names.remove(NameIndex.key(name)) != null;
          if (existed) {
            index.write(names);
          }
          return existed;
        });
  }

  @Override
  public boolean hasBlob(Digest digest) {
    return blobs.has(digest);
  }

  @Override
  public long blobSize(Digest digest) throws IOException {
    return blobs.size(digest);
  }

  @Override
  public InputStream openBlob(Digest digest) throws IOException {
    return blobs.open(digest);
  }

  @Override
  public byte[] readBlob(Digest digest) throws IOException {
    return blobs.read(digest);
  }

  @Override
  public BlobWriter newBlob(@Nullable Digest expected) throws IOException {
    pending.writerOpened();
    try {
      return new TrackedWriter(blobs.newWriter(expected));
    } catch (IOException | RuntimeException e) {
      pending.writerClosed();
      throw e;
    }
  }

  @Override
  public Digest putBlob(byte[] content) throws IOException {
    pending.writerOpened();
    try {
      Digest digest = blobs.put(content);
      pending.committed(digest);
      return digest;
    } finally {
      pending.writerClosed();
    }
  }

  @Override
  public PruneReport prune() throws IOException {
    PruneReport report =
        locks.withIndexLock(
            () ->
                pending.withExclusive(() -> new Pruner(blobs, graph, pending).prune(index.read())));
    if (scratch == null) {
      return report;
    }
    // what builds stopped by a signal or killed left: only directories whose owner is gone
    List<Path> dead = OwnedDirectory.sweepOwned(scratch);
    return new PruneReport(
        report.removedBlobs(), report.freedBytes(), report.removedUnfinished() + dead.size());
  }

  @Override
  public FsckReport fsck() throws IOException {
    return locks.withIndexLock(
        () -> {
          Map<String, Descriptor> names;
          try {
            names = index.read();
          } catch (UnreadableIndexException e) {
            return new FsckReport(0, 0, List.of(e.getMessage()));
          }
          return new Fsck(this, blobs, graph).check(names);
        });
  }

  @Override
  public List<String> repairIndex() throws IOException {
    return locks.withIndexLock(() -> new IndexRepair(blobs, graph, index).repair());
  }

  /** Every digest reachable from the names (used by archives and tests). */
  Set<Digest> reachable() throws IOException {
    Set<Digest> all = new TreeSet<>();
    for (Descriptor d : index.read().values()) {
      all.addAll(graph.reachable(d, new ArrayList<>()));
    }
    return all;
  }

  /** Counts commits as pending content until a name refers to them. */
  private final class TrackedWriter implements BlobWriter {
    private final BlobWriter delegate;
    private boolean closed;

    TrackedWriter(BlobWriter delegate) {
      this.delegate = delegate;
    }

    @Override
    public long position() {
      return delegate.position();
    }

    @Override
    public OutputStream stream() {
      return delegate.stream();
    }

    @Override
    public Digest commit() throws IOException {
      Digest digest = delegate.commit();
      pending.committed(digest);
      return digest;
    }

    @Override
    public void close() throws IOException {
      try {
        delegate.close();
      } finally {
        if (!closed) {
          closed = true;
          pending.writerClosed();
        }
      }
    }
  }
}
