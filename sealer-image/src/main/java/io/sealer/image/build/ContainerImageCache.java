package io.sealer.image.build;

import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.SealerSettings;
import io.sealer.api.build.BuildRequest;
import io.sealer.api.build.ContainerImage;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Build mode {@code all}: finds the container images the rootfs needs ({@link
 * ContainerImageScanner}), pulls them for the build platform and writes them into a last {@code
 * registry/} layer, listed in the {@code sealer.image.container.images} annotation.
 */
final class ContainerImageCache {
  private final EventListener events;

  @Inject
  ContainerImageCache(SealerSettings settings) {
    this.events = settings.events();
  }

  void cache(
      BuildRequest request,
      Path rootfs,
      Path work,
      Platform platform,
      BuildState state,
      Map<String, String> annotations) {
    List<ContainerImage> images =
        ContainerImageScanner.builder(rootfs)
            .platform(platform)
            .imageList(request.imageList())
            .ignoredImageList(request.ignoredImageList())
            .events(events)
            .build()
            .scan();
    if (images.isEmpty()) {
      events.onEvent(LogEvent.info("no container images to cache"));
      return;
    }
    throw new SealerException(
        "could not cache container images "
            + images.stream().map(ContainerImage::image).toList()
            + ": pulling them needs the registry client, not yet in this build;"
            + " use --build-mode lite");
  }
}
