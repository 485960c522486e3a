package io.sealer.api.build;

import io.sealer.api.SealerException;

/**
 * Two container images to cache share a repository path but come from different registries. The
 * cache inside a ClusterImage stores images by repository path without the registry (as the
 * cluster's registry serves them), so one would silently replace the other; Sealer does that, we
 * refuse.
 */
public class ImageRepositoryConflictException extends SealerException {
  private static final long serialVersionUID = 1L;

  private final String repository;
  private final String first;
  private final String second;

  /**
   * Creates the exception.
   *
   * @param repository the shared repository path, e.g. {@code library/nginx}
   * @param first one image
   * @param second the other image
   */
  public ImageRepositoryConflictException(String repository, String first, String second) {
    super(
        "could not cache container images "
            + first
            + " and "
            + second
            + ": both would be stored as repository "
            + repository
            + " in the image's registry/ (the registry host is not part of the path); "
            + "keep only one of them or list the other in --ignored-image-list");
    this.repository = repository;
    this.first = first;
    this.second = second;
  }

  /** The shared repository path. */
  public String repository() {
    return repository;
  }

  /** The first image found. */
  public String first() {
    return first;
  }

  /** The image that collides with it. */
  public String second() {
    return second;
  }
}
