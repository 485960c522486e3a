package io.sealer.image.build;

import io.sealer.api.SealerException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Downloads the {@code http(s)://} sources of APP and ADD (TLS verified, redirects followed). */
final class RemoteFiles {
  private RemoteFiles() {}

  /** Downloads {@code url} into {@code dir} as {@code fileName}; returns the file. */
  static Path download(String url, Path dir, String fileName, String where) {
    if (fileName.isEmpty() || fileName.equals(".") || fileName.equals("..")) {
      throw new SealerException(
          where + ": could not download " + url + ": its path has no file name");
    }
    try {
      Files.createDirectories(dir);
      Path target = dir.resolve(fileName);
      HttpClient client =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .connectTimeout(Duration.ofSeconds(30))
              .build();
      HttpResponse<Path> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).GET().build(),
              HttpResponse.BodyHandlers.ofFile(target));
      if (response.statusCode() / 100 != 2) {
        Files.deleteIfExists(target);
        throw new SealerException(
            where + ": could not download " + url + ": HTTP status " + response.statusCode());
      }
      return target;
    } catch (IOException e) {
      throw new SealerException(where + ": could not download " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SealerException(where + ": could not download " + url + ": interrupted", e);
    }
  }
}
