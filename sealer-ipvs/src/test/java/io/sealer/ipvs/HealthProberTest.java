package io.sealer.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes against real local servers: HTTP, HTTPS with a self-signed certificate, and liars. */
class HealthProberTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration TIMEOUT = Duration.ofMillis(800);

  @TempDir static Path dir;
  private static HttpServer http;
  private static HttpsServer https;
  private static final List<String> paths = new CopyOnWriteArrayList<>();
  private static final List<ServerSocket> liars = new ArrayList<>();
  private final HealthProber prober = new HealthProber();

  @BeforeAll
  static void startServers() throws Exception {
    http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
    http.createContext(
        "/",
        exchange -> {
          paths.add(exchange.getRequestURI().getPath());
          int status = exchange.getRequestURI().getPath().equals("/broken") ? 500 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    http.start();

    Path keystore = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-dname",
                "CN=some-master",
                "-validity",
                "2")
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    https = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    https.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(401, -1); // an API server without credentials says 401
          exchange.close();
        });
    https.start();
  }

  @AfterAll
  static void stopServers() throws IOException {
    http.stop(0);
    https.stop(0);
    for (ServerSocket liar : liars) {
      liar.close();
    }
  }

  private static Endpoint at(int port) {
    return new Endpoint(LOOPBACK, port);
  }

  private static HealthCheck check(HealthCheck.Scheme scheme, String path) {
    return new HealthCheck(scheme, path, TIMEOUT);
  }

  /** A server that accepts connections and then does what {@code behaviour} says. */
  private static Endpoint liar(SocketBehaviour behaviour) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
    liars.add(server);
    Thread thread =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  behaviour.handle(server.accept());
                } catch (IOException e) {
                  return;
                }
              }
            });
    thread.setDaemon(true);
    thread.start();
    return at(server.getLocalPort());
  }

  interface SocketBehaviour {
    void handle(Socket socket) throws IOException;
  }

  @Test
  void anyHttpAnswerIsHealthy() {
    ProbeResult ok =
        prober.probe(at(http.getAddress().getPort()), check(HealthCheck.Scheme.HTTP, "/healthz"));
    assertThat(ok.healthy()).isTrue();
    assertThat(ok.detail()).isEqualTo("HTTP 200");
    assertThat(paths).contains("/healthz");
    ProbeResult error =
        prober.probe(at(http.getAddress().getPort()), check(HealthCheck.Scheme.HTTP, "/broken"));
    assertThat(error.healthy()).isTrue();
    assertThat(error.detail()).isEqualTo("HTTP 500");
  }

  @Test
  void httpsWithASelfSignedCertificateIsHealthy() {
    ProbeResult result =
        prober.probe(at(https.getAddress().getPort()), check(HealthCheck.Scheme.HTTPS, "/healthz"));
    assertThat(result.healthy()).as(result.detail()).isTrue();
    assertThat(result.detail()).isEqualTo("HTTP 401");
  }

  @Test
  void httpsAgainstAPlainHttpServerIsUnhealthy() throws IOException {
    // A plain HTTP server that answers the TLS hello with a 400, as Go's servers do.
    Endpoint plain =
        liar(
            socket -> {
              try (socket) {
                socket.getInputStream().read(new byte[512]);
                socket.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes());
              }
            });
    ProbeResult result = prober.probe(plain, check(HealthCheck.Scheme.HTTPS, "/"));
    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).startsWith("TLS handshake failed");
    // The JDK's server waits for a request line that never comes: unhealthy by the timeout.
    assertThat(
            prober
                .probe(at(http.getAddress().getPort()), check(HealthCheck.Scheme.HTTPS, "/"))
                .healthy())
        .isFalse();
  }

  @Test
  void aClosedPortIsUnhealthyAtOnce() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    ProbeResult result = prober.probe(at(port), check(HealthCheck.Scheme.HTTP, "/"));
    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).isEqualTo("connection refused");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
  }

  @Test
  void aServerThatAcceptsAndNeverAnswersIsUnhealthyWithinTheTimeout() throws IOException {
    List<Socket> held = new CopyOnWriteArrayList<>();
    Endpoint silent = liar(held::add);
    for (HealthCheck.Scheme scheme : HealthCheck.Scheme.values()) {
      long start = System.nanoTime();
      ProbeResult result = prober.probe(silent, check(scheme, "/healthz"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(result.healthy()).isFalse();
      assertThat(result.detail()).isEqualTo("no answer within 800 ms");
      assertThat(took).isBetween(TIMEOUT.minusMillis(100), TIMEOUT.plusMillis(700));
    }
  }

  @Test
  void aServerThatTricklesBytesIsCutOffAtTheTimeout() throws IOException {
    Endpoint trickler =
        liar(
            socket ->
                new Thread(
                        () -> {
                          try (socket) {
                            for (int i = 0; i < 100; i++) {
                              socket.getOutputStream().write('H');
                              Thread.sleep(100);
                            }
                          } catch (IOException | InterruptedException e) {
                            // the probe hung up
                          }
                        })
                    .start());
    long start = System.nanoTime();
    ProbeResult result = prober.probe(trickler, check(HealthCheck.Scheme.HTTP, "/"));
    assertThat(result.healthy()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(700));
  }

  @Test
  void aServerThatHangsUpWithoutAnsweringIsUnhealthy() throws IOException {
    Endpoint rude = liar(Socket::close);
    ProbeResult result = prober.probe(rude, check(HealthCheck.Scheme.HTTP, "/"));
    assertThat(result.healthy()).isFalse();
    assertThat(result.detail())
        .isIn("closed the connection without an HTTP response", "Connection reset");
  }

  @Test
  void aServerThatAnswersSomethingElseIsUnhealthy() throws IOException {
    Endpoint ssh =
        liar(
            socket -> {
              try (socket) {
                socket.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes());
              }
            });
    ProbeResult result = prober.probe(ssh, check(HealthCheck.Scheme.HTTP, "/"));
    assertThat(result.healthy()).isFalse();
    assertThat(result.detail()).isEqualTo("answered something other than HTTP");
  }

  @Test
  void allServersAreProbedInParallel() throws IOException {
    List<Socket> held = new CopyOnWriteArrayList<>();
    List<Endpoint> servers =
        List.of(liar(held::add), liar(held::add), liar(held::add), at(http.getAddress().getPort()));
    long start = System.nanoTime();
    Map<Endpoint, ProbeResult> results =
        prober.probeAll(servers, check(HealthCheck.Scheme.HTTP, "/healthz"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isLessThan(TIMEOUT.multipliedBy(2));
    assertThat(results.keySet()).containsExactlyElementsOf(servers);
    assertThat(results.values())
        .extracting(ProbeResult::healthy)
        .containsExactly(false, false, false, true);
  }
}
