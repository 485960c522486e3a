package io.sealer.runtime;

import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.TextFiles;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.Plugin;
import io.sealer.api.cluster.TemplateRenderer;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.image.ImageMounts;
import io.sealer.api.image.ImageStore;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.RegistryClient;
import io.sealer.api.resolve.ImageResolver;
import io.sealer.api.resolve.ResolvedImage;
import io.sealer.filesystem.AtomicFiles;
import io.sealer.filesystem.LayerReader;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@link ClusterImages} from the local image store: an image not stored is pulled first, the
 * variant for the platform is resolved (one place, {@link ImageResolver}) and mounted as a private
 * copy, then the Clusterfile's Configs and the {@code *.tmpl} files are applied to it.
 */
final class StoreClusterImages implements ClusterImages {
  private final ImageStore store;
  private final ImageResolver resolver;
  private final ImageMounts mounts;
  private final RegistryClient registry;
  private final ClusterfileCodec codec;
  private final RootfsPreparer preparer;
  private final EventListener events;
  private final Path root;

  @Inject
  StoreClusterImages(
      ImageStore store,
      ImageResolver resolver,
      ImageMounts mounts,
      RegistryClient registry,
      ClusterfileCodec codec,
      TemplateRenderer renderer,
      SealerSettings settings) {
    this.store = store;
    this.resolver = resolver;
    this.mounts = mounts;
    this.registry = registry;
    this.codec = codec;
    this.preparer = new RootfsPreparer(renderer);
    this.events = settings.events();
    this.root = settings.root();
  }

  @Override
  public Prepared prepare(Clusterfile clusterfile, Platform platform) {
    String name = clusterfile.cluster().image();
    try {
      if (store.find(name).isEmpty()) {
        events.log(LogEvent.info("pulling " + name + " for " + platform));
        registry.pull(ImageReference.parse(name), PullOptions.defaults().withPlatform(platform));
      }
      ResolvedImage image = resolver.resolve(name, platform);
      Map<String, String> renderEnv = new TreeMap<>(image.extension().env());
      renderEnv.putAll(clusterfile.cluster().clusterEnv().values());
      String key =
          Planner.digest(
              image.id().toString(),
              renderEnv.toString(),
              clusterfile.configs().toString(),
              String.valueOf(clusterfile.application()));
      Path dir = clusterDir(clusterfile.cluster().name()).resolve(platformDir(platform));
      Path stamp = dir.resolve("prepared.key");
      Path rootfs = dir.resolve("rootfs");
      boolean fresh =
          !(Files.isRegularFile(stamp, LinkOption.NOFOLLOW_LINKS)
              && Files.isDirectory(rootfs, LinkOption.NOFOLLOW_LINKS)
              && Files.readString(stamp, StandardCharsets.UTF_8).equals(key));
      if (fresh) {
        ImageMounts.Mount mount = mounts.mount(name, platform);
        try {
          preparer.prepare(mount.rootfs(), clusterfile.configs(), renderEnv);
          preparer.prepareApps(
              mount.rootfs(),
              image.extension().applications(),
              clusterfile.application(),
              renderEnv);
          if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path trash = dir.resolveSibling(AtomicFiles.TEMP_PREFIX + dir.getFileName());
            AtomicFiles.move(dir, trash);
            LayerReader.deleteRecursively(trash);
          }
          Files.createDirectories(dir.getParent());
          AtomicFiles.move(mount.rootfs().getParent(), dir);
          AtomicFiles.write(stamp, key.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException | IOException e) {
          mounts.unmount(mount.id());
          throw e;
        }
      } else {
        events.log(LogEvent.debug("using the prepared copy of " + name + " in " + dir));
      }
      return new KeptImage(image, rootfs, readPlugins(rootfs), dir.resolve("digests"), key);
    } catch (IOException e) {
      throw new SealerException(
          "could not prepare image " + name + " for " + platform + ": " + e, e);
    }
  }

  @Override
  public void forget(String cluster) {
    Path dir = clusterDir(cluster);
    try {
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Path trash = dir.resolveSibling(AtomicFiles.TEMP_PREFIX + dir.getFileName());
        AtomicFiles.move(dir, trash);
        LayerReader.deleteRecursively(trash);
      }
    } catch (IOException e) {
      events.log(LogEvent.warn("could not remove " + dir + ": " + e));
    }
  }

  private Path clusterDir(String cluster) {
    return root.resolve("clusters").resolve(cluster);
  }

  private static String platformDir(Platform platform) {
    return platform.os()
        + "-"
        + platform.architecture()
        + (platform.variant() == null ? "" : "-" + platform.variant());
  }

  private List<Plugin> readPlugins(Path rootfs) throws IOException {
    Path dir = rootfs.resolve("plugins");
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<Plugin> plugins = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if ((n.endsWith(".yaml") || n.endsWith(".yml"))
            && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          plugins.addAll(
              codec.readPlugins(
                  "plugins/" + n, TextFiles.read(f, "plugin file", RootfsPreparer.TEXT_LIMIT)));
        }
      }
    }
    return plugins;
  }

  private record KeptImage(
      ResolvedImage image, Path rootfs, List<Plugin> plugins, Path digestCache, String contentKey)
      implements Prepared {

    @Override
    public String imageId() {
      return image.id().toString();
    }

    @Override
    public ImageExtension extension() {
      return image.extension();
    }

    @Override
    public Map<String, String> labels() {
      return image.labels();
    }

    @Override
    public void close() {
      // the prepared copy is kept for the next run of this cluster
    }
  }
}
