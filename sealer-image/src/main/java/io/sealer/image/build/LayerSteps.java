package io.sealer.image.build;

import io.sealer.api.Platform;
import io.sealer.api.build.ImageApplication;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.image.BlobWriter;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.api.kubefile.AppSource;
import io.sealer.api.kubefile.Instruction;
import io.sealer.api.kubefile.Keyword;
import io.sealer.filesystem.LayerDigests;
import io.sealer.filesystem.LayerReader;
import io.sealer.filesystem.LayerWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The instructions that make layers: COPY, ADD, APP/CNI/CSI and RUN. Each computes its cache key
 * first; on a hit the cached layer is extracted onto the rootfs, otherwise the layer is written
 * (reproducibly) into the store, recorded in the cache and applied to the rootfs.
 */
final class LayerSteps {
  private final ImageStore store;
  private final LayerCache cache;
  private final boolean noCache;
  private final Path context;
  private final Path rootfs;
  private final Path scratch;
  private final Platform platform;
  private final SealerIgnore ignore;
  private final BuildState state;
  private final EventListener events;
  private final FileHashes hashes;
  private int unpacked;

  /** Layers recorded but not yet extracted onto the rootfs (extracted when something reads it). */
  private final List<LayerDigests> pending = new ArrayList<>();

  LayerSteps(
      ImageStore store,
      LayerCache cache,
      boolean noCache,
      Path context,
      Path rootfs,
      Path scratch,
      Platform platform,
      BuildState state,
      EventListener events) {
    this.store = store;
    this.cache = cache;
    this.noCache = noCache;
    this.context = context;
    this.rootfs = rootfs;
    this.scratch = scratch;
    this.platform = platform;
    this.ignore = SealerIgnore.load(context);
    this.state = state;
    this.events = events;
    this.hashes = new FileHashes(cache.root());
  }

  /** Extracts the pending layers, so the rootfs is up to date; then saves the file hashes. */
  void materialize() throws IOException {
    for (LayerDigests layer : pending) {
      try (InputStream in = store.openBlob(layer.digest())) {
        LayerReader.extract(in, rootfs);
      }
    }
    pending.clear();
  }

  /** Saves the remembered file hashes for the next build. */
  void finish() {
    hashes.save();
  }

