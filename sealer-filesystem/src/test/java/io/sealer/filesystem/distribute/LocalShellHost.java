package io.sealer.filesystem.distribute;

import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.RemoteHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test double of a host: runs each command with {@code /bin/bash -c} on this machine (env exported
 * as sorted {@code export K="V";} lines, stdin and stdout wired as a real host does). Each
 * simulated host has its own file system root: every {@code /var/lib/sealer/} in a script is moved
 * below {@link #root()}, so several "hosts" can hold the same target directory side by side.
 *
 * <p>For interruption tests, {@link #killAfterStdinBytes} kills the command and all its children
 * once that many stdin bytes have been fed to it, like a host that dies mid-transfer.
 */
final class LocalShellHost implements RemoteHost {
  static final String SEALER_DIR = "/var/lib/sealer/";

  private final String address;
  private final Path root;
  private final AtomicLong killAfter = new AtomicLong(-1);
  final AtomicInteger commands = new AtomicInteger();

  private final String prelude;

  LocalShellHost(String address, Path root) {
    this(address, root, "");
  }

  /** A host that runs {@code prelude} (e.g. a PATH without some tool) before every command. */
  LocalShellHost(String address, Path root, String prelude) {
    this.address = address;
    this.root = root;
    this.prelude = prelude;
  }

  Path root() {
    return root;
  }

  /** Where this host keeps {@code absolutePath} (which must start with /var/lib/sealer/). */
  Path path(String absolutePath) {
    return root.resolve(absolutePath.substring(1));
  }

  /** Kills the next command that reads stdin after {@code bytes} bytes of it; -1 turns it off. */
  void killAfterStdinBytes(long bytes) {
    killAfter.set(bytes);
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public CommandResult exec(HostCommand command) {
    commands.incrementAndGet();
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> e : command.env().entrySet()) {
      text.append("export ").append(e.getKey()).append("=\"").append(e.getValue()).append("\";\n");
    }
    text.append(prelude).append('\n');
    text.append(command.script().replace(SEALER_DIR, root + SEALER_DIR));
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c", text.toString());
    try {
      Process process = builder.start();
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      OutputStream stdoutSink = command.stdout() == null ? captured : command.stdout();
      Thread in = pump("stdin", () -> feed(command.stdin(), process));
      Thread out = pump("stdout", () -> process.getInputStream().transferTo(stdoutSink));
      Thread err = pump("stderr", () -> process.getErrorStream().transferTo(stderr));
      long limit = command.timeout() == null ? 600_000 : command.timeout().toMillis();
      if (!process.waitFor(limit, TimeUnit.MILLISECONDS)) {
        killTree(process);
        throw new HostException(
            address, HostException.Kind.COMMAND, command.description() + " timed out");
      }
      out.join();
      err.join();
      in.join(10_000);
      return new CommandResult(
          address,
          command.description(),
          process.exitValue(),
          captured.toString(StandardCharsets.UTF_8),
          stderr.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new HostException(address, HostException.Kind.OTHER, e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(address, HostException.Kind.OTHER, "interrupted", e);
    }
  }

  private void feed(InputStream stdin, Process process) throws IOException {
    try (OutputStream to = process.getOutputStream()) {
      if (stdin == null) {
        return;
      }
      long limit = stdin == null ? -1 : killAfter.getAndSet(-1);
      byte[] buffer = new byte[1 << 16];
      long fed = 0;
      int n;
      while ((n = stdin.read(buffer)) > 0) {
        if (limit >= 0 && fed + n >= limit) {
          to.write(buffer, 0, (int) (limit - fed));
          to.flush();
          killTree(process);
          return;
        }
        to.write(buffer, 0, n);
        fed += n;
      }
    } finally {
      if (stdin != null) {
        stdin.close();
      }
    }
  }

  private static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static Thread pump(String name, IoAction action) {
    Thread t =
        new Thread(
            () -> {
              try {
                action.run();
              } catch (IOException e) {
                // the process ended: a closed pipe stops the pump
              }
            },
            "local-host-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public void copy(InputStream data, String path, int mode) {
    HostCommand command =
        HostCommand.of(
                "set -e; t=\"$(dirname '"
                    + path
                    + "')/.tmp-$$\"; mkdir -p \"$(dirname '"
                    + path
                    + "')\"; cat > \"$t\"; chmod "
                    + Integer.toOctalString(mode)
                    + " \"$t\"; sync \"$t\"; mv -f \"$t\" '"
                    + path
                    + "'")
            .withStdin(data);
    exec(command).orThrow();
  }

  @Override
  public void close() {}
}
