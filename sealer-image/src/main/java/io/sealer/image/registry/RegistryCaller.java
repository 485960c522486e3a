package io.sealer.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.registry.ManifestUnknownException;
import io.sealer.api.registry.RegistryAuthenticationException;
import io.sealer.api.registry.RegistryCertificateException;
import io.sealer.api.registry.RegistryException;
import io.sealer.api.registry.RegistryUnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * Sends {@link RegistryCall}s to one repository of one registry and owns what they share: the
 * scheme (https, or http for an insecure registry), authentication (basic, or a bearer token for
 * the repository's scopes, refreshed on 401), retries of failed attempts with exponential backoff,
 * and redirects (the Authorization header only goes to the registry's own host and port, and never
 * from TLS down to plain HTTP). Thread-safe.
 */
final class RegistryCaller {
  static final int MAX_ATTEMPTS = 5;
  private static final int MAX_REDIRECTS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryEndpoint endpoint;
  private final String repository;
  private final List<String> scopes;
  private final @Nullable Credential credential;
  private final EventListener events;
  private volatile @Nullable String scheme;
  private volatile @Nullable String authorization;

  RegistryCaller(
      RegistryEndpoint endpoint,
      String repository,
      List<String> scopes,
      @Nullable Credential credential,
      EventListener events) {
    this.endpoint = endpoint;
    this.repository = repository;
    this.scopes = List.copyOf(scopes);
    this.credential = credential;
    this.events = events;
  }

  String registry() {
    return endpoint.registry();
  }

  String repository() {
    return repository;
  }

  /**
   * Checks that the registry answers {@code /v2/}, picks the scheme and authenticates up front so
   * that later calls need no challenge round trip.
   *
   * @param requireAuth fail unless the credentials were accepted (for {@code login})
   */
  synchronized void ping(boolean requireAuth) {
    if (scheme != null && !requireAuth) {
      return;
    }
    String chosen = "https";
    URI https = URI.create("https://" + endpoint.apiHost() + "/v2/");
    HttpTransport.Response response = null;
    String known = endpoint.scheme().get();
    if (known != null) {
      chosen = known;
      response = sendWithRetries(get(URI.create(known + "://" + endpoint.apiHost() + "/v2/")));
    } else if (endpoint.insecure()) {
      // an insecure registry: plain HTTP if /v2/ answers there (no TLS handshake to pay for),
      // else TLS without verification
      response = null;
      try {
        HttpTransport.Response plain =
            sendOnce(
                HttpTransport.Request.get(URI.create("http://" + endpoint.apiHost() + "/v2/"))
                    .withTimeout(Math.min(5000, stallMillis())));
        if (plain.statusCode() == 200 || plain.statusCode() == 401) {
          chosen = "http";
          response = plain;
        } else {
          plain.discard();
        }
      } catch (IOException e) {
        events.log(LogEvent.debug("no plain HTTP at " + registry() + " (" + e + "), trying TLS"));
      }
      if (response == null) {
        response = sendWithRetries(get(https));
      }
    } else {
      try {
        response = sendWithRetries(get(https));
      } catch (NotTlsException e) {
        throw new RegistryCertificateException(
            registry(),
            "could not connect to registry "
                + registry()
                + ": it does not speak TLS; use --skip-tls-verify for a plain-HTTP registry",
            e.getCause());
      }
    }
    scheme = chosen;
    endpoint.scheme().set(chosen);
    response.discard();
    if (response.statusCode() == 401) {
      authenticate(response, null);
      if (requireAuth) {
        String auth = authorization;
        HttpTransport.Request check =
            new HttpTransport.Request(
                "GET",
                base("/v2/"),
                auth != null ? Map.of("Authorization", auth) : Map.of(),
                null,
                0);
        HttpTransport.Response again = sendWithRetries(check);
        again.discard();
        if (again.statusCode() == 401) {
          throw refused("log in");
        }
      }
    } else if (requireAuth && response.statusCode() != 200) {
      throw new RegistryException(
          registry(),
          "could not log in to registry "
              + registry()
              + ": /v2/ answered HTTP "
              + response.statusCode());
    }
  }

  /** Runs a call: authenticates on a challenge, follows redirects and retries what may be. */
  <T> T call(RegistryCall<T> call) throws IOException {
    ping(false);
    URI uri = base(call.url());
    boolean reauthenticated = false;
    int redirects = 0;
    int stalls = 0;
    for (int attempt = 1; ; attempt++) {
      String authUsed = authorization;
      HttpTransport.Response response;
      try {
        response = sendOnce(request(call, uri));
      } catch (IOException e) {
        if (!call.retryable()) {
          throw e;
        }
        // a registry that stays silent twice in a row is not going to answer: no more waiting
        if (attempt >= MAX_ATTEMPTS || (stalled(e) && ++stalls >= 2)) {
          throw unreachable(call.description(), e);
        }
        backoff(call.description(), attempt, e.toString());
        continue;
      }
      int status = response.statusCode();
      if (status == 401 && !reauthenticated && sameHost(uri)) {
        response.discard();
        authenticate(response, authUsed);
        reauthenticated = true;
        attempt--;
        continue;
      }
      if (status == 401) {
        response.discard();
        throw refused(call.description());
      }
      Optional<String> location = response.header("Location");
      if (status >= 300 && status < 400 && status != 304 && location.isPresent()) {
        response.discard();
        if (++redirects > MAX_REDIRECTS) {
          throw new RegistryException(
              registry(), "could not " + call.description() + ": too many redirects");
        }
        uri = uri.resolve(location.get());
        attempt--;
        continue;
      }
      if ((status >= 500 || status == 429) && attempt < MAX_ATTEMPTS) {
        response.discard();
        if (!call.retryable()) {
          throw new IOException("HTTP " + status + " from " + registry());
        }
        backoff(call.description(), attempt, "HTTP " + status);
        continue;
      }
      try (InputStream body = response.body()) {
        return call.handler().handle(response);
      } catch (IOException e) {
        if (!call.retryable() || attempt >= MAX_ATTEMPTS || (stalled(e) && ++stalls >= 2)) {
          throw e;
        }
        backoff(call.description(), attempt, e.toString());
      }
    }
  }

  /** Resolves a {@code /v2/...} path or an absolute URL against the registry's base. */
  URI base(String url) {
    if (url.startsWith("http://") || url.startsWith("https://")) {
      return URI.create(url);
    }
    String s = scheme != null ? scheme : "https";
    return URI.create(s + "://" + endpoint.apiHost()).resolve(url);
  }

  /** The error to throw for a response a handler did not expect. */
  RegistryException failure(String description, HttpTransport.Response response) {
    String code = "";
    String message = "";
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(64 * 1024);
      JsonNode errors = JSON.readTree(bytes).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        code = errors.get(0).path("code").asText("");
        message = errors.get(0).path("message").asText("");
      }
    } catch (IOException | RuntimeException e) {
      // the body is only used for the message
    }
    int status = response.statusCode();
    String reason =
        "HTTP "
            + status
            + (code.isEmpty() ? "" : " " + code + (message.isEmpty() ? "" : ": " + message));
    String text = "could not " + description + " at " + registry() + ": " + reason;
    if (status == 404
        && (code.isEmpty() || code.equals("MANIFEST_UNKNOWN") || code.equals("NAME_UNKNOWN"))) {
      return new ManifestUnknownException(registry(), text);
    }
    if (status == 403 || code.equals("DENIED") || code.equals("UNAUTHORIZED")) {
      return new RegistryAuthenticationException(
          registry(), text + " (check your rights; 'sealer login " + registry() + "')");
    }
    return new RegistryException(registry(), text);
  }

  private void authenticate(HttpTransport.Response response, @Nullable String authUsed) {
    synchronized (this) {
      String current = authorization;
      if (authUsed == null ? current != null : !authUsed.equals(current)) {
        return; // another thread refreshed it already
      }
      AuthChallenge challenge =
          response
              .header("WWW-Authenticate")
              .flatMap(AuthChallenge::parse)
              .orElse(new AuthChallenge("basic", java.util.Map.of()));
      if (challenge.isBearer()) {
        authorization = "Bearer " + fetchToken(challenge);
      } else {
        if (credential == null) {
          throw new RegistryAuthenticationException(
              registry(),
              "could not authenticate to registry "
                  + registry()
                  + ": it requires credentials; run 'sealer login "
                  + registry()
                  + "'");
        }
        if (credential.basicHeader().equals(current)) {
          throw refused("authenticate");
        }
        authorization = credential.basicHeader();
      }
    }
  }

  private String fetchToken(AuthChallenge challenge) {
    String realm = challenge.parameters().get("realm");
    if (realm == null) {
      throw new RegistryException(
          registry(), "could not authenticate to registry " + registry() + ": no token realm");
    }
    StringBuilder query = new StringBuilder();
    String service = challenge.parameters().get("service");
    if (service != null) {
      query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
    }
    for (String scope : scopes) {
      query.append(query.length() > 0 ? "&" : "");
      query.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    }
    URI uri =
        URI.create(realm + (query.length() > 0 ? (realm.contains("?") ? "&" : "?") + query : ""));
    HttpTransport.Request request =
        new HttpTransport.Request(
            "GET",
            uri,
            credential != null ? Map.of("Authorization", credential.basicHeader()) : Map.of(),
            null,
            0);
    HttpTransport.Response response = sendWithRetries(request);
    try (InputStream in = response.body()) {
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        throw refused("get a token");
      }
      if (response.statusCode() != 200) {
        throw new RegistryException(
            registry(),
            "could not get a token from "
                + uri.getHost()
                + " for registry "
                + registry()
                + ": HTTP "
                + response.statusCode());
      }
      JsonNode json = JSON.readTree(in.readNBytes(1024 * 1024));
      String token = json.path("token").asText(json.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new RegistryException(
            registry(), "could not get a token for registry " + registry() + ": empty answer");
      }
      return token;
    } catch (IOException e) {
      throw unreachable("get a token", e);
    }
  }

  private RegistryAuthenticationException refused(String action) {
    String who =
        credential == null
            ? "anonymous access"
            : "the credentials of user " + credential.username();
    return new RegistryAuthenticationException(
        registry(),
        "could not "
            + action
            + " at registry "
            + registry()
            + ": it refused "
            + who
            + "; run 'sealer login "
            + registry()
            + "' with valid credentials");
  }

  private HttpTransport.Request get(URI uri) {
    return HttpTransport.Request.get(uri);
  }

  private HttpTransport.Request request(RegistryCall<?> call, URI uri) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (!call.accept().isEmpty()) {
      headers.put("Accept", String.join(", ", call.accept()));
    }
    headers.putAll(call.headers());
    String auth = authorization;
    if (auth != null && sameHost(uri)) {
      headers.put("Authorization", auth);
    }
    int timeout = call.timeoutMillis() > 0 ? Math.max(call.timeoutMillis(), stallMillis()) : 0;
    return new HttpTransport.Request(call.method(), uri, headers, call.body(), timeout);
  }

  /**
   * Whether a URL is the registry's own, so that its credentials may go there: the same host and
   * port, and not plain HTTP when the registry is reached over TLS (a redirect from https to http
   * on the same host must not put the credentials on the wire in clear).
   */
  private boolean sameHost(URI uri) {
    String authority = uri.getAuthority();
    if (authority == null || !authority.equalsIgnoreCase(endpoint.apiHost())) {
      return false;
    }
    return !"http".equalsIgnoreCase(uri.getScheme()) || "http".equals(scheme);
  }

  private HttpTransport.Response sendWithRetries(HttpTransport.Request request) {
    for (int attempt = 1; ; attempt++) {
      try {
        HttpTransport.Response response = sendOnce(request);
        if (response.statusCode() >= 500 && attempt < MAX_ATTEMPTS) {
          response.discard();
          backoff("reach " + request.uri(), attempt, "HTTP " + response.statusCode());
          continue;
        }
        return response;
      } catch (IOException e) {
        // a registry that accepts and stays silent is not going to answer a retry either
        if (attempt >= 3 || stalled(e)) {
          throw unreachable("connect", e);
        }
        backoff("reach " + request.uri(), attempt, e.toString());
      }
    }
  }

  private HttpTransport.Response sendOnce(HttpTransport.Request request) throws IOException {
    try {
      return endpoint.http().send(request);
    } catch (SSLHandshakeException e) {
      throw certificate(e);
    } catch (SSLException e) {
      if (String.valueOf(e.getMessage()).contains("nrecognized SSL message")) {
        throw new NotTlsException(e);
      }
      throw e;
    }
  }

  private RegistryCertificateException certificate(SSLHandshakeException e) {
    return new RegistryCertificateException(
        registry(),
        "could not connect to registry "
            + registry()
            + ": its TLS certificate is not trusted ("
            + e.getMessage()
            + "); put its CA in ~/.sealer/certs.d/"
            + registry()
            + "/ca.crt or use --skip-tls-verify",
        e);
  }

  private RegistryUnreachableException unreachable(String action, IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof java.net.ConnectException) {
      reason = "connection refused";
    } else if (e instanceof java.net.UnknownHostException) {
      reason = "unknown host " + e.getMessage();
    } else if (stalled(e)) {
      return stalled(action, e);
    }
    String what =
        action.equals("connect")
            ? "could not reach registry " + registry()
            : "could not " + action + " at registry " + registry();
    return new RegistryUnreachableException(
        registry(), what + ": " + reason + "; check the address and your network", e);
  }

  private void backoff(String what, int attempt, String reason) {
    long millis = Math.min(4000, 200L << (attempt - 1));
    millis += ThreadLocalRandom.current().nextLong(millis / 4 + 1);
    events.log(
        LogEvent.debug(
            "retrying "
                + what
                + " at "
                + registry()
                + " in "
                + millis
                + " ms after "
                + reason
                + " (attempt "
                + attempt
                + "/"
                + MAX_ATTEMPTS
                + ")"));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(registry(), "could not " + what + ": interrupted");
    }
  }

  /** Whether a failure is the stall timeout: nothing arrived for that long. */
  static boolean stalled(IOException e) {
    return e instanceof java.net.SocketTimeoutException;
  }

  /** The stall timeout: how long a transfer or an answer may go without a byte. */
  int stallMillis() {
    return endpoint.http().readTimeoutMillis();
  }

  /**
   * The error for a registry that went silent: names it, says how long we waited and how to wait
   * longer on a slow link.
   */
  RegistryUnreachableException stalled(String action, IOException e) {
    String what =
        action.equals("connect")
            ? "could not reach registry " + registry()
            : "could not " + action + " at registry " + registry();
    return new RegistryUnreachableException(
        registry(),
        what
            + ": it went silent (no byte came or went for "
            + seconds(stallMillis())
            + "); on a slow link allow longer with "
            + DefaultRegistryClient.STALL_TIMEOUT_VARIABLE
            + "=<seconds>",
        e);
  }

  private static String seconds(int millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format("%.1f s", millis / 1000.0);
  }

  /** A plain-HTTP server answered a TLS handshake. */
  private static final class NotTlsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotTlsException(Throwable cause) {
      super(cause);
    }
  }

  /** Waits before another attempt of something that failed. */
  void pause(String what, int attempt, String reason) {
    backoff(what, attempt, reason);
  }

  /** The error after the last failed attempt of something that cannot be reached. */
  RegistryUnreachableException unreachable(String action, IOException e, int attempts) {
    return unreachable(action + " (after " + attempts + " attempts)", e);
  }
}
