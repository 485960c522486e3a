package io.sealer.image.registry;

import io.sealer.api.Digest;
import io.sealer.api.image.MediaTypes;
import io.sealer.api.registry.RegistryException;
import io.sealer.image.store.MetadataJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Factories of the {@link RegistryCall}s of the OCI distribution API for one repository. */
final class RegistryCalls {
  static final List<String> MANIFEST_TYPES =
      List.of(
          MediaTypes.OCI_INDEX,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.DOCKER_MANIFEST);

  /**
   * How long an upload's answer may take: the registry stores the bytes and checks their digest
   * before it answers, which takes a while for a large blob on a slow disk. A stall while data
   * flows is still caught by the shorter stall timeout.
   */
  static final int PROCESSING_TIMEOUT_MILLIS = 120_000;

  private final RegistryCaller caller;
  private final String repository;

  RegistryCalls(RegistryCaller caller) {
    this.caller = caller;
    this.repository = caller.repository();
  }

  /** {@code GET /v2/<name>/manifests/<reference>}. */
  RegistryCall<FetchedManifest> getManifest(String reference) {
    String what = "pull manifest " + repository + ":" + reference;
    return RegistryCall.<FetchedManifest>get(
            what,
            "/v2/" + repository + "/manifests/" + reference,
            response -> {
              if (response.statusCode() != 200) {
                throw caller.failure(what, response);
              }
              byte[] bytes;
              try {
                bytes = MetadataJson.read(response.body(), "the manifest");
              } catch (MetadataJson.MetadataException e) {
                throw new RegistryException(
                    caller.registry(),
                    "could not " + what + " from " + caller.registry() + ": " + e.getMessage());
              }
              checkClaimedDigest(what, bytes, response.header("Docker-Content-Digest"));
              String type = response.header("Content-Type").orElse(null);
              ManifestJson json;
              try {
                json = ManifestJson.parse(bytes, type);
              } catch (MetadataJson.MetadataException e) {
                throw new RegistryException(
                    caller.registry(),
                    "could not " + what + " from " + caller.registry() + ": " + e.getMessage());
              }
              return new FetchedManifest(bytes, json.mediaType(), json);
            })
        .withAccept(MANIFEST_TYPES);
  }

  /**
   * Refuses manifest bytes whose digest is not the one the registry claims for them in {@code
   * Docker-Content-Digest}: a cut-off or altered manifest is never stored or named.
   */
  private void checkClaimedDigest(String what, byte[] bytes, Optional<String> claimed) {
    Digest expected;
    try {
      expected = claimed.map(String::trim).map(Digest::parse).orElse(null);
    } catch (RuntimeException e) {
      return;
    }
    if (expected == null || !"sha256".equals(expected.algorithm())) {
      return;
    }
    Digest actual = Digest.sha256Of(bytes);
    if (!actual.equals(expected)) {
      throw new RegistryException(
          caller.registry(),
          "could not "
              + what
              + " from "
              + caller.registry()
              + ": the registry says its digest is "
              + expected
              + " but the "
              + bytes.length
              + " bytes received have digest "
              + actual);
    }
  }

  /**
   * {@code HEAD /v2/<name>/manifests/<reference>}: the digest the registry holds under that
   * reference, empty if it holds none or does not say.
   */
  RegistryCall<Optional<Digest>> manifestDigest(String reference) {
    String what = "check manifest " + repository + ":" + reference;
    return RegistryCall.<Optional<Digest>>of(
            what,
            "HEAD",
            "/v2/" + repository + "/manifests/" + reference,
            null,
            response -> {
              if (response.statusCode() == 404) {
                return Optional.empty();
              }
              if (response.statusCode() != 200) {
                throw caller.failure(what, response);
              }
              try {
                return response
                    .header("Docker-Content-Digest")
                    .map(String::trim)
                    .map(Digest::parse);
              } catch (RuntimeException e) {
                return Optional.empty();
              }
            })
        .withAccept(MANIFEST_TYPES);
  }

  /** {@code PUT /v2/<name>/manifests/<reference>}. */
  RegistryCall<Void> putManifest(String reference, byte[] bytes, String mediaType) {
    String what = "push manifest " + repository + ":" + reference;
    return RegistryCall.<Void>of(
            what,
            "PUT",
            "/v2/" + repository + "/manifests/" + reference,
            HttpTransport.Body.bytes(bytes),
            response -> {
              if (response.statusCode() != 201 && response.statusCode() != 200) {
                throw caller.failure(what, response);
              }
              return null;
            })
        .withHeaders(Map.of("Content-Type", mediaType))
        .withTimeout(PROCESSING_TIMEOUT_MILLIS);
  }

