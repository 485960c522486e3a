package io.sealer.runtime.host;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UserInfo;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostException;
import io.sealer.api.host.HostException.Kind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Opens JSch sessions: login by key and/or password, host keys checked through {@link KnownHosts},
 * keepalive, and refused or timed-out connections retried with a doubling backoff. Every failure
 * becomes a {@link HostException} naming the host; no message holds a password or passphrase.
 */
final class SshConnector {
  private static final int KEEPALIVE_MISSES = 4;

  private final HostSettings settings;
  private final KnownHosts knownHosts;

  SshConnector(HostSettings settings) {
    this.settings = settings;
    this.knownHosts = new KnownHosts(settings.userKnownHosts(), settings.toolKnownHosts());
  }

  HostSettings settings() {
    return settings;
  }

  /** Connects and logs in, retrying an unreachable host as the settings say. */
  Session open(HostAccess access, EventListener events) {
    long backoff = settings.retryBackoff().toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(access);
      } catch (HostException e) {
        if (e.kind() != Kind.UNREACHABLE || attempt >= settings.connectAttempts()) {
          throw e;
        }
        events.log(
            LogEvent.debug(
                e.getMessage() + "; trying again in " + backoff + " ms (" + attempt + ")"));
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        backoff *= 2;
      }
    }
  }

  private Session attempt(HostAccess access) {
    JSch jsch = new JSch();
    String host = access.address();
    if (access.privateKey() != null) {
      if (!Files.isReadable(access.privateKey())) {
        throw new HostException(
            host,
            Kind.AUTHENTICATION,
            "could not log in as "
                + access.user()
                + ": cannot read private key "
                + access.privateKey());
      }
      try {
        byte[] passphrase =
            access.passphrase() == null
                ? null
                : access.passphrase().getBytes(StandardCharsets.UTF_8);
        jsch.addIdentity(access.privateKey().toString(), passphrase);
      } catch (JSchException e) {
        throw new HostException(
            host,
            Kind.AUTHENTICATION,
            "could not log in as "
                + access.user()
                + ": cannot use private key "
                + access.privateKey()
                + (access.passphrase() == null ? "" : " with the given passphrase"));
      }
    }
    KnownHosts.Checker checker = knownHosts.checkerFor();
    Session session;
    try {
      session = jsch.getSession(access.user(), host, access.port());
      if (access.password() != null) {
        session.setPassword(access.password());
      }
      session.setHostKeyRepository(settings.checkHostKeys() ? checker : TrustAll.INSTANCE);
      session.setConfig("StrictHostKeyChecking", "yes");
      session.setConfig("PreferredAuthentications", "publickey,keyboard-interactive,password");
      session.setUserInfo(NoPrompts.INSTANCE);
      session.setServerAliveInterval((int) settings.keepAliveInterval().toMillis());
      session.setServerAliveCountMax(KEEPALIVE_MISSES);
      session.setDaemonThread(true);
      session.connect((int) settings.connectTimeout().toMillis());
    } catch (JSchException e) {
      throw classify(access, e, checker);
    }
    return session;
  }

  private HostException classify(HostAccess access, JSchException e, KnownHosts.Checker checker) {
    String host = access.address();
    if (e instanceof JSchChangedHostKeyException || checker.refusal() != null) {
      String why = checker.refusal() != null ? checker.refusal() : "the host key has changed";
      return new HostException(host, Kind.HOST_KEY_CHANGED, "could not connect: " + why);
    }
    if (checker.recordFailure() != null) {
      return new HostException(
          host,
          Kind.OTHER,
          "could not record the host key in "
              + settings.toolKnownHosts()
              + ": "
              + checker.recordFailure().getMessage());
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (message.startsWith("auth fail") || message.startsWith("auth cancel")) {
      return new HostException(
          host,
          Kind.AUTHENTICATION,
          "could not log in as "
              + access.user()
              + ": authentication failed ("
              + methods(access)
              + ")");
    }
    String port = "could not connect to port " + access.port() + ": ";
    Throwable cause = e.getCause();
    if (cause instanceof ConnectException) {
      return new HostException(host, Kind.UNREACHABLE, port + "connection refused");
    }
    if (cause instanceof NoRouteToHostException) {
      return new HostException(host, Kind.UNREACHABLE, port + "no route to host");
    }
    if (cause instanceof UnknownHostException) {
      return new HostException(host, Kind.UNREACHABLE, port + "unknown host name");
    }
    String timeout = Durations.describe(settings.connectTimeout());
    if (message.contains("socket is not established")) {
      // JSch's own connect timeout: the TCP connection itself was not answered
      return new HostException(
          host, Kind.UNREACHABLE, port + "no answer within " + timeout + " (timed out)");
    }
    if (cause instanceof SocketTimeoutException || message.contains("timeout")) {
      // connected, then nothing: no SSH greeting or key exchange (a wrong port, a stuck sshd)
      return new HostException(
          host,
          Kind.UNREACHABLE,
          "no SSH server answered on port "
              + access.port()
              + " within "
              + timeout
              + ": the port accepted the connection, then sent nothing (is sshd listening"
              + " there?)");
    }
    if (cause instanceof SocketException
        || message.contains("closed by foreign host")
        || message.contains("connection reset")
        || message.contains("connection is closed")) {
      return new HostException(
          host, Kind.UNREACHABLE, port + "the connection was closed during the SSH handshake");
    }
    return new HostException(
        host, Kind.OTHER, "could not connect to port " + access.port() + ": " + e.getMessage(), e);
  }

  private static String methods(HostAccess access) {
    if (access.privateKey() != null && access.password() != null) {
      return "key " + access.privateKey() + ", password";
    }
    if (access.privateKey() != null) {
      return "key " + access.privateKey();
    }
    if (access.password() != null) {
      return "password";
    }
    return "no password or key given";
  }

  /** Accepts every host key: only when the user turned host-key checking off. */
  private enum TrustAll implements HostKeyRepository {
    INSTANCE;

    @Override
    public int check(String host, byte[] key) {
      return OK;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {}

    @Override
    public void remove(String host, String type) {}

    @Override
    public void remove(String host, String type, byte[] key) {}

    @Override
    public String getKnownHostsRepositoryID() {
      return "none";
    }

    @Override
    public HostKey[] getHostKey() {
      return new HostKey[0];
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
      return new HostKey[0];
    }
  }

  /** Answers no to every question JSch might ask: Sealer never prompts. */
  private enum NoPrompts implements UserInfo {
    INSTANCE;

    @Override
    public @Nullable String getPassphrase() {
      return null;
    }

    @Override
    public @Nullable String getPassword() {
      return null;
    }

    @Override
    public boolean promptPassword(String message) {
      return false;
    }

    @Override
    public boolean promptPassphrase(String message) {
      return false;
    }

    @Override
    public boolean promptYesNo(String message) {
      return false;
    }

    @Override
    public void showMessage(String message) {}
  }
}
