package io.sealer.image.registry;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.UserPaths;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.event.ProgressTracker;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.PullPolicy;
import io.sealer.api.registry.PullResult;
import io.sealer.api.registry.PushOptions;
import io.sealer.api.registry.PushResult;
import io.sealer.api.registry.RegistryClient;
import io.sealer.api.registry.RegistryException;
import io.sealer.api.registry.RegistryLogin;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/** The {@link RegistryClient} over {@link HttpTransport}: see the package description. */
final class DefaultRegistryClient implements RegistryClient {
  private static final int CONNECT_TIMEOUT_MILLIS = 15_000;

  /**
   * The environment variable that sets the stall timeout in seconds: how long an answer or a
   * transfer may go without a byte before the attempt fails (a stalled blob is then resumed with a
   * Range request once; a registry silent twice in a row fails the command).
   */
  static final String STALL_TIMEOUT_VARIABLE = "SEALER_REGISTRY_STALL_TIMEOUT";

  /** The default stall timeout: a registry gone silent fails a command within about a minute. */
  static final int DEFAULT_STALL_TIMEOUT_MILLIS = 30_000;

  private final ImageStore store;
  private final EventListener events;
  private final CredentialStore credentials;
  private final List<Path> certsDirs;
  private final Map<String, RegistryEndpoint> endpoints;
  private final Map<String, Credential> logins;
  private final ProxyConfig proxies;
  private final int stallTimeoutMillis;
  private final @Nullable String stallProblem;

  @Inject
  DefaultRegistryClient(ImageStore store, SealerSettings settings) {
    this(
        store,
        settings,
        defaultCertsDirs(settings),
        UserPaths.fromEnvironment().dockerConfig(),
        ProxyConfig.fromEnvironment(System.getenv()),
        System.getenv(STALL_TIMEOUT_VARIABLE));
  }

  DefaultRegistryClient(
      ImageStore store,
      SealerSettings settings,
      List<Path> certsDirs,
      @Nullable Path dockerConfig) {
    this(store, settings, certsDirs, dockerConfig, ProxyConfig.NONE);
  }

  DefaultRegistryClient(
      ImageStore store,
      SealerSettings settings,
      List<Path> certsDirs,
      @Nullable Path dockerConfig,
      ProxyConfig proxies) {
    this(store, settings, certsDirs, dockerConfig, proxies, null);
  }

  /**
   * @param stallTimeout seconds (a decimal number) of silence after which a transfer or an answer
   *     counts as stalled; {@code null} or blank for the default
   */
  DefaultRegistryClient(
      ImageStore store,
      SealerSettings settings,
      List<Path> certsDirs,
      @Nullable Path dockerConfig,
      ProxyConfig proxies,
      @Nullable String stallTimeout) {
    this.store = store;
    this.proxies = proxies;
    int millis = DEFAULT_STALL_TIMEOUT_MILLIS;
    String problem = null;
    if (stallTimeout != null && !stallTimeout.isBlank()) {
      try {
        double seconds = Double.parseDouble(stallTimeout.trim());
        if (!(seconds >= 0.1 && seconds <= 86_400)) {
          throw new NumberFormatException();
        }
        millis = (int) Math.round(seconds * 1000);
      } catch (NumberFormatException e) {
        problem =
            STALL_TIMEOUT_VARIABLE
                + "="
                + stallTimeout
                + " is not a number of seconds between 0.1 and 86400";
      }
    }
    this.stallTimeoutMillis = millis;
    this.stallProblem = problem;
    this.events = settings.events();
    this.credentials = new CredentialStore(settings.authFile(), dockerConfig, events);
    this.certsDirs = List.copyOf(certsDirs);
    this.endpoints = new ConcurrentHashMap<>();
    this.logins = Map.of();
  }

  private DefaultRegistryClient(DefaultRegistryClient base, Map<String, Credential> logins) {
    this.store = base.store;
    this.events = base.events;
    this.credentials = base.credentials;
    this.certsDirs = base.certsDirs;
    this.endpoints = base.endpoints;
    this.proxies = base.proxies;
    this.stallTimeoutMillis = base.stallTimeoutMillis;
    this.stallProblem = base.stallProblem;
    this.logins = Map.copyOf(logins);
  }

