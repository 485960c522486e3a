package io.sealer.runtime;

import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
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
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  @Inject
  StoreClusterImages(
      ImageStore store,
      ImageResolver resolver,
      ImageMounts mounts,
      RegistryClient registry,
      ClusterfileCodec codec,
      TemplateRenderer renderer,
      EventListener events) {
    this.store = store;
    this.resolver = resolver;
    this.mounts = mounts;
    this.registry = registry;
    this.codec = codec;
    this.preparer = new RootfsPreparer(renderer);
    this.events = events;
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
      ImageMounts.Mount mount = mounts.mount(name, platform);
      try {
        Map<String, String> env =
            clusterfile
                .cluster()
                .clusterEnv()
                .overriddenBy(io.sealer.api.cluster.Env.EMPTY)
                .values();
        Map<String, String> renderEnv = new java.util.TreeMap<>(image.extension().env());
        renderEnv.putAll(env);
        preparer.prepare(mount.rootfs(), clusterfile.configs(), renderEnv);
        preparer.prepareApps(
            mount.rootfs(), image.extension().applications(), clusterfile.application(), renderEnv);
        List<Plugin> plugins = readPlugins(mount.rootfs());
        return new MountedImage(image, mount, plugins);
      } catch (RuntimeException | IOException e) {
        mounts.unmount(mount.id());
        throw e;
      }
    } catch (IOException e) {
      throw new SealerException(
          "could not prepare image " + name + " for " + platform + ": " + e, e);
    }
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
              codec.readPlugins("plugins/" + n, Files.readString(f, StandardCharsets.UTF_8)));
        }
      }
    }
    return plugins;
  }

  private final class MountedImage implements Prepared {
    private final ResolvedImage image;
    private final ImageMounts.Mount mount;
    private final List<Plugin> plugins;

    MountedImage(ResolvedImage image, ImageMounts.Mount mount, List<Plugin> plugins) {
      this.image = image;
      this.mount = mount;
      this.plugins = plugins;
    }

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
    public Path rootfs() {
      return mount.rootfs();
    }

    @Override
    public List<Plugin> plugins() {
      return plugins;
    }

    @Override
    public void close() {
      try {
        mounts.unmount(mount.id());
      } catch (IOException e) {
        events.log(LogEvent.warn("could not remove the mount of " + mount.image() + ": " + e));
      }
    }
  }
}
