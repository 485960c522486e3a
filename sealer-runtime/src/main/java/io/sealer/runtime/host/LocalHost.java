package io.sealer.runtime.host;

import io.sealer.api.event.EventListener;
import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.HostException.Kind;
import io.sealer.api.host.RemoteHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This machine, for an address that is its own: commands run as local {@code /bin/bash} processes
 * (each in a session of its own, as sshd starts them) with the same env wrapping, stdin protocol,
 * output capture and time limits as over SSH. When this process is not root, commands go through
 * {@code sudo} with the host's password, as over SSH.
 */
final class LocalHost implements RemoteHost {
  private static final long GRACE_MILLIS = 2000;

  private final HostAccess access;
  private final CommandRunner runner;
  private volatile boolean closed;

  LocalHost(HostAccess access, EventListener events, HostSettings settings) {
    this.access = access;
    this.runner =
        new CommandRunner(access, !runsAsRoot(), events, settings.commandTimeout(), this::launch);
  }

  static boolean runsAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Override
  public String address() {
    return access.address();
  }

  @Override
  public CommandResult exec(HostCommand command) {
    if (closed) {
      throw new HostException(access.address(), Kind.OTHER, "the host is closed");
    }
    return runner.run(command);
  }

  @Override
  public void copy(InputStream data, String path, int mode) {
    new AtomicCopy(this).copy(data, path, mode);
  }

  @Override
  public void close() {
    closed = true;
  }

  private Launch launch(CommandScript script, OutputCollector stdout, OutputCollector stderr) {
    List<String> argv = new ArrayList<>();
    argv.add("setsid");
    argv.addAll(script.argv());
    ProcessBuilder builder = new ProcessBuilder(argv);
    Map<String, String> env = builder.environment();
    Map<String, String> keep = Map.copyOf(env);
    env.clear();
    for (String name : List.of("HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TERM", "TMPDIR")) {
      if (keep.containsKey(name)) {
        env.put(name, keep.get(name));
      }
    }
    env.put("PATH", CommandScript.DEFAULT_PATH);
    try {
      Process process = builder.start();
      Thread out = pump(process.getInputStream(), stdout, "stdout");
      Thread err = pump(process.getErrorStream(), stderr, "stderr");
      return new LocalLaunch(process, out, err);
    } catch (IOException e) {
      throw new HostException(
          access.address(), Kind.OTHER, "could not start /bin/bash: " + e.getMessage());
    }
  }

  private static Thread pump(InputStream from, OutputStream to, String name) {
    Thread thread =
        new Thread(
            () -> {
              try (from) {
                from.transferTo(to);
              } catch (IOException e) {
                // the process was killed or the sink failed; the exit status tells the rest
              }
            },
            "sealer-local-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** One local process. */
  private static final class LocalLaunch implements Launch {
    private final Process process;
    private final Thread out;
    private final Thread err;

    LocalLaunch(Process process, Thread out, Thread err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    @Override
    public OutputStream stdin() {
      return process.getOutputStream();
    }

    @Override
    public Integer await(long millis) throws InterruptedException {
      if (millis == 0) {
        process.waitFor();
        out.join();
        err.join();
        return process.exitValue();
      }
      long deadline = System.nanoTime() + millis * 1_000_000;
      if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
        return null;
      }
      out.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      err.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      if (out.isAlive() || err.isAlive()) {
        return null;
      }
      return process.exitValue();
    }

    /**
     * Stops the command's whole process group (it leads its own session through {@code setsid}), so
     * that processes it started a moment ago are caught too; then, as a fallback, anything still
     * running below it.
     */
    @Override
    public void kill(long pid) {
      List<ProcessHandle> below = new ArrayList<>(process.descendants().toList());
      try {
        Process killer =
            new ProcessBuilder("/bin/bash", "-c", CommandScript.killScript(process.pid()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!killer.waitFor(GRACE_MILLIS * 3, TimeUnit.MILLISECONDS)) {
          killer.destroyForcibly();
        }
      } catch (IOException e) {
        process.destroy();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.destroyForcibly();
      below.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        kill(-1);
      }
    }
  }
}