  @Override
  public RegistryClient withLogins(List<RegistryLogin> given) {
    Map<String, Credential> merged = new java.util.HashMap<>(logins);
    for (RegistryLogin login : given) {
      merged.put(
          normaliseRegistry(login.registry()), new Credential(login.username(), login.password()));
    }
    return new DefaultRegistryClient(this, merged);
  }

  static List<Path> defaultCertsDirs(SealerSettings settings) {
    return List.of(
        Path.of("/etc/containers/certs.d"), Path.of("/etc/docker/certs.d"), settings.certsDir());
  }

  @Override
  public void login(String registry, String username, String password, boolean skipTlsVerify) {
    String host = normaliseRegistry(registry);
    Credential credential = new Credential(username, password);
    checkProxies(host);
    new RegistryCaller(endpoint(host, skipTlsVerify), "", List.of(), credential, events).ping(true);
    credentials.save(host, credential);
    events.log(LogEvent.info("Login succeeded for " + host));
  }

  @Override
  public boolean logout(String registry) {
    return credentials.remove(normaliseRegistry(registry));
  }

  @Override
  public PushResult push(ImageReference image, PushOptions options) {
    ProgressTracker tracker = new ProgressTracker(events, "push " + image, "Pushing " + image);
    try {
      StoredImage stored = store.require(image.toString());
      StoredManifest top = StoredManifest.read(store, stored.manifest());
      List<StoredManifest> children = new ArrayList<>();
      if (top.json().isIndex()) {
        List<Descriptor> missing = new ArrayList<>();
        for (Descriptor child : top.json().manifests()) {
          if (store.hasBlob(child.digest())) {
            children.add(StoredManifest.read(store, child));
          } else {
            missing.add(child);
          }
        }
        if (!missing.isEmpty()) {
          top = hostPlatformOnly(image, top, children, missing, options);
          children = List.of();
        }
      }
      Map<Digest, String> sources = mountSources(image);
      List<String> scopes = new ArrayList<>();
      scopes.add("repository:" + image.repository() + ":pull,push");
      new LinkedHashSet<>(sources.values()).forEach(s -> scopes.add("repository:" + s + ":pull"));
      RegistryCaller caller = caller(image, scopes, options.skipTlsVerify());
      return new ImagePusher(store, caller, tracker, events, options.jobs(), sources)
          .push(image, top, children);
    } catch (IOException e) {
      throw new RegistryException(
          image.registry(), "could not push " + image + ": " + e.getMessage(), e);
    } finally {
      finish(tracker);
    }
  }

  @Override
  public PullResult pull(ImageReference image, PullOptions options) {
    try {
      if (options.policy() != PullPolicy.ALWAYS) {
        Optional<StoredImage> local =
            options.policy() == PullPolicy.NEVER
                ? Optional.of(store.require(image.toString()))
                : store.find(image.toString());
        if (local.isPresent()) {
          return new PullResult(image, local.get().manifest(), 0, 0, 0, 0, false);
        }
      }
      ProgressTracker tracker = new ProgressTracker(events, "pull " + image, "Pulling " + image);
      try {
        RegistryCaller caller =
            caller(
                image,
                List.of("repository:" + image.repository() + ":pull"),
                options.skipTlsVerify());
        return new ImagePuller(store, caller, tracker, options.jobs())
            .pull(image, options.platform());
      } finally {
        finish(tracker);
      }
    } catch (IOException e) {
      throw new RegistryException(
          image.registry(), "could not pull " + image + ": " + e.getMessage(), e);
    }
  }

