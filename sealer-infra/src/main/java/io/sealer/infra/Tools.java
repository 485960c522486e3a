package io.sealer.infra;

import io.sealer.api.SealerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The programs the {@code local} provider runs, found on this machine. Nothing is installed at run
 * time: a missing one is reported with the Debian package that holds it.
 */
final class Tools {
  private static final Map<String, String> PACKAGES = new LinkedHashMap<>();

  static {
    PACKAGES.put("ip", "iproute2");
    PACKAGES.put("nft", "nftables");
    PACKAGES.put("unshare", "util-linux");
    PACKAGES.put("nsenter", "util-linux");
    PACKAGES.put("setsid", "util-linux");
    PACKAGES.put("mount", "mount");
    PACKAGES.put("bash", "bash");
    PACKAGES.put("chpasswd", "passwd");
    PACKAGES.put("sshd", "openssh-server");
    PACKAGES.put("ssh-keygen", "openssh-client");
  }

  private final Map<String, Path> found;

  private Tools(Map<String, Path> found) {
    this.found = Map.copyOf(found);
  }

  /**
   * Checks that this is Linux, that we are root and that every tool is there.
   *
   * @throws SealerException naming what is missing and the Debian package to install
   */
  static Tools require() {
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
      throw new SealerException(
          "could not make local hosts: the local provider needs Linux (this is " + os + ")");
    }
    if (!isRoot()) {
      throw new SealerException(
          "could not make local hosts: the local provider needs root (run it as root or with"
              + " sudo)");
    }
    return find(Exec.PATH);
  }

  /** Finds every tool on {@code searchPath} (colon-separated), or says which one is missing. */
  static Tools find(String searchPath) {
    Map<String, Path> found = new LinkedHashMap<>();
    for (Map.Entry<String, String> tool : PACKAGES.entrySet()) {
      Path path = locate(tool.getKey(), searchPath);
      if (path == null) {
        throw new SealerException(
            "could not make local hosts: "
                + tool.getKey()
                + " is not installed (Debian package "
                + tool.getValue()
                + ": apt-get install "
                + tool.getValue()
                + ")");
      }
      found.put(tool.getKey(), path);
    }
    return new Tools(found);
  }

  /** The absolute path of a tool checked by {@link #require()}. */
  String path(String tool) {
    Path path = found.get(tool);
    if (path == null) {
      throw new IllegalArgumentException("not a checked tool: " + tool);
    }
    return path.toString();
  }

  /** True if the effective user is root (uid 0), read from /proc. */
  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] ids = line.substring(4).trim().split("\\s+");
          return ids.length > 1 && ids[1].equals("0");
        }
      }
    } catch (java.io.IOException e) {
      return false;
    }
    return false;
  }

  private static @Nullable Path locate(String name, String searchPath) {
    for (String dir : searchPath.split(":")) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