  /** {@code HEAD /v2/<name>/blobs/<digest>}: whether the registry has the blob. */
  RegistryCall<Boolean> hasBlob(Digest digest) {
    String what = "check blob " + digest.shortHex() + " of " + repository;
    return RegistryCall.of(
        what,
        "HEAD",
        "/v2/" + repository + "/blobs/" + digest,
        null,
        response -> {
          if (response.statusCode() == 200) {
            return true;
          }
          if (response.statusCode() == 404) {
            return false;
          }
          throw caller.failure(what, response);
        });
  }

  /**
   * {@code POST /v2/<name>/blobs/uploads/}, optionally mounting from another repository.
   *
   * @return empty if the blob was mounted, else the upload location
   */
  RegistryCall<Optional<String>> startUpload(Digest digest, String mountFrom) {
    String what = "start upload of blob " + digest.shortHex() + " to " + repository;
    String url = "/v2/" + repository + "/blobs/uploads/";
    if (!mountFrom.isEmpty()) {
      url += "?mount=" + digest + "&from=" + mountFrom;
    }
    return RegistryCall.of(
        what,
        "POST",
        url,
        HttpTransport.Body.EMPTY,
        response -> {
          if (response.statusCode() == 201 && !mountFrom.isEmpty()) {
            return Optional.empty();
          }
          if (response.statusCode() != 202) {
            throw caller.failure(what, response);
          }
          return Optional.of(location(response.header("Location"), what));
        });
  }

  /** {@code PATCH <location>} streaming bytes from {@code offset}; returns the next location. */
  RegistryCall<String> patch(
      String location, Digest digest, long offset, long size, HttpTransport.Body body) {
    String what = "upload blob " + digest.shortHex() + " to " + repository;
    return RegistryCall.of(
            what,
            "PATCH",
            location,
            body,
            response -> {
              if (response.statusCode() != 202 && response.statusCode() != 204) {
                throw caller.failure(what, response);
              }
              return location(response.header("Location"), what);
            })
        .withHeaders(
            Map.of(
                "Content-Type",
                "application/octet-stream",
                "Content-Range",
                offset + "-" + (size - 1)))
        .withTimeout(PROCESSING_TIMEOUT_MILLIS)
        .notRetryable();
  }

  /** {@code PUT <location>?digest=} with the remaining bytes (or none) to finish an upload. */
  RegistryCall<Void> finishUpload(String location, Digest digest, HttpTransport.Body body) {
    String what = "finish upload of blob " + digest.shortHex() + " to " + repository;
    String url = location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    return RegistryCall.<Void>of(
            what,
            "PUT",
            url,
            body,
            response -> {
              if (response.statusCode() != 201 && response.statusCode() != 204) {
                throw caller.failure(what, response);
              }
              return null;
            })
        .withHeaders(Map.of("Content-Type", "application/octet-stream"))
        .withTimeout(PROCESSING_TIMEOUT_MILLIS)
        .notRetryable();
  }

  /** {@code GET <location>}: how many bytes of an interrupted upload the registry kept. */
  RegistryCall<Optional<Long>> uploadStatus(String location) {
    return RegistryCall.<Optional<Long>>get(
            "check upload status in " + repository,
            location,
            response -> {
              if (response.statusCode() != 204) {
                return Optional.empty();
              }
              Optional<String> range = response.header("Range");
              if (range.isEmpty()) {
                return Optional.of(0L);
              }
              String r = range.get().replace("bytes=", "");
              int dash = r.indexOf('-');
              return Optional.of(Long.parseLong(r.substring(dash + 1).trim()) + 1);
            })
        .notRetryable();
  }

  /** {@code GET /v2/<name>/blobs/<digest>} from {@code offset} (a Range request if above 0). */
  <T> RegistryCall<T> getBlob(Digest digest, long offset, RegistryCall.Handler<T> handler) {
    String what = "pull blob " + digest.shortHex() + " of " + repository;
    RegistryCall<T> call =
        RegistryCall.get(
                what,
                "/v2/" + repository + "/blobs/" + digest,
                response -> {
                  if (response.statusCode() != 200 && response.statusCode() != 206) {
                    throw caller.failure(what, response);
                  }
                  return handler.handle(response);
                })
            .notRetryable();
    return offset > 0 ? call.withHeaders(Map.of("Range", "bytes=" + offset + "-")) : call;
  }

  private static String location(Optional<String> header, String what) throws IOException {
    return header.orElseThrow(() -> new IOException("no Location in the answer to " + what));
  }

  static long skip(InputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          break;
        }
        s = 1;
      }
      left -= s;
    }
    return n - left;
  }
}