  private StoredManifest hostPlatformOnly(
      ImageReference image,
      StoredManifest index,
      List<StoredManifest> present,
      List<Descriptor> missing,
      PushOptions options)
      throws IOException {
    String what = missing.stream().map(d -> String.valueOf(d.platform())).toList().toString();
    if (!options.allPlatforms()) {
      Platform host = Platform.host();
      for (Descriptor child : index.json().manifests()) {
        if (child.platform() != null
            && host.matches(child.platform())
            && store.hasBlob(child.digest())) {
          events.log(
              LogEvent.warn(
                  "pushing only platform "
                      + child.platform()
                      + " of "
                      + image
                      + ": "
                      + what
                      + " not stored"));
          return StoredManifest.read(store, child);
        }
      }
    }
    throw new RegistryException(
        image.registry(),
        "could not push "
            + image
            + ": platforms "
            + what
            + " of its manifest list are not stored locally; pull them first (sealer pull without"
            + " --platform)");
  }

  /** Blobs held by other images of the same registry, for cross-repository mounts. */
  private Map<Digest, String> mountSources(ImageReference image) {
    Map<Digest, String> sources = new HashMap<>();
    try {
      for (StoredImage other : store.list()) {
        for (ImageReference name : other.names()) {
          if (!name.registry().equals(image.registry())
              || name.repository().equals(image.repository())) {
            continue;
          }
          StoredManifest m = StoredManifest.read(store, other.manifest());
          List<StoredManifest> all = new ArrayList<>(List.of(m));
          for (Descriptor child : m.json().manifests()) {
            if (store.hasBlob(child.digest())) {
              all.add(StoredManifest.read(store, child));
            }
          }
          for (StoredManifest s : all) {
            s.json().blobs().forEach(d -> sources.putIfAbsent(d.digest(), name.repository()));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      events.log(LogEvent.debug("no cross-repository mounts for " + image + ": " + e));
    }
    return sources;
  }

  /** Fails when a proxy or timeout variable of the environment cannot be used, naming it. */
  private void checkProxies(String registry) {
    String problem = stallProblem != null ? stallProblem : proxies.problem();
    if (problem != null) {
      throw new RegistryException(
          registry, "could not reach registry " + registry + ": " + problem + " (environment)");
    }
  }

  private RegistryCaller caller(ImageReference image, List<String> scopes, boolean insecure) {
    checkProxies(image.registry());
    Optional<Credential> credential =
        Optional.ofNullable(logins.get(image.registry()))
            .or(() -> credentials.find(image.registry()));
    return new RegistryCaller(
        endpoint(image.registry(), insecure),
        image.repository(),
        scopes,
        credential.orElse(null),
        events);
  }

  private RegistryEndpoint endpoint(String registry, boolean insecure) {
    return endpoints.computeIfAbsent(
        registry + (insecure ? "#insecure" : ""),
        k -> {
          String apiHost =
              registry.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
          // plain HTTP is allowed for --skip-tls-verify and, as Docker does, for registries on
          // this machine; certificates are checked unless the user opted out
          boolean plainHttpAllowed =
              insecure || ImageReference.parse(registry + "/x").isLoopbackRegistry();
          return new RegistryEndpoint(
              registry,
              apiHost,
              plainHttpAllowed,
              http(registry, insecure),
              new java.util.concurrent.atomic.AtomicReference<>());
        });
  }

  private HttpTransport http(String registry, boolean insecure) {
    // TLS is set up on the first TLS connection: a registry on this machine answering plain HTTP
    // never pays the 100-200 ms the JDK takes for it
    Supplier<SSLContext> tls =
        new Supplier<>() {
          private @Nullable SSLContext context;

          @Override
          public synchronized SSLContext get() {
            if (context == null) {
              context = RegistryTrust.context(registry, certsDirs, insecure);
            }
            return context;
          }
        };
    return new HttpTransport(
        tls,
        proxies::proxyFor,
        Math.min(CONNECT_TIMEOUT_MILLIS, stallTimeoutMillis),
        stallTimeoutMillis);
  }

  /** Ends a progress line that was started; an operation that moved no bytes shows none. */
  private static void finish(ProgressTracker tracker) {
    if (tracker.total() > 0) {
      tracker.finish();
    }
  }

  static String normaliseRegistry(String registry) {
    String r = registry.trim().replaceFirst("^https?://", "");
    int slash = r.indexOf('/');
    if (slash >= 0) {
      r = r.substring(0, slash);
    }
    return switch (r) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
      default -> r;
    };
  }
}
