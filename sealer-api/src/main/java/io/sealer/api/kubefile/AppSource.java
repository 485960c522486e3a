package io.sealer.api.kubefile;

import java.util.Objects;

/**
 * One source of an APP, CNI or CSI instruction.
 *
 * @param uri the source as written: {@code local://path} (relative to the build context), {@code
 *     http://...} or {@code https://...}
 */
public record AppSource(String uri) {
  /** The scheme prefix of a file in the build context. */
  public static final String LOCAL = "local://";

  /** Checks the scheme. */
  public AppSource {
    Objects.requireNonNull(uri, "uri");
    if (!uri.startsWith(LOCAL) && !uri.startsWith("http://") && !uri.startsWith("https://")) {
      throw new IllegalArgumentException("not a local://, http:// or https:// source: " + uri);
    }
  }

  /** True for a file or directory of the build context. */
  public boolean isLocal() {
    return uri.startsWith(LOCAL);
  }

  /** The path relative to the build context, for a local source. */
  public String localPath() {
    if (!isLocal()) {
      throw new IllegalStateException("not a local source: " + uri);
    }
    return uri.substring(LOCAL.length());
  }

  /** The file name a remote source is downloaded to: the last segment of the URL path. */
  public String remoteFileName() {
    if (isLocal()) {
      throw new IllegalStateException("not a remote source: " + uri);
    }
    String path = uri.replaceFirst("^https?://[^/]*", "");
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    int slash = path.lastIndexOf('/');
    return path.substring(slash + 1);
  }
}
