package io.sealer.api.cluster;

import org.jspecify.annotations.Nullable;

/**
 * {@code spec.registry}. When neither is given the local registry with its defaults is used.
 *
 * @param local the local registry, or null
 * @param external the external registry, or null
 */
public record Registry(@Nullable LocalRegistry local, @Nullable ExternalRegistry external) {
  /** The default: only a local registry at {@code sea.hub:5000}. */
  public static final Registry DEFAULT = new Registry(LocalRegistry.DEFAULT, null);

  /** The URL nodes pull from: the external registry's if one is given, else the local one's. */
  public String url() {
    if (external != null) {
      return external.url();
    }
    return local != null ? local.url() : LocalRegistry.DEFAULT.url();
  }

  /** Whether a local registry is deployed on every master ({@code ha: true}), not only master0. */
  public boolean isHaLocal() {
    return local != null && local.ha();
  }
}
