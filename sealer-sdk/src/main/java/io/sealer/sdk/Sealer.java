package io.sealer.sdk;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.UserPaths;
import io.sealer.api.VersionInfo;
import io.sealer.api.build.ImageBuilder;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.TemplateRenderer;
import io.sealer.api.distribute.Distributor;
import io.sealer.api.event.EventListener;
import io.sealer.api.host.HostConnector;
import io.sealer.api.image.ImageArchives;
import io.sealer.api.image.ImageMounts;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.ImageStoreMaintenance;
import io.sealer.api.infra.InfraProvider;
import io.sealer.api.kubefile.KubefileParser;
import io.sealer.api.registry.RegistryClient;
import io.sealer.api.resolve.ImageResolver;
import io.sealer.api.runtime.ClusterService;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One Sealer instance for a program that embeds Sealer: every service it hands out works on the
 * same local root and reports to the same event listener.
 *
 * <pre>{@code
 * Sealer sealer = Sealer.builder()
 *     .root(Path.of("/var/lib/sealer"))
 *     .events(event -> System.out.println(event))
 *     .build();
 * System.out.println(sealer.version().version());
 * }</pre>
 *
 * <p>Instances are thread-safe and cheap to keep; there is no global state, so two instances with
 * different roots can live in one JVM.
 */
public final class Sealer {
  private final SealerSettings settings;

  /** Images and Kubefiles, wired by hand: what every command needs. */
  private final ImageSide images;

  /**
   * Hosts, distribution, infra and clusters, wired by Guice on first use; see {@link #cluster()}.
   */
  private @Nullable Injector clusterInjector;

  private Sealer(SealerSettings settings) {
    this.settings = settings;
    this.images = new ImageSide(settings);
  }

  /**
   * The injector of the cluster side, made the first time it is asked; see {@link SealerModule}.
   */
  private synchronized Injector cluster() {
    if (clusterInjector == null) {
      clusterInjector = Guice.createInjector(new SealerModule(images));
    }
    return clusterInjector;
  }

  /** Whether the cluster side has been wired (tests: an image command must not wire it). */
  synchronized boolean clusterWired() {
    return clusterInjector != null;
  }

  /** Starts configuring an instance. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings this instance was built with. */
  public SealerSettings settings() {
    return settings;
  }

  /** The version of Sealer, the commit it was built from, the JVM and the platform. */
  public VersionInfo version() {
    return images.version();
  }

  /** The local image store under {@code <root>/images} (an OCI image layout). */
  public ImageStore images() {
    return images.store();
  }

  /**
   * Resolves stored images for a platform (manifest, config, layers, Sealer extension, cached
   * container images): what inspect, mount and the builder's FROM use, and what a runtime needs to
   * mount an image for each host's platform.
   */
  public ImageResolver imageResolver() {
    return images.resolver();
  }

  /** Save and load of image archives (oci-archive, docker-archive). */
  public ImageArchives archives() {
    return images.archives();
  }

  /** {@code alpha mount}: images extracted into directories under {@code <root>/mounts}. */
  public ImageMounts mounts() {
    return images.mounts();
  }

  /** Prune and fsck of the local image store. */
  public ImageStoreMaintenance imageMaintenance() {
    return images.maintenance();
  }

  /** Reads and prints Kubefiles. */
  public KubefileParser kubefiles() {
    return images.kubefiles();
  }

  /** Builds ClusterImages from Kubefiles into the local store ({@code sealer build}). */
  public ImageBuilder imageBuilder() {
    return images.builder();
  }

  /**
   * Login, logout, push and pull against OCI and Docker registries; credentials in {@code
   * <home>/auth.json}, CAs in {@code <home>/certs.d/<host:port>/ca.crt}.
   */
  public RegistryClient registry() {
    return images.registry();
  }

  /** Reads and writes Clusterfiles. */
  public ClusterfileCodec clusterfiles() {
    return images.clusterfiles();
  }

  /** Renders {@code *.tmpl} files with Go-template semantics. */
  public TemplateRenderer templates() {
    return images.templates();
  }

  /**
   * The life of clusters: {@code run}, {@code scale-up}, {@code delete}, {@code exec}, {@code cp};
   * state under {@code ~/.sealer/<cluster>/}. See docs/run.md.
   */
  public ClusterService clusters() {
    return cluster().getInstance(ClusterService.class);
  }

  /** Opens hosts over SSH (or locally for this machine's own addresses); see docs/hosts.md. */
  public HostConnector hosts() {
    return cluster().getInstance(HostConnector.class);
  }

  /** Puts a mounted image's rootfs onto hosts, sending each only what it lacks. */
  public Distributor distributor() {
    return cluster().getInstance(Distributor.class);
  }

  /**
   * An infra provider by name: {@code local} (hosts made on this Linux machine, state in {@code
   * <root>/infra/<name>}; needs root) or {@code baremetal} (hosts given by address).
   *
   * @throws SealerException if there is no provider of that name
   */
  public InfraProvider infra(String provider) {
    Map<String, InfraProvider> providers =
        cluster().getInstance(Key.get(new TypeLiteral<Map<String, InfraProvider>>() {}));
    InfraProvider found = providers.get(provider);
    if (found == null) {
      throw new SealerException(
          "could not find infra provider "
              + provider
              + ": known providers are "
              + String.join(", ", new TreeSet<>(providers.keySet())));
    }
    return found;
  }

  /**
   * The default root: {@code /var/lib/sealer} for root (as Sealer uses), otherwise {@code
   * $XDG_DATA_HOME/sealer} or {@code ~/.local/share/sealer}, where {@code ~} is {@code $HOME}.
   */
  public static Path defaultRoot() {
    return defaultRoot(UserPaths.fromEnvironment());
  }

  /** The default root for a user's paths; see {@link #defaultRoot()}. */
  public static Path defaultRoot(UserPaths user) {
    return isRoot() ? Path.of("/var/lib/sealer") : user.dataHome().resolve("sealer");
  }

  /** The default per-user state directory, {@code $HOME/.sealer}; see {@link UserPaths}. */
  public static Path defaultHome() {
    return UserPaths.fromEnvironment().sealerHome();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Configures a {@link Sealer}. */
  public static final class Builder {
    private @Nullable Path root;
    private @Nullable Path home;
    private @Nullable UserPaths user;
    private EventListener events = EventListener.NONE;

    private Builder() {}

    /** The directory for images and other local data; see {@link Sealer#defaultRoot()}. */
    public Builder root(Path root) {
      this.root = Objects.requireNonNull(root, "root");
      return this;
    }

    /** The per-user state directory (credentials); see {@link Sealer#defaultHome()}. */
    public Builder home(Path home) {
      this.home = Objects.requireNonNull(home, "home");
      return this;
    }

    /**
     * Whose per-user paths give the defaults of {@link #root(Path)} and {@link #home(Path)}; by
     * default those of this process's environment ({@link UserPaths#fromEnvironment()}).
     */
    public Builder user(UserPaths user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** Receives log and progress events; by default they are dropped. */
    public Builder events(EventListener events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /** Creates the instance. Nothing is written to disk until a service needs it. */
    public Sealer build() {
      UserPaths paths = user != null ? user : UserPaths.fromEnvironment();
      return new Sealer(
          new SealerSettings(
              root != null ? root : defaultRoot(paths),
              home != null ? home : paths.sealerHome(),
              events));
    }
  }
}
