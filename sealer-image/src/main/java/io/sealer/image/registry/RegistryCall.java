package io.sealer.image.registry;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request to a registry: what it does (for error messages), the method, the URL (a path under
 * the registry's base or an absolute URL such as an upload location), the media types it accepts,
 * extra headers, a body and how to read the response.
 *
 * @param description what the call does, e.g. {@code pull manifest of a/b:1}
 * @param method HTTP method
 * @param url {@code /v2/...} or an absolute URL
 * @param accept accepted media types (none: any)
 * @param headers further headers
 * @param body the body, written afresh for each attempt; {@code null} for none
 * @param handler reads every response that is not an authentication challenge, a redirect or a
 *     retryable server error
 * @param retryable whether a failure before the response arrives may simply be retried
 * @param timeoutMillis how long to wait for the answer or the next byte of it; 0 for the
 *     transport's stall timeout
 */
record RegistryCall<T>(
    String description,
    String method,
    String url,
    List<String> accept,
    Map<String, String> headers,
    HttpTransport.@Nullable Body body,
    Handler<T> handler,
    boolean retryable,
    int timeoutMillis) {

  /** Reads a response; must consume or close the body. */
  @FunctionalInterface
  interface Handler<T> {
    T handle(HttpTransport.Response response) throws IOException;
  }

  RegistryCall {
    accept = List.copyOf(accept);
    headers = Map.copyOf(headers);
  }

  static <T> RegistryCall<T> get(String description, String url, Handler<T> handler) {
    return new RegistryCall<>(description, "GET", url, List.of(), Map.of(), null, handler, true, 0);
  }

  RegistryCall<T> withAccept(List<String> types) {
    return new RegistryCall<>(
        description, method, url, types, headers, body, handler, retryable, timeoutMillis);
  }

  RegistryCall<T> withHeaders(Map<String, String> more) {
    return new RegistryCall<>(
        description, method, url, accept, more, body, handler, retryable, timeoutMillis);
  }

  static <T> RegistryCall<T> of(
      String description,
      String method,
      String url,
      HttpTransport.@Nullable Body body,
      Handler<T> handler) {
    return new RegistryCall<>(
        description, method, url, List.of(), Map.of(), body, handler, true, 0);
  }

  /** A copy that waits at least {@code millis} for its answer (the server works before it). */
  RegistryCall<T> withTimeout(int millis) {
    return new RegistryCall<>(
        description, method, url, accept, headers, body, handler, retryable, millis);
  }

  RegistryCall<T> notRetryable() {
    return new RegistryCall<>(
        description, method, url, accept, headers, body, handler, false, timeoutMillis);
  }
}
