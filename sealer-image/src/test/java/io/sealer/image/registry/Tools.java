package io.sealer.image.registry;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixture: finds external tools on PATH and fails clearly when one is missing. */
final class Tools {
  private Tools() {}

  static String require(String name, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        name + " not found on PATH: install it with 'apt-get install -y " + debianPackage + "'");
  }
}
