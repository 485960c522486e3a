package io.sealer.runtime.host;

import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.HostException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link HostCommand}s through a {@link Launch.Launcher}: the same env wrapping, sudo rules,
 * output capture, time limit and error kinds for SSH hosts and for this machine.
 */
final class CommandRunner {
  static final int STDOUT_TAIL = 1024 * 1024;
  static final int STDERR_TAIL = 64 * 1024;
  private static final long PID_WAIT_MILLIS = 2000;

  private final String host;
  private final boolean sudo;
  private final HostAccess access;
  private final EventListener events;
  private final Duration defaultTimeout;
  private final Launch.Launcher launcher;

  CommandRunner(
      HostAccess access,
      boolean sudo,
      EventListener events,
      Duration defaultTimeout,
      Launch.Launcher launcher) {
    this.host = access.address();
    this.access = access;
    this.sudo = sudo;
    this.events = events;
    this.defaultTimeout = defaultTimeout;
    this.launcher = launcher;
  }

  CommandResult run(HostCommand command) {
    CommandScript script =
        CommandScript.of(command.script(), command.env(), sudo, access.password());
    EventListener echo = command.echo() ? events : EventListener.NONE;
    OutputCollector out =
        new OutputCollector(host, false, echo, STDOUT_TAIL, command.stdout(), false);
    OutputCollector err = new OutputCollector(host, true, echo, STDERR_TAIL, null, true);
    events.log(LogEvent.debug(host + ": run " + command.description()));
    Duration timeout = command.timeout() != null ? command.timeout() : defaultTimeout;
    AtomicReference<IOException> inputFailure = new AtomicReference<>();
    try (Launch launch = launcher.start(script, out, err)) {
      Thread feeder =
          new Thread(
              () -> feed(launch, script.preamble(), command.stdin(), err, inputFailure),
              "sealer-stdin-" + host);
      feeder.setDaemon(true);
      feeder.start();
      Integer exit = launch.await(timeout.isZero() ? 0 : Math.max(1, timeout.toMillis()));
      if (exit == null) {
        launch.kill(waitForProcessGroup(err));
        throw new HostException(
            host,
            Kind.COMMAND,
            command.description()
                + " ran past "
                + Durations.describe(timeout)
                + " and was stopped");
      }
      finish(out, err);
      if (inputFailure.get() != null) {
        throw new HostException(
            host,
            Kind.OTHER,
            "could not "
                + command.description()
                + ": reading its input failed: "
                + inputFailure.get().getMessage(),
            inputFailure.get());
      }
      if (exit == Launch.LOST) {
        throw new HostException(
            host, Kind.OTHER, "lost the connection while running " + command.description());
      }
      if (err.processGroup() < 0 && exit != 0) {
        throw notStarted(command, exit, err.text());
      }
      return new CommandResult(host, command.description(), exit, out.text(), err.text());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(host, Kind.OTHER, command.description() + " was interrupted", e);
    } finally {
      closeQuietly(command.stdin());
    }
  }

  private HostException notStarted(HostCommand command, int exit, String stderr) {
    String reason = lastLine(stderr);
    if (sudo) {
      return new HostException(
          host,
          Kind.AUTHENTICATION,
          "could not run commands as root through sudo as "
              + access.user()
              + (reason.isEmpty() ? " (exit " + exit + ")" : ": " + reason));
    }
    return new HostException(
        host,
        Kind.OTHER,
        "could not start /bin/bash for "
            + command.description()
            + (reason.isEmpty() ? " (exit " + exit + ")" : ": " + reason));
  }

  private static void finish(OutputCollector out, OutputCollector err) {
    try {
      out.finish();
      err.finish();
    } catch (IOException e) {
      // the caller's stdout sink failed at the very end; the result still stands
    }
  }

  /**
   * Writes the preamble and the command's stdin, then end-of-file. If reading the caller's stdin
   * fails, the command is killed instead, so it never takes a cut-short input for a whole one.
   */
  private static void feed(
      Launch launch,
      byte[] preamble,
      @Nullable InputStream stdin,
      OutputCollector err,
      AtomicReference<IOException> inputFailure) {
    OutputStream to = launch.stdin();
    try {
      to.write(preamble);
      to.flush();
      if (stdin != null) {
        byte[] buffer = new byte[64 * 1024];
        while (true) {
          int n;
          try {
            n = stdin.read(buffer);
          } catch (IOException e) {
            inputFailure.set(e);
            launch.kill(waitForProcessGroup(err));
            return;
          }
          if (n < 0) {
            break;
          }
          to.write(buffer, 0, n);
        }
      }
      to.close();
    } catch (IOException e) {
      // the command ended or closed its stdin without reading everything: its choice
    } catch (RuntimeException e) {
      inputFailure.set(new IOException(e.toString(), e));
      launch.kill(waitForProcessGroup(err));
    } finally {
      java.util.Arrays.fill(preamble, (byte) 0);
    }
  }

  private static long waitForProcessGroup(OutputCollector err) {
    long deadline = System.nanoTime() + PID_WAIT_MILLIS * 1_000_000;
    while (err.processGroup() < 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return err.processGroup();
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }

  private static void closeQuietly(@Nullable InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // nothing to do: the command has ended
      }
    }
  }
}
