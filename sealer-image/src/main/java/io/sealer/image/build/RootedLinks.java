package io.sealer.image.build;

import io.sealer.api.SealerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Keeps a RUN from reaching host paths through the image's own symbolic links. RUN runs on the
 * build host with the rootfs as its working directory, so a base layer's {@code f.txt ->
 * /etc/passwd} (or {@code -> ../../../../etc/passwd}) would let {@code echo x >> f.txt} write to
 * the host. Before a RUN, every link whose target leaves the rootfs is rewritten to the relative
 * target that a chroot into the rootfs would give it ({@code ../etc/passwd} from the top, {@code
 * ..} clamped at the root), so it resolves inside the rootfs; after the RUN, each link the RUN did
 * not change gets its original target back, so the layers keep the image's links as they were.
 *
 * <p>This covers the image's links only: the RUN command itself can still name any host path, as
 * the Kubefile's author wrote it (see docs/build.md).
 */
final class RootedLinks implements AutoCloseable {
  private record Rewritten(Path link, String original, String rooted) {}

  private final List<Rewritten> rewritten;

  private RootedLinks(List<Rewritten> rewritten) {
    this.rewritten = rewritten;
  }

  /** Rewrites every link under {@code rootfs} whose target leaves it. */
  static RootedLinks root(Path rootfs) {
    List<Rewritten> done = new ArrayList<>();
    RootedLinks links = new RootedLinks(done);
    try (Stream<Path> walk = Files.walk(rootfs)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (!Files.isSymbolicLink(p)) {
          continue;
        }
        String original = Files.readSymbolicLink(p).toString();
        String rooted = rooted(rootfs.relativize(p.getParent()), original);
        if (rooted != null) {
          replace(p, rooted);
          done.add(new Rewritten(p, original, rooted));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      links.close();
      throw new SealerException(
          "could not prepare rootfs " + rootfs + " for RUN: " + e.getMessage(), e);
    }
    return links;
  }

  /** How many links were rewritten. */
  int count() {
    return rewritten.size();
  }

  /**
   * The target a link in directory {@code dir} (relative to the root) should have so that it
   * resolves as inside a chroot, or null if {@code target} stays inside the root already.
   */
  static String rooted(Path dir, String target) {
    List<String> at = new ArrayList<>();
    boolean escapes = target.startsWith("/");
    if (!escapes) {
      for (Path name : dir) {
        if (!name.toString().isEmpty()) {
          at.add(name.toString());
        }
      }
    }
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (at.isEmpty()) {
          escapes = true;
        } else {
          at.remove(at.size() - 1);
        }
      } else {
        at.add(part);
      }
    }
    if (!escapes) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (Path name : dir) {
      if (!name.toString().isEmpty()) {
        parts.add("..");
      }
    }
    parts.addAll(at);
    return parts.isEmpty() ? "." : String.join("/", parts);
  }

  private static void replace(Path link, String target) throws IOException {
    Path temp = link.resolveSibling(".tmp-link-" + UUID.randomUUID());
    Files.createSymbolicLink(temp, Path.of(target));
    try {
      Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Gives each rewritten link that the RUN left alone its original target back. */
  @Override
  public void close() {
    for (Rewritten r : rewritten) {
      try {
        if (Files.isSymbolicLink(r.link())
            && Files.readSymbolicLink(r.link()).toString().equals(r.rooted())) {
          replace(r.link(), r.original());
        }
      } catch (IOException e) {
        throw new SealerException(
            "could not restore link " + r.link() + " -> " + r.original() + ": " + e.getMessage(),
            e);
      }
    }
    rewritten.clear();
  }
}
