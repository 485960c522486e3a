package io.sealer.image.build;

import io.sealer.api.ImageReference;
import io.sealer.api.ParseException;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.TextFiles;
import io.sealer.api.VersionInfo;
import io.sealer.api.build.BuildRequest;
import io.sealer.api.build.ImageBuilder;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageNames;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import io.sealer.api.kubefile.Kubefile;
import io.sealer.api.kubefile.KubefileParser;
import io.sealer.api.registry.RegistryClient;
import io.sealer.api.resolve.ImageResolver;
import io.sealer.filesystem.OwnedDirectory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a ClusterImage from a Kubefile without a container engine: reads and parses the Kubefile,
 * keeps an extracted rootfs in a temporary directory under {@code <root>/tmp}, runs each
 * instruction ({@link InstructionRunner}), caches container images ({@link ContainerImageCache}),
 * writes config and manifest ({@link ImageAssembler}) and only then names the image. The temporary
 * directory is removed at the end, also on failure.
 */
final class KubefileBuilder implements ImageBuilder {
  /** The prefix of build directories under {@code <root>/tmp}; prune removes dead ones too. */
  static final String BUILD_PREFIX = "build-";

  /** The largest Kubefile read: far above any real one, far below the heap. */
  private static final int KUBEFILE_LIMIT = 1 << 20;

  private final ImageResolver resolver;
  private final ImageStore store;
  private final KubefileParser parser;
  private final SealerSettings settings;
  private final EventListener events;
  private final VersionInfo version;
  private final ContainerImageCache imageCache;
  private final RegistryClient registry;

  @Inject
  KubefileBuilder(
      ImageStore store,
      KubefileParser parser,
      SealerSettings settings,
      VersionInfo version,
      ContainerImageCache imageCache,
      RegistryClient registry,
      ImageResolver resolver) {
    this.store = store;
    this.resolver = resolver;
    this.parser = parser;
    this.settings = settings;
    this.events = settings.events();
    this.version = version;
    this.imageCache = imageCache;
    this.registry = registry;
  }

  @Override
  public StoredImage build(BuildRequest request) {
    ImageReference name;
    try {
      name = ImageNames.forLocalImage(request.tag());
    } catch (RuntimeException e) {
      throw new SealerException(
          "could not build image " + request.tag() + ": " + e.getMessage(), e);
    }
    List<Platform> platforms =
        request.platforms().isEmpty() ? List.of(Platform.host()) : request.platforms();
    Kubefile kubefile = parse(request.kubefile());
    Path context = realContext(request.context());
    try {
      Descriptor top;
      if (platforms.size() == 1) {
        top = buildOne(request, kubefile, context, platforms.get(0));
      } else {
        List<Descriptor> manifests = new ArrayList<>();
        for (Platform platform : platforms) {
          events.onEvent(LogEvent.info("building for " + platform));
          Descriptor m = buildOne(request, kubefile, context, platform);
          manifests.add(new Descriptor(m.mediaType(), m.digest(), m.size(), platform, Map.of()));
        }
        top = ImageAssembler.writeIndex(store, manifests);
      }
      store.setName(name, top);
      events.onEvent(LogEvent.info("COMMIT " + name));
      return store.require(name.toString());
    } catch (IOException e) {
      throw new SealerException(
          "could not build image " + request.tag() + ": " + e.getMessage(), e);
    }
  }

  /** Builds the image of one platform into the store (unnamed) and returns its manifest. */
  private Descriptor buildOne(
      BuildRequest request, Kubefile kubefile, Path context, Platform platform) throws IOException {
    Path tmp = settings.root().resolve("tmp");
    for (Path dead : OwnedDirectory.sweep(tmp, BUILD_PREFIX)) {
      events.onEvent(LogEvent.debug("removed " + dead + ", left by a build that was stopped"));
    }
    try (BuildGuard guard = new BuildGuard(OwnedDirectory.create(tmp, BUILD_PREFIX))) {
      Path work = guard.path();
      Path rootfs = Files.createDirectory(work.resolve("rootfs"));
      BuildState state = new BuildState(guard);
      state.chain = LayerCache.chain("", io.sealer.api.Digest.sha256Of(platform.toString()));
      state.labels.put("io.sealer.version", versionText());
      state.buildArgs.putAll(request.buildArgs());
      LayerCache cache = new LayerCache(settings.root(), store);
      InstructionRunner runner =
          new InstructionRunner(
              store, resolver, registry, cache, request, kubefile, context, rootfs, work, platform,
              state, events);
      runner.runAll();
      state.labels.putAll(request.labels());
      Map<String, String> annotations = new LinkedHashMap<>(request.annotations());
      annotations.put(
          io.sealer.api.build.ImageExtension.ANNOTATION,
          ImageExtensionJson.write(runner.extension(versionText())));
      if (request.mode() == BuildRequest.BuildMode.ALL) {
        runner.materialize();
        imageCache.cache(request, rootfs, work, platform, state, cache, annotations);
      }
      return ImageAssembler.write(store, state, platform, Instant.now(), annotations);
    }
  }

  private String versionText() {
    String v = version.version();
    return v.startsWith("v") || v.equals("unknown") ? v : "v" + v;
  }

  private Kubefile parse(Path file) {
    String text = TextFiles.read(file, "Kubefile", KUBEFILE_LIMIT);
    return parser.parse(String.valueOf(file.getFileName()), text);
  }

  private static Path realContext(Path context) {
    try {
      return context.toRealPath();
    } catch (IOException e) {
      throw new SealerException("could not read build context " + context + ": no such directory");
    }
  }

  /** Makes a {@link ParseException} for a Kubefile position. */
  static ParseException kubefileError(Kubefile kubefile, int line, String reason) {
    return new ParseException(kubefile.fileName(), line, 0, reason);
  }
}
