package io.sealer.image.registry;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Where and how to reach one registry.
 *
 * @param registry the registry as users name it, e.g. {@code docker.io} or {@code host:5000}
 * @param apiHost the host (and port) API requests go to
 * @param insecure whether plain HTTP is allowed (--skip-tls-verify, or a registry on this machine);
 *     whether TLS is verified is decided by the HTTP client's SSL context
 * @param http the HTTP client, trusting the system CAs plus the registry's {@code certs.d} CAs
 * @param scheme the scheme found to work ({@code https} or {@code http}), once known
 */
record RegistryEndpoint(
    String registry,
    String apiHost,
    boolean insecure,
    HttpTransport http,
    AtomicReference<String> scheme) {}
