package io.sealer.api.registry;

import io.sealer.api.ImageReference;

/**
 * A client of OCI distribution registries (Docker Hub, Harbor, {@code docker-registry}, ...) that
 * moves images between them and the local image store. Credentials come from Sealer's {@code
 * auth.json} and Docker's {@code config.json}. Thread-safe.
 */
public interface RegistryClient {

  /**
   * Checks the credentials against the registry, then saves them to {@code ~/.sealer/auth.json}.
   *
   * @param registry a registry host with optional port, e.g. {@code registry.example.com:5000}
   * @throws RegistryAuthenticationException if the registry refuses them (nothing is saved)
   */
  void login(String registry, String username, String password, boolean skipTlsVerify);

  /**
   * Removes the saved credentials of a registry.
   *
   * @return whether there were any
   */
  boolean logout(String registry);

  /**
   * Pushes a stored image (with every blob it references) to the registry its name points at.
   *
   * @throws io.sealer.api.image.ImageNotFoundException if no stored image has that name
   */
  PushResult push(ImageReference image, PushOptions options);

  /**
   * Pulls an image into the local store and names it as asked.
   *
   * @throws ManifestUnknownException if the registry has no such image
   * @throws io.sealer.api.image.PlatformNotFoundException if its manifest list has no variant for
   *     the platform asked for (naming the ones it has)
   */
  PullResult pull(ImageReference image, PullOptions options);

  /**
   * A client that uses the given credentials for their registries, before any saved ones, for every
   * call it makes; nothing is saved and this client is unchanged.
   */
  RegistryClient withLogins(java.util.List<RegistryLogin> logins);
}
