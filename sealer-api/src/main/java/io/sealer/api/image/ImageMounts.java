package io.sealer.api.image;

import io.sealer.api.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code sealer alpha mount} / {@code umount}: an image's file system made available as a directory
 * ({@code <root>/mounts/<id>/rootfs}) to look at or copy from. Made by extracting the image's
 * layers, so it works without privileges; changes in it are not saved.
 */
public interface ImageMounts {

  /**
   * A mounted image.
   *
   * @param id the mount's id (12 hex characters)
   * @param image the name or id the image was mounted by
   * @param imageId the image id
   * @param rootfs the directory holding the image's files
   */
  record Mount(String id, String image, String imageId, Path rootfs) {}

  /**
   * Mounts the variant of an image for a platform, chosen as {@code
   * io.sealer.api.resolve.ImageResolver} does (default: a single-platform image as it is, this
   * machine's platform from a manifest list).
   *
   * @throws PlatformNotFoundException if the image has no variant for {@code platform}
   */
  Mount mount(String nameOrId, @Nullable Platform platform) throws IOException;

  /** Every mount, sorted by id. */
  List<Mount> list() throws IOException;

  /** Removes a mount by id (or unique id prefix); returns whether it existed. */
  boolean unmount(String id) throws IOException;
}
