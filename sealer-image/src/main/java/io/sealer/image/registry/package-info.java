/**
 * The OCI distribution client: each registry request is a small {@link
 * io.sealer.image.registry.RegistryCall}; one {@link io.sealer.image.registry.RegistryCaller} per
 * repository owns authentication, retries with backoff and redirects; {@link
 * io.sealer.image.registry.HttpTransport} carries requests over blocking, kept-alive HTTP/1.1
 * connections (idle ones in a {@link io.sealer.image.registry.ConnectionPool}, bodies a server
 * stopped reading cut by a {@link io.sealer.image.registry.WriteWatchdog}); {@link
 * io.sealer.image.registry.ImagePusher} and {@link io.sealer.image.registry.ImagePuller} move blobs
 * in parallel between the registry and the local store; {@link
 * io.sealer.image.registry.CredentialStore} reads and writes credentials.
 */
@NullMarked
package io.sealer.image.registry;

import org.jspecify.annotations.NullMarked;
