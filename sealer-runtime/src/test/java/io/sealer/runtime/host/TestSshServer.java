package io.sealer.runtime.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An in-JVM SSH server (Apache MINA SSHD) for tests. Exec requests really run on this machine, as
 * {@code setsid /bin/sh -c <command>} like OpenSSH's sshd does (a new session, so the command's
 * shell leads its own process group), with a clean env plus {@link #extraEnv}.
 */
final class TestSshServer implements AutoCloseable {
  final Map<String, String> passwords;
  final List<PublicKey> authorizedKeys = new ArrayList<>();
  final Map<String, String> extraEnv = new java.util.concurrent.ConcurrentHashMap<>();
  private final KeyPair hostKey;
  private SshServer server;

  TestSshServer(Map<String, String> passwords, KeyPair hostKey) {
    this.passwords = passwords;
    this.hostKey = hostKey;
  }

  static KeyPair newHostKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  /** Authorizes the public key in an OpenSSH {@code .pub} file. */
  void authorize(Path pubFile) throws Exception {
    String line = java.nio.file.Files.readString(pubFile).strip();
    authorizedKeys.add(
        AuthorizedKeyEntry.parseAuthorizedKeyEntry(line)
            .resolvePublicKey(null, PublicKeyEntryResolver.FAILING));
  }

  TestSshServer start(int port) throws IOException {
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(port);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPasswordAuthenticator(
        (user, password, session) -> password.equals(passwords.get(user)));
    server.setPublickeyAuthenticator(
        (user, key, session) ->
            authorizedKeys.stream().anyMatch(known -> KeyUtils.compareKeys(known, key)));
    server.setCommandFactory((channel, command) -> new ProcessCommand(command, extraEnv));
    server.start();
    return this;
  }

  int port() {
    return server.getPort();
  }

  /** Stops the server at once, dropping every connection. */
  void stop() throws IOException {
    if (server != null) {
      server.stop(true);
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  /** Runs one exec request as a local process. */
  private static final class ProcessCommand implements Command {
    private final String command;
    private final Map<String, String> extraEnv;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Process process;

    ProcessCommand(String command, Map<String, String> extraEnv) {
      this.command = command;
      this.extraEnv = Map.copyOf(extraEnv);
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
      ProcessBuilder builder = new ProcessBuilder("setsid", "/bin/sh", "-c", command);
      builder.environment().clear();
      builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
      builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
      builder.environment().putAll(extraEnv);
      if (extraEnv.containsKey("PATH_PREFIX")) {
        builder.environment().put("PATH", extraEnv.get("PATH_PREFIX") + ":/usr/sbin:/usr/bin");
      }
      process = builder.start();
      Thread input =
          new Thread(
              () -> {
                try (OutputStream to = process.getOutputStream()) {
                  in.transferTo(to);
                } catch (IOException e) {
                  // the process ended
                }
              });
      input.setDaemon(true);
      input.start();
      Thread output = copy(process.getInputStream(), out);
      Thread error = copy(process.getErrorStream(), err);
      Thread waiter =
          new Thread(
              () -> {
                try {
                  int code = process.waitFor();
                  output.join();
                  error.join();
                  out.flush();
                  err.flush();
                  exit.onExit(code);
                } catch (InterruptedException | IOException e) {
                  exit.onExit(255);
                }
              });
      waiter.setDaemon(true);
      waiter.start();
    }

    private static Thread copy(InputStream from, OutputStream to) {
      Thread thread =
          new Thread(
              () -> {
                byte[] buffer = new byte[32 * 1024];
                try {
                  int n;
                  while ((n = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                  }
                } catch (IOException e) {
                  // the channel closed
                }
              });
      thread.setDaemon(true);
      thread.start();
      return thread;
    }

    @Override
    public void destroy(ChannelSession channel) {
      if (process != null) {
        process.destroy();
      }
    }
  }
}
