package io.sealer.ipvs;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a real server is probed: an HTTP(S) {@code GET <scheme>://<ip>:<port><path>}. Any HTTP
 * response counts as healthy; a refused connection, a failed TLS handshake, a connection closed
 * without a response or no response within {@code timeout} counts as unhealthy. The server's TLS
 * certificate is not verified (only for this probe): the API server's certificate names the
 * masters, not the IP the probe dials, and the probe asks only "does it answer?".
 *
 * @param scheme http or https
 * @param path the request path, starting with {@code /}
 * @param timeout the most one probe may take, connect included
 */
public record HealthCheck(Scheme scheme, String path, Duration timeout) {
  /** Sealer's default for the API server: {@code https}, {@code /healthz}. */
  public static final String DEFAULT_PATH = "/healthz";

  /** Sealer's default timeout of one probe. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  /** The protocol of the probe. */
  public enum Scheme {
    /** Plain HTTP. */
    HTTP,
    /** HTTP over TLS, certificate not verified. */
    HTTPS;

    /**
     * Parses {@code http} or {@code https} (any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Scheme parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "http" -> HTTP;
        case "https" -> HTTPS;
        default ->
            throw new IllegalArgumentException(
                "invalid health scheme '" + text + "': expected http or https");
      };
    }

    /** {@code http} or {@code https}. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Validates the parts. */
  public HealthCheck {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(timeout, "timeout");
    if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new IllegalArgumentException(
          "invalid health path '" + path + "': it must start with / and hold no spaces");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("health probe timeout must be positive: " + timeout);
    }
  }

  /** Sealer's API server check: {@code GET https://<rs>/healthz}. */
  public static HealthCheck defaults() {
    return new HealthCheck(Scheme.HTTPS, DEFAULT_PATH, DEFAULT_TIMEOUT);
  }

  /** This check with another timeout. */
  public HealthCheck withTimeout(Duration newTimeout) {
    return new HealthCheck(scheme, path, newTimeout);
  }

  /** The URL probed on a real server, for messages. */
  public String url(Endpoint rs) {
    return scheme + "://" + rs + path;
  }
}
