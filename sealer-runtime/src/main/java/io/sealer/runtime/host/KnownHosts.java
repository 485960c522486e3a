package io.sealer.runtime.host;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The host keys Sealer trusts: those in the user's {@code ~/.ssh/known_hosts} and in Sealer's own
 * file. A key seen for the first time is trusted and appended to Sealer's file (atomically, mode
 * 0600); a key that differs from a recorded one of the same type is refused. One instance per
 * connector; {@link #checkerFor()} gives each connection its own {@link HostKeyRepository}.
 */
final class KnownHosts {
  private static final long LOCK_WAIT_NANOS = 30_000_000_000L;

  private final Path userFile;
  private final Path toolFile;
  private final Object lock = new Object();

  KnownHosts(Path userFile, Path toolFile) {
    this.userFile = userFile;
    this.toolFile = toolFile;
  }

  /** A repository for one connection attempt; it remembers a refused key for the message. */
  Checker checkerFor() {
    return new Checker();
  }

  private static HostKeyRepository load(Path file) {
    JSch jsch = new JSch();
    if (Files.isRegularFile(file)) {
      try {
        jsch.setKnownHosts(file.toString());
      } catch (JSchException e) {
        // an unreadable file holds no keys we could trust
      }
    }
    return jsch.getHostKeyRepository();
  }

  private void record(String host, byte[] key) throws IOException, JSchException {
    HostKey hostKey = new HostKey(host, key);
    String line = host + " " + hostKey.getType() + " " + hostKey.getKey() + "\n";
    rewrite(text -> text + line);
  }

  /**
   * Replaces what the tool's file records for {@code addresses} with the lines of {@code source}
   * that name them (hosts this tool made and whose keys it knows), or just forgets them when {@code
   * source} is null.
   */
  void replace(Collection<String> addresses, @Nullable Path source) throws IOException {
    StringBuilder added = new StringBuilder();
    if (source != null && Files.isRegularFile(source)) {
      for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
        if (names(line, addresses)) {
          added.append(line.strip()).append('\n');
        }
      }
    }
    rewrite(
        text -> {
          StringBuilder kept = new StringBuilder();
          for (String line : text.split("\n")) {
            if (!line.isBlank() && !names(line, addresses)) {
              kept.append(line).append('\n');
            }
          }
          return kept.append(added).toString();
        });
  }

  /** Whether a known_hosts line's host field names one of the addresses (plain entries only). */
  private static boolean names(String line, Collection<String> addresses) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return false;
    }
    String field = trimmed.split("\\s+", 2)[0];
    for (String host : field.split(",")) {
      String bare =
          host.startsWith("[") && host.contains("]") ? host.substring(1, host.indexOf(']')) : host;
      if (addresses.contains(bare)) {
        return true;
      }
    }
    return false;
  }

  private void rewrite(java.util.function.UnaryOperator<String> edit) throws IOException {
    synchronized (lock) {
      Path dir = toolFile.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path lockFile = dir.resolve("." + toolFile.getFileName() + ".lock");
      try (FileChannel lockChannel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = lock(lockChannel)) {
        byte[] old = Files.isRegularFile(toolFile) ? Files.readAllBytes(toolFile) : new byte[0];
        String text = new String(old, StandardCharsets.UTF_8);
        if (!text.isEmpty() && !text.endsWith("\n")) {
          text += "\n";
        }
        Path temp =
            Files.createTempFile(
                dir,
                "." + toolFile.getFileName() + ".",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
          try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(edit.apply(text).getBytes(StandardCharsets.UTF_8)));
            out.force(true);
          }
          Files.move(temp, toolFile, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(temp);
        }
        try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
          dirChannel.force(true);
        } catch (IOException e) {
          // some file systems cannot sync a directory; the rename is done either way
        }
      }
    }
  }

  /**
   * Locks the lock file against other processes and other connectors in this JVM (which get an
   * {@link OverlappingFileLockException} instead of waiting, so they wait here).
   */
  private static FileLock lock(FileChannel channel) throws IOException {
    long deadline = System.nanoTime() + LOCK_WAIT_NANOS;
    while (true) {
      try {
        return channel.lock();
      } catch (OverlappingFileLockException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("another connector kept the known-hosts file locked", e);
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the known-hosts lock", ie);
        }
      }
    }
  }

  /** The {@link HostKeyRepository} JSch consults during one handshake. */
  final class Checker implements HostKeyRepository {
    private @Nullable String refusal;
    private @Nullable IOException recordFailure;

    /** Why the host's key was refused, or null if it was not. */
    @Nullable String refusal() {
      return refusal;
    }

    /** Why a new key could not be recorded, or null. */
    @Nullable IOException recordFailure() {
      return recordFailure;
    }

    @Override
    public int check(String host, byte[] key) {
      int user = load(userFile).check(host, key);
      int tool = load(toolFile).check(host, key);
      if (user == OK || tool == OK) {
        return OK;
      }
      if (user == CHANGED || tool == CHANGED) {
        String holder = tool == CHANGED ? toolFile.toString() : userFile.toString();
        String shown = describe(host, key);
        refusal =
            "the host key has changed: it now shows "
                + shown
                + ", which is not the key recorded for "
                + host
                + " in "
                + holder
                + " (known-hosts files: "
                + userFile
                + ", "
                + toolFile
                + "). Someone may be intercepting the connection; if the host was reinstalled,"
                + " remove its old line from "
                + holder;
        return CHANGED;
      }
      synchronized (lock) {
        if (load(toolFile).check(host, key) == OK) {
          return OK;
        }
        try {
          record(host, key);
        } catch (IOException e) {
          recordFailure = e;
          return NOT_INCLUDED;
        } catch (JSchException e) {
          recordFailure = new IOException(e.getMessage(), e);
          return NOT_INCLUDED;
        }
      }
      return OK;
    }

    private String describe(String host, byte[] key) {
      try {
        HostKey hostKey = new HostKey(host, key);
        return hostKey.getType() + " " + hostKey.getFingerPrint(new JSch());
      } catch (JSchException e) {
        return "a key of an unknown type";
      }
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
      // keys are recorded in check(), under the lock
    }

    @Override
    public void remove(String host, String type) {
      // never: a changed key is refused, not replaced
    }

    @Override
    public void remove(String host, String type, byte[] key) {
      // never: a changed key is refused, not replaced
    }

    @Override
    public String getKnownHostsRepositoryID() {
      return toolFile.toString();
    }

    @Override
    public HostKey[] getHostKey() {
      List<HostKey> all = new ArrayList<>(List.of(load(userFile).getHostKey()));
      all.addAll(List.of(load(toolFile).getHostKey()));
      return all.toArray(new HostKey[0]);
    }

    @Override
    public HostKey[] getHostKey(String host, @Nullable String type) {
      List<HostKey> all = new ArrayList<>();
      HostKey[] user = load(userFile).getHostKey(host, type);
      HostKey[] tool = load(toolFile).getHostKey(host, type);
      if (user != null) {
        all.addAll(List.of(user));
      }
      if (tool != null) {
        all.addAll(List.of(tool));
      }
      return all.toArray(new HostKey[0]);
    }
  }
}
