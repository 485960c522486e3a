package io.sealer.api;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Docker-style image reference, always held in its normalised form: {@code nginx} is {@code
 * docker.io/library/nginx:latest}; a registry host is recognised by a dot, a port or the name
 * {@code localhost}; a reference may carry a tag, a digest ({@code @sha256:...}) or both.
 *
 * <p>Parsing follows the grammar of the Docker distribution project: lower-case path components
 * separated by {@code /}, a tag of at most 128 word characters, dots and dashes. An upper-case
 * repository is refused with a message that says so.
 */
public final class ImageReference {
  /** The registry that unqualified names resolve to. */
  public static final String DOCKER_HUB = "docker.io";

  /** The tag used when a reference names neither a tag nor a digest. */
  public static final String DEFAULT_TAG = "latest";

  private static final Pattern DOMAIN_COMPONENT =
      Pattern.compile("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:"
              + DOMAIN_COMPONENT
              + "(?:\\."
              + DOMAIN_COMPONENT
              + ")*|\\[[0-9a-fA-F:.]+\\])(?::([0-9]+))?");
  private static final int MAX_PORT = 65535;
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final int MAX_NAME_LENGTH = 255;

  private final String registry;
  private final String repository;
  private final @Nullable String tag;
  private final @Nullable Digest digest;

  private ImageReference(
      String registry, String repository, @Nullable String tag, @Nullable Digest digest) {
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /**
   * Parses and normalises a reference.
   *
   * @throws InvalidReferenceException if the text is not a valid reference
   */
  public static ImageReference parse(String text) {
    Objects.requireNonNull(text, "text");
    String input = text;
    if (input.isEmpty()) {
      throw new InvalidReferenceException("image reference", text, "it is empty");
    }
    if (!input.strip().equals(input)) {
      throw new InvalidReferenceException(
          "image reference", text, "it has leading or trailing blanks");
    }
    String rest = input;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Digest.parse(rest.substring(at + 1));
      } catch (InvalidReferenceException e) {
        throw new InvalidReferenceException(
            "image reference", text, "bad digest after '@' (" + e.getMessage() + ")");
      }
      rest = rest.substring(0, at);
    }
    String tag = null;
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new InvalidReferenceException(
            "image reference",
            text,
            "tag \"" + tag + "\" must be 1-128 letters, digits, '_', '.' or '-'");
      }
    }
    String registry = DOCKER_HUB;
    String path = rest;
    int slash = rest.indexOf('/');
    if (slash > 0 && hasRegistryHost(rest)) {
      registry = rest.substring(0, slash);
      path = rest.substring(slash + 1);
      var host = DOMAIN.matcher(registry);
      if (!host.matches()) {
        throw new InvalidReferenceException(
            "image reference", text, "invalid registry host \"" + registry + "\"");
      }
      if (host.group(1) != null
          && (host.group(1).length() > 5 || Integer.parseInt(host.group(1)) > MAX_PORT)) {
        throw new InvalidReferenceException(
            "image reference", text, "registry port " + host.group(1) + " is above " + MAX_PORT);
      }
    }
    registry = normaliseRegistry(registry);
    checkRepository(text, path);
    if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
      path = "library/" + path;
    }
    if (registry.length() + 1 + path.length() > MAX_NAME_LENGTH) {
      throw new InvalidReferenceException(
          "image reference", text, "name longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new ImageReference(registry, path, tag, digest);
  }

  /**
   * Whether the first component of {@code text} names a registry host, by Docker's rule: it is
   * followed by {@code /} and contains a dot or a colon, is {@code localhost}, or has upper-case
   * letters (which a repository never has).
   */
  public static boolean hasRegistryHost(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    String first = text.substring(0, slash);
    return first.contains(".")
        || first.contains(":")
        || first.equals("localhost")
        || !first.toLowerCase(Locale.ROOT).equals(first);
  }

  /** Whether {@code text} parses as an image reference. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (InvalidReferenceException e) {
      return false;
    }
  }

  private static void checkRepository(String text, String path) {
    if (path.isEmpty()) {
      throw new InvalidReferenceException("image reference", text, "repository name is empty");
    }
    for (String component : path.split("/", -1)) {
      if (PATH_COMPONENT.matcher(component).matches()) {
        continue;
      }
      if (PATH_COMPONENT.matcher(component.toLowerCase(Locale.ROOT)).matches()) {
        throw new InvalidReferenceException(
            "image reference", text, "repository name must be lowercase");
      }
      throw new InvalidReferenceException(
          "image reference",
          text,
          "repository path component \""
              + component
              + "\" must be lower-case letters and digits, separated by '.', '_', '__' or '-'");
    }
  }

  private static String normaliseRegistry(String registry) {
    return switch (registry) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
      default -> registry;
    };
  }

  /** The registry host, with port if one was given; {@code docker.io} for Docker Hub. */
  public String registry() {
    return registry;
  }

  /**
   * Whether the registry is on this machine ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]},
   * with any port). Like Docker, Sealer lets such registries answer in plain HTTP without {@code
   * --skip-tls-verify}; TLS, when spoken, is still verified.
   */
  public boolean isLoopbackRegistry() {
    int colon = registry.lastIndexOf(':');
    String host = colon > 0 ? registry.substring(0, colon) : registry;
    return host.equals("localhost") || host.matches("127(\\.[0-9]{1,3}){3}");
  }

  /** The host to send registry API requests to ({@code registry-1.docker.io} for Docker Hub). */
  public String registryApiHost() {
    return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  /** The repository path without the registry, e.g. {@code library/nginx}. */
  public String repository() {
    return repository;
  }

  /** The tag, or {@code null} for a reference by digest only. */
  public @Nullable String tag() {
    return tag;
  }

  /** The digest, or {@code null}. */
  public @Nullable Digest digest() {
    return digest;
  }

  /** The tag if there is one, else the digest: what to ask the registry for. */
  public String tagOrDigest() {
    return digest != null ? digest.toString() : Objects.requireNonNull(tag);
  }

  /** {@code registry/repository}, without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  /** A copy with another tag and no digest. */
  public ImageReference withTag(String newTag) {
    return parse(name() + ":" + newTag);
  }

  /** A copy with the given digest and no tag. */
  public ImageReference withDigest(Digest newDigest) {
    return new ImageReference(registry, repository, null, newDigest);
  }

  /** A copy with another repository in the same registry. */
  public ImageReference withRepository(String newRepository) {
    return parse(registry + "/" + newRepository + suffix());
  }

  private String suffix() {
    return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }

  /** The fully qualified, normalised text, e.g. {@code docker.io/library/nginx:latest}. */
  @Override
  public String toString() {
    return name() + suffix();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageReference other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
