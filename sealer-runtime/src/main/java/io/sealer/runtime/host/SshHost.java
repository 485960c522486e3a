package io.sealer.runtime.host;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.HostException.Kind;
import io.sealer.api.host.RemoteHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * A host reached over one SSH connection, shared by every command (each in its own exec channel,
 * several at once up to the settings' limit). A connection that dropped is opened again for the
 * next command.
 */
final class SshHost implements RemoteHost {
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  private final HostAccess access;
  private final EventListener events;
  private final SshConnector connector;
  private final Semaphore channels;
  private final CommandRunner runner;
  private Session session;
  private volatile boolean closed;

  SshHost(HostAccess access, EventListener events, SshConnector connector, Session session) {
    this.access = access;
    this.events = events;
    this.connector = connector;
    this.session = session;
    this.channels = new Semaphore(connector.settings().maxChannelsPerHost());
    this.runner =
        new CommandRunner(
            access,
            access.needsSudo(),
            events,
            connector.settings().commandTimeout(),
            this::launch);
  }

  @Override
  public String address() {
    return access.address();
  }

  @Override
  public CommandResult exec(HostCommand command) {
    if (closed) {
      throw new HostException(access.address(), Kind.OTHER, "the connection is closed");
    }
    try {
      channels.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(access.address(), Kind.OTHER, command.description() + " interrupted");
    }
    try {
      return runner.run(command);
    } finally {
      channels.release();
    }
  }

  @Override
  public void copy(InputStream data, String path, int mode) {
    new AtomicCopy(this).copy(data, path, mode);
  }

  @Override
  public synchronized void close() {
    closed = true;
    session.disconnect();
  }

  private synchronized Session session() {
    if (closed) {
      throw new HostException(access.address(), Kind.OTHER, "the connection is closed");
    }
    if (!session.isConnected()) {
      events.log(LogEvent.debug(access.address() + ": connection dropped, connecting again"));
      session = connector.open(access, events);
    }
    return session;
  }

  private Launch launch(CommandScript script, OutputCollector stdout, OutputCollector stderr) {
    Session current = session();
    try {
      ChannelExec channel = (ChannelExec) current.openChannel("exec");
      channel.setCommand(script.commandLine());
      channel.setOutputStream(stdout, true);
      channel.setExtOutputStream(stderr, true);
      OutputStream stdin = channel.getOutputStream();
      channel.connect((int) connector.settings().connectTimeout().toMillis());
      return new SshLaunch(current, channel, stdin);
    } catch (JSchException | IOException e) {
      throw new HostException(
          access.address(),
          current.isConnected() ? Kind.OTHER : Kind.UNREACHABLE,
          "could not open an SSH channel: " + e.getMessage(),
          e);
    }
  }

  /** Stops a command's process group from a second channel (bypassing the channel limit). */
  private void killRemote(long pid) {
    if (pid <= 1) {
      return;
    }
    String script = CommandScript.killScript(pid);
    try {
      runner.run(
          HostCommand.of(script)
              .withTimeout(KILL_TIMEOUT)
              .describedAs("stop process group " + pid));
    } catch (HostException e) {
      events.log(LogEvent.debug(e.getMessage()));
    }
  }

  /** One exec channel. */
  private final class SshLaunch implements Launch {
    private final Session session;
    private final ChannelExec channel;
    private final OutputStream stdin;

    SshLaunch(Session session, ChannelExec channel, OutputStream stdin) {
      this.session = session;
      this.channel = channel;
      this.stdin = stdin;
    }

    @Override
    public OutputStream stdin() {
      return stdin;
    }

    @Override
    public Integer await(long millis) throws InterruptedException {
      long deadline = millis == 0 ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000;
      long sleep = 1;
      while (!channel.isClosed() && session.isConnected()) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return null;
        }
        Thread.sleep(Math.min(sleep, left));
        sleep = Math.min(sleep * 2, 20);
      }
      int status = channel.getExitStatus();
      if (status >= 0) {
        return status;
      }
      String signal = channel.getExitSignal();
      if (signal != null && channel.isClosed()) {
        return 128 + Signals.number(signal);
      }
      return LOST;
    }

    @Override
    public void kill(long pid) {
      killRemote(pid);
      channel.disconnect();
    }

    @Override
    public void close() {
      channel.disconnect();
    }
  }
}
