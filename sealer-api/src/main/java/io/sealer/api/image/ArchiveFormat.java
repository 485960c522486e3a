package io.sealer.api.image;

import io.sealer.api.SealerException;
import java.util.Locale;

/** The archive formats of {@code sealer save}. */
public enum ArchiveFormat {
  /** A tar of an OCI image layout, names in {@code org.opencontainers.image.ref.name}. */
  OCI_ARCHIVE("oci-archive"),
  /**
   * A tar as {@code docker save} writes it: {@code manifest.json}, configs, uncompressed layers.
   */
  DOCKER_ARCHIVE("docker-archive");

  private final String cliName;

  ArchiveFormat(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line, e.g. {@code oci-archive}. */
  public String cliName() {
    return cliName;
  }

  /** Parses a command-line name. */
  public static ArchiveFormat parse(String text) {
    for (ArchiveFormat f : values()) {
      if (f.cliName.equals(text.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new SealerException(
        "could not use archive format \"" + text + "\": expected oci-archive or docker-archive");
  }
}
