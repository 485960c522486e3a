package io.sealer.api.image;

import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** An image has no variant for the platform that was asked for; names the ones it has. */
public class PlatformNotFoundException extends SealerException {
  private static final long serialVersionUID = 1L;

  private final String image;
  private final Platform wanted;
  private final List<Platform> available;

  /**
   * Creates the exception.
   *
   * @param image the image's name or id as the user knows it
   * @param wanted the platform asked for
   * @param available the platforms the image has, in its order
   */
  public PlatformNotFoundException(String image, Platform wanted, List<Platform> available) {
    super(message(image, wanted, available));
    this.image = image;
    this.wanted = Objects.requireNonNull(wanted, "wanted");
    this.available = List.copyOf(available);
  }

  private static String message(String image, Platform wanted, List<Platform> available) {
    String has =
        available.isEmpty()
            ? "it lists no platform"
            : "it has "
                + available.stream().map(Platform::toString).collect(Collectors.joining(", "));
    return "image " + image + " has no " + wanted + " variant; " + has;
  }

  /** The image's name or id. */
  public String image() {
    return image;
  }

  /** The platform asked for. */
  public Platform wanted() {
    return wanted;
  }

  /** The platforms the image has. */
  public List<Platform> available() {
    return available;
  }
}