  /** COPY and ADD: sources relative to the context, {@code $ARCH} replaced, into {@code dest}. */
  void copy(Instruction i, String where, String text) throws IOException {
    List<String> args = i.args();
    Map<String, String> vars = new LinkedHashMap<>(state.variables());
    vars.put("ARCH", platform.architecture());
    String dest = Variables.expand(args.get(args.size() - 1), state.variables());
    CopySources sources = new CopySources(context, ignore, where);
    List<Path> resolved = new ArrayList<>();
    for (String raw : args.subList(0, args.size() - 1)) {
      String src = Variables.expand(raw, vars);
      if (src.startsWith("http://") || src.startsWith("https://")) {
        AppSource remote = new AppSource(src);
        resolved.add(
            RemoteFiles.download(src, scratch.resolve("remote"), remote.remoteFileName(), where));
      } else {
        for (Path p : sources.resolve(src)) {
          resolved.add(i.keyword() == Keyword.ADD ? unpackIfArchive(p, where) : p);
        }
      }
    }
    String target = CopySources.join("", dest);
    boolean intoDir = dest.endsWith("/") || dest.equals(".") || resolved.size() > 1;
    if (!intoDir && !target.isEmpty()) {
      materialize();
      intoDir = Files.isDirectory(rootfs.resolve(target));
    }
    Map<String, Path> files = new TreeMap<>();
    for (Path p : resolved) {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        sources.collect(p, target, target, files);
      } else {
        String name = String.valueOf(p.getFileName());
        sources.collect(
            p,
            intoDir || target.isEmpty() ? CopySources.join(target, name) : target,
            target,
            files);
      }
    }
    layer(text, InputDigest.of(files, hashes), () -> writerOf(files), true);
  }

  /** APP, CNI, CSI: sources into {@code application/apps/<name>/}, type detected. */
  void app(Instruction i, String where, String text) throws IOException {
    String name = i.args().get(0);
    String root = ImageApplication.APPS_ROOT + name;
    CopySources sources = new CopySources(context, ignore, where);
    List<Path> paths = new ArrayList<>();
    for (String uri : i.args().subList(1, i.args().size())) {
      AppSource source = new AppSource(uri);
      if (source.isLocal()) {
        paths.addAll(sources.resolve(source.localPath()));
      } else {
        Path dir = scratch.resolve("remote").resolve(name);
        paths.add(RemoteFiles.download(uri, dir, source.remoteFileName(), where));
      }
    }
    Map<String, Path> files = new TreeMap<>();
    for (Path p : paths) {
      sources.collect(p, CopySources.join(root, String.valueOf(p.getFileName())), root, files);
    }
    state.apps.remove(name);
    state.apps.put(name, ApplicationDetector.detect(name, paths));
    layer(text, InputDigest.of(files, hashes), () -> writerOf(files), true);
  }

  /** RUN: the command on the host against the rootfs; the layer is what it changed. */
  void run(Instruction i, String where, String text) throws IOException {
    Map<String, String> vars = state.runEnv();
    List<String> argv = i.json() ? i.args() : List.of("/bin/sh", "-c", String.join(" ", i.args()));
    String env = new TreeMap<>(vars).toString();
    layer(
        text,
        io.sealer.api.Digest.sha256Of(env).hex(),
        () -> {
          try {
            materialize();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          RootfsSnapshot before;
          RootfsSnapshot after;
          try (RootedLinks links = RootedLinks.root(rootfs)) {
            before = RootfsSnapshot.take(rootfs);
            ShellRun.run(argv, rootfs, vars, where, events, state.guard);
            after = RootfsSnapshot.take(rootfs);
          }
          LayerWriter w = new LayerWriter();
          before.diffInto(after, w);
          return w;
        },
        false);
  }

  /**
   * ADD unpacks a local tar or tar.gz archive (recognised by its content, as Docker does) into a
   * directory whose contents are then copied; other files are returned as they are.
   */
  private Path unpackIfArchive(Path p, String where) throws IOException {
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || !isArchive(p)) {
      return p;
    }
    Path dir = Files.createDirectories(scratch.resolve("add")).resolve("a" + unpacked++);
    try (InputStream in = Files.newInputStream(p)) {
      LayerReader.extract(in, dir);
    } catch (io.sealer.api.SealerException e) {
      throw new io.sealer.api.SealerException(
          where + ": could not unpack " + context.relativize(p) + ": " + e.getMessage(), e);
    }
    return dir;
  }

  private static boolean isArchive(Path p) throws IOException {
    byte[] head = new byte[262];
    int n;
    try (InputStream in = Files.newInputStream(p)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return true;
    }
    return n >= 262
        && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
  }

  private static LayerWriter writerOf(Map<String, Path> files) {
    LayerWriter w = new LayerWriter();
    files.forEach((target, source) -> w.addFile(source, target));
    return w;
  }

  private void layer(String text, String inputs, Supplier<LayerWriter> make, boolean extract)
      throws IOException {
    String key = LayerCache.key(state.chain, text, inputs);
    if (!noCache) {
      var cached = cache.find(key);
      if (cached.isPresent()) {
        events.onEvent(LogEvent.info("--> Using cache " + cached.get().digest()));
        pending.add(cached.get());
        state.addLayer(cached.get(), MediaTypes.OCI_LAYER_GZIP, text);
        return;
      }
    }
    LayerWriter writer = make.get();
    LayerDigests layer;
    try (BlobWriter blob = store.newBlob(null)) {
      layer = writer.writeTo(blob.stream());
      blob.commit();
    }
    cache.put(key, layer);
    if (extract) {
      pending.add(layer);
    }
    events.onEvent(LogEvent.info("--> " + layer.digest()));
    state.addLayer(layer, MediaTypes.OCI_LAYER_GZIP, text);
  }
}
