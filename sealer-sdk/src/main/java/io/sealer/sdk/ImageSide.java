package io.sealer.sdk;

import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.VersionInfo;
import io.sealer.api.build.ImageBuilder;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.TemplateRenderer;
import io.sealer.api.image.ImageArchives;
import io.sealer.api.image.ImageMounts;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.ImageStoreMaintenance;
import io.sealer.api.kubefile.KubefileParser;
import io.sealer.api.registry.RegistryClient;
import io.sealer.api.resolve.ImageResolver;
import io.sealer.image.archive.Archives;
import io.sealer.image.build.ImageBuilders;
import io.sealer.image.mount.Mounts;
import io.sealer.image.registry.RegistryClients;
import io.sealer.image.resolve.ImageResolvers;
import io.sealer.image.store.ImageStores;
import io.sealer.parser.Parsers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The image and parser services of one {@link Sealer}, wired by hand through the libraries'
 * plain-Java entry points, as maven-resolver's supplier wires a repository system: each made on
 * first use, then kept. No injector: Guice's start-up (its own classes, reflection over every bound
 * class, java.util.logging, whose set-up opens every jar of the class path) cost an image command
 * such as a pull a fifth of its CPU time on a 2-core machine (a third of its start-up); see
 * docs/benchmarks.md. The Guice modules of the libraries ({@code ImageModule}, {@code
 * ParserModule}) wire the same classes for programs that use Guice; WiringTest checks that the two
 * agree.
 */
final class ImageSide {
  private final SealerSettings settings;
  private final Memo<VersionInfo> version = new Memo<>(ImageSide::readVersion);
  private final Memo<ImageStore> store;
  private final Memo<ImageResolver> resolver;
  private final Memo<ImageArchives> archives;
  private final Memo<ImageMounts> mounts;
  private final Memo<RegistryClient> registry;
  private final Memo<KubefileParser> kubefiles = new Memo<>(Parsers::kubefiles);
  private final Memo<ClusterfileCodec> clusterfiles = new Memo<>(Parsers::clusterfiles);
  private final Memo<TemplateRenderer> templates = new Memo<>(Parsers::templates);
  private final Memo<ImageBuilder> builder;

  ImageSide(SealerSettings settings) {
    this.settings = settings;
    this.store = new Memo<>(() -> ImageStores.open(settings));
    this.resolver = new Memo<>(() -> ImageResolvers.of(store()));
    this.archives = new Memo<>(() -> Archives.of(store(), settings.events()));
    this.mounts = new Memo<>(() -> Mounts.of(store(), resolver(), settings));
    this.registry = new Memo<>(() -> RegistryClients.of(store(), settings));
    this.builder =
        new Memo<>(
            () ->
                ImageBuilders.of(
                    store(), kubefiles(), settings, version(), registry(), resolver()));
  }

  SealerSettings settings() {
    return settings;
  }

  VersionInfo version() {
    return version.get();
  }

  ImageStore store() {
    return store.get();
  }

  ImageStoreMaintenance maintenance() {
    return ImageStores.maintenance(store());
  }

  ImageResolver resolver() {
    return resolver.get();
  }

  ImageArchives archives() {
    return archives.get();
  }

  ImageMounts mounts() {
    return mounts.get();
  }

  RegistryClient registry() {
    return registry.get();
  }

  ImageBuilder builder() {
    return builder.get();
  }

  KubefileParser kubefiles() {
    return kubefiles.get();
  }

  ClusterfileCodec clusterfiles() {
    return clusterfiles.get();
  }

  TemplateRenderer templates() {
    return templates.get();
  }

  /**
   * The version of this build of Sealer (from {@code version.properties}), this JVM's, the host's
   * platform.
   */
  static VersionInfo readVersion() {
    Properties props = new Properties();
    try (InputStream in = ImageSide.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String commit = props.getProperty("commit", "unknown");
    if (commit.isBlank() || commit.startsWith("${")) {
      commit = "unknown";
    }
    return new VersionInfo(
        props.getProperty("version", "unknown"),
        commit,
        System.getProperty("java.version"),
        Platform.host());
  }

  /** A value made once, on first use, by any thread; made again only if making it failed. */
  private static final class Memo<T> {
    private final Supplier<T> make;
    private @Nullable T value;

    Memo(Supplier<T> make) {
      this.make = make;
    }

    synchronized T get() {
      if (value == null) {
        value = make.get();
      }
      return value;
    }
  }
}
