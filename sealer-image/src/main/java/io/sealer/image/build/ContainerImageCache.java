package io.sealer.image.build;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.build.BuildRequest;
import io.sealer.api.build.ContainerImage;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.image.BlobWriter;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.PullPolicy;
import io.sealer.api.registry.PullResult;
import io.sealer.api.registry.PushOptions;
import io.sealer.api.registry.RegistryClient;
import io.sealer.api.registry.RegistryException;
import io.sealer.api.registry.RegistryLogin;
import io.sealer.filesystem.LayerDigests;
import io.sealer.filesystem.LayerWriter;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Build mode {@code all}: finds the container images the rootfs needs ({@link
 * ContainerImageScanner}), pulls each for the build platform into the local store (through the
 * registry client, so credentials and TLS trust are the same as {@code sealer pull}), writes them
 * into the registry v2 layout ({@link RegistryLayoutWriter}) of a last {@code registry/} layer and
 * lists them in the {@code sealer.image.container.images} annotation. Names the pulls added to the
 * store are removed again; their blobs stay until {@code sealer prune}.
 */
final class ContainerImageCache {
  private final ImageStore store;
  private final RegistryClient registry;
  private final EventListener events;

  @Inject
  ContainerImageCache(ImageStore store, RegistryClient registry, SealerSettings settings) {
    this.store = store;
    this.registry = registry;
    this.events = settings.events();
  }

  void cache(
      BuildRequest request,
      Path rootfs,
      Path work,
      Platform platform,
      BuildState state,
      LayerCache cache,
      Map<String, String> annotations)
      throws IOException {
    RegistryClient client = registry;
    List<ImageReference> authenticated = new ArrayList<>();
    if (request.imageListWithAuth() != null) {
      // credentials of this file are used for these pulls only, never saved or printed
      List<RegistryLogin> logins = new ArrayList<>();
      for (ImageListWithAuth.Section section :
          ImageListWithAuth.read(request.imageListWithAuth())) {
        authenticated.addAll(section.images());
        if (!section.registry().isEmpty()) {
          logins.add(new RegistryLogin(section.registry(), section.username(), section.password()));
        } else {
          for (ImageReference image : section.images()) {
            logins.add(new RegistryLogin(image.registry(), section.username(), section.password()));
          }
        }
      }
      client = registry.withLogins(logins);
    }
    List<ContainerImage> images =
        ContainerImageScanner.builder(rootfs)
            .platform(platform)
            .imageList(request.imageList())
            .ignoredImageList(request.ignoredImageList())
            .authenticatedImages(authenticated)
            .events(events)
            .build()
            .scan();
    if (images.isEmpty()) {
      events.onEvent(LogEvent.info("no container images to cache"));
      return;
    }
    Path registryDir = work.resolve("image-cache").resolve("registry");
    Files.createDirectories(registryDir);
    RegistryLayoutWriter writer = new RegistryLayoutWriter(registryDir);
    StringBuilder inputs = new StringBuilder();
    Map<String, Boolean> done = new LinkedHashMap<>();
    for (ContainerImage image : images) {
      if (done.put(image.image(), true) != null) {
        continue;
      }
      inputs
          .append(image.image())
          .append(' ')
          .append(cacheOne(client, image.image(), platform, writer));
      inputs.append('\n');
    }
    String text = "CACHE IMAGES " + platform;
    String key = LayerCache.key(state.chain, text, inputs.toString());
    LayerDigests layer = request.noCache() ? null : cache.find(key).orElse(null);
    if (layer == null) {
      try (BlobWriter blob = store.newBlob(null)) {
        layer = new LayerWriter().addDirectory(registryDir, "registry").writeTo(blob.stream());
        blob.commit();
      }
      cache.put(key, layer);
    }
    state.addLayer(layer, MediaTypes.OCI_LAYER_GZIP, "sealer: cache container images");
    annotations.put(
        ImageExtension.CONTAINER_IMAGES_ANNOTATION,
        ImageExtensionJson.writeContainerImages(images));
    events.onEvent(LogEvent.info("cached " + done.size() + " container images into registry/"));
  }

  /** Pulls one image and writes it into the layout; returns its manifest digest. */
  private Digest cacheOne(
      RegistryClient client, String name, Platform platform, RegistryLayoutWriter writer)
      throws IOException {
    ImageReference ref = ImageReference.parse(name);
    boolean wasNamed = store.find(ref.toString()).isPresent();
    PullResult pulled;
    try {
      events.onEvent(LogEvent.info("caching " + ref + " (" + platform + ")"));
      pulled =
          client.pull(
              ref, new PullOptions(platform, PullPolicy.MISSING, false, PushOptions.DEFAULT_JOBS));
    } catch (RegistryException e) {
      throw new SealerException(
          "could not cache container image "
              + ref
              + " from "
              + ref.registry()
              + ": "
              + e.getMessage(),
          e);
    }
    try {
      byte[] manifest = store.readBlob(pulled.manifest().digest());
      Map<Digest, RegistryLayoutWriter.BlobSource> blobs = new LinkedHashMap<>();
      for (Digest d : RegistryLayoutWriter.referencedBlobs(manifest)) {
        blobs.put(d, () -> store.openBlob(d));
      }
      String repository = RegistryLayoutWriter.repositoryOf(ref);
      if (ref.tag() != null) {
        return writer.writeImage(repository, ref.tag(), manifest, blobs);
      }
      for (Map.Entry<Digest, RegistryLayoutWriter.BlobSource> e : blobs.entrySet()) {
        writer.writeBlob(e.getKey(), e.getValue());
        writer.linkLayer(repository, e.getKey());
      }
      return writer.writeManifest(repository, manifest);
    } finally {
      if (!wasNamed) {
        store.removeName(pulled.image());
      }
    }
  }
}
