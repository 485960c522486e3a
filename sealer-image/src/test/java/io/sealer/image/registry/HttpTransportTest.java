package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking HTTP/1.1 client against a scripted server on a raw socket, which sees exactly what
 * is sent and answers exactly what each test writes: framing, keep-alive, stale connections.
 */
class HttpTransportTest {
  private final HttpTransport http =
      new HttpTransport(
          () -> {
            throw new AssertionError("no TLS here");
          },
          2000,
          5000);
  private ScriptedServer server;

  @AfterEach
  void stop() throws IOException {
    http.closeIdle();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void keepsTheConnectionAliveAcrossRequests() throws Exception {
    server = new ScriptedServer(r -> answer(200, "hello " + r.path, false));
    for (int i = 0; i < 3; i++) {
      HttpTransport.Response response = http.send(HttpTransport.Request.get(server.uri("/a" + i)));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(read(response)).isEqualTo("hello /a" + i);
    }
    assertThat(server.connections.get()).isEqualTo(1);
    assertThat(server.requests.get(0).head).contains("Host: 127.0.0.1:" + server.port());
  }

  @Test
  void decodesChunkedBodiesAndKeepsTheConnection() throws Exception {
    server =
        new ScriptedServer(
            r ->
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n");
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/1")))))
        .isEqualTo("hello, world");
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/2")))))
        .isEqualTo("hello, world");
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void replacesAConnectionTheServerClosedWhileIdle() throws Exception {
    // answers without announcing the close, then hangs up: the pooled connection is stale
    server = new ScriptedServer(r -> answer(200, "ok", false), true);
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/1"))))).isEqualTo("ok");
    Thread.sleep(100);
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/2"))))).isEqualTo("ok");
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void aTimeoutOnAKeptConnectionIsNotSentAgain() throws Exception {
    // the first request is answered; the second, on the same connection, never is: it may have
    // been handled, so it must not be repeated on a new connection
    server = new ScriptedServer(r -> r.path.equals("/1") ? answer(200, "ok", false) : null);
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/1"))))).isEqualTo("ok");
    assertThatThrownBy(
            () -> http.send(HttpTransport.Request.get(server.uri("/finish")).withTimeout(300)))
        .isInstanceOf(java.net.SocketTimeoutException.class);
    assertThat(server.requests).hasSize(2);
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void honoursConnectionClose() throws Exception {
    server = new ScriptedServer(r -> answer(200, "bye", true), true);
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/1"))))).isEqualTo("bye");
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/2"))))).isEqualTo("bye");
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void headAnswersHaveNoBodyWhateverTheirLength() throws Exception {
    server =
        new ScriptedServer(
            r ->
                r.method.equals("HEAD")
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 12345\r\nDocker-Content-Digest: d\r\n\r\n"
                    : answer(200, "body", false));
    HttpTransport.Response head =
        http.send(new HttpTransport.Request("HEAD", server.uri("/x"), Map.of(), null, 0));
    assertThat(head.header("docker-content-digest")).contains("d");
    assertThat(read(head)).isEmpty();
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/y"))))).isEqualTo("body");
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void sendsBodiesWithTheirLength() throws Exception {
    server = new ScriptedServer(r -> answer(201, "got " + r.body.length, false));
    byte[] payload = new byte[300_000];
    new java.util.Random(7).nextBytes(payload);
    HttpTransport.Response response =
        http.send(
            new HttpTransport.Request(
                "PUT",
                server.uri("/up"),
                Map.of("Content-Type", "application/octet-stream"),
                HttpTransport.Body.bytes(payload),
                0));
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(read(response)).isEqualTo("got 300000");
    assertThat(server.requests.get(0).head).contains("Content-Length: 300000");
    assertThat(server.requests.get(0).body).isEqualTo(payload);

    http.send(new HttpTransport.Request("POST", server.uri("/start"), Map.of(), null, 0)).discard();
    assertThat(server.requests.get(1).head).contains("Content-Length: 0");
  }

  @Test
  void aBodyWritingLessThanItsLengthFails() throws Exception {
    server = new ScriptedServer(r -> answer(201, "", false));
    HttpTransport.Body liar =
        new HttpTransport.Body() {
          @Override
          public long length() {
            return 10;
          }

          @Override
          public void writeTo(OutputStream out) throws IOException {
            out.write(new byte[4]);
          }
        };
    assertThatThrownBy(
            () -> http.send(new HttpTransport.Request("PUT", server.uri("/up"), Map.of(), liar, 0)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("4 bytes, not 10");
  }

  @Test
  void aBodyCutShortIsAnErrorNotAShortRead() throws Exception {
    server =
        new ScriptedServer(r -> "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", true);
    HttpTransport.Response response = http.send(HttpTransport.Request.get(server.uri("/blob")));
    assertThatThrownBy(() -> response.body().readAllBytes())
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("91 bytes");
  }

  @Test
  void closingALongBodyEarlyDropsTheConnectionAShortOneIsDrained() throws Exception {
    String big = "x".repeat(200_000);
    server =
        new ScriptedServer(r -> answer(200, r.path.equals("/big") ? big : "short body", false));
    http.send(HttpTransport.Request.get(server.uri("/big"))).discard();
    http.send(HttpTransport.Request.get(server.uri("/small"))).discard();
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/small")))))
        .isEqualTo("short body");
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void anInterruptStopsABodyBeingRead() throws Exception {
    // a body that trickles: a read always returns soon, the end never comes
    try (ServerSocket trickle = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread serverThread =
          new Thread(
              () -> {
                try (Socket c = trickle.accept()) {
                  new BufferedInputStream(c.getInputStream()).read(new byte[4096]);
                  OutputStream out = c.getOutputStream();
                  out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n".getBytes());
                  for (int i = 0; i < 3000; i++) {
                    out.write(new byte[100]);
                    out.flush();
                    Thread.sleep(5);
                  }
                } catch (IOException | InterruptedException e) {
                  // the client hung up
                }
              });
      serverThread.setDaemon(true);
      serverThread.start();
      URI uri = URI.create("http://127.0.0.1:" + trickle.getLocalPort() + "/blob");
      java.util.concurrent.atomic.AtomicReference<Throwable> ended =
          new java.util.concurrent.atomic.AtomicReference<>();
      Thread reader =
          new Thread(
              () -> {
                try (InputStream in = http.send(HttpTransport.Request.get(uri)).body()) {
                  in.transferTo(OutputStream.nullOutputStream());
                } catch (Throwable t) {
                  ended.set(t);
                }
              });
      reader.start();
      Thread.sleep(200);
      reader.interrupt();
      reader.join(5000);
      assertThat(reader.isAlive()).isFalse();
      assertThat(ended.get()).isInstanceOf(java.io.InterruptedIOException.class);
    }
  }

  @Test
  void refusesHeadersThatWouldSplitTheRequest() {
    assertThatThrownBy(
            () ->
                new HttpTransport.Request(
                    "GET",
                    URI.create("http://127.0.0.1:1/"),
                    Map.of("Authorization", "Bearer x\r\nEvil: 1"),
                    null,
                    0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new HttpTransport.Request(
                    "GET /x", URI.create("http://127.0.0.1:1/"), Map.of(), null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aServerThatIsNotHttpIsReported() throws Exception {
    server = new ScriptedServer(r -> "SSH-2.0-OpenSSH_9.2\r\n", true);
    assertThatThrownBy(() -> http.send(HttpTransport.Request.get(server.uri("/"))))
        .isInstanceOf(java.net.ProtocolException.class)
        .hasMessageContaining("not an HTTP/1.x answer");
  }

  @Test
  void twoDifferentContentLengthsAreRefused() throws Exception {
    server =
        new ScriptedServer(
            r ->
                r.path.equals("/same")
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok"
                    : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\nok"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nevil");
    assertThatThrownBy(() -> http.send(HttpTransport.Request.get(server.uri("/x"))))
        .isInstanceOf(java.net.ProtocolException.class)
        .hasMessageContaining("conflicting Content-Length");
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/same"))))).isEqualTo("ok");
  }

  @Test
  void bytesBeyondAnAnswerAreNeverReadAsTheNextAnswer() throws Exception {
    // the first answer carries a second one behind its body: the connection must not be reused
    server =
        new ScriptedServer(
            r ->
                r.path.equals("/1")
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nevil"
                    : answer(200, "good", false));
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/1"))))).isEqualTo("ok");
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/2"))))).isEqualTo("good");
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void transferEncodingIsReadAsTokensNotBySubstring() throws Exception {
    server =
        new ScriptedServer(
            r ->
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                    + (r.path.equals("/x") ? "xchunked" : "gzip, chunked")
                    + "\r\n\r\n2\r\nok\r\n0\r\n\r\n");
    for (String path : List.of("/x", "/gzip")) {
      assertThatThrownBy(() -> http.send(HttpTransport.Request.get(server.uri(path))))
          .isInstanceOf(java.net.ProtocolException.class)
          .hasMessageContaining("unsupported Transfer-Encoding");
    }
  }

  @Test
  void connectionCloseWinsWhateverTheTokenOrder() throws Exception {
    server =
        new ScriptedServer(
            r -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: Close, keep-alive\r\n\r\nok");
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/1"))))).isEqualTo("ok");
    assertThat(read(http.send(HttpTransport.Request.get(server.uri("/2"))))).isEqualTo("ok");
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void aRequestThatChangesSomethingIsNeverSentTwice() throws Exception {
    // the POST on the kept connection is read, then the connection breaks with no answer: the
    // server may have acted on it, so the transport must not send it again
    server = new ScriptedServer(r -> r.method.equals("GET") ? answer(200, "ok", false) : CLOSE);
    for (String method : List.of("POST", "PUT", "PATCH")) {
      assertThat(read(http.send(HttpTransport.Request.get(server.uri("/1"))))).isEqualTo("ok");
      server.requests.clear();
      assertThatThrownBy(
              () ->
                  http.send(
                      new HttpTransport.Request(
                          method,
                          server.uri("/up"),
                          Map.of(),
                          HttpTransport.Body.bytes(new byte[10]),
                          0)))
          .isInstanceOf(IOException.class);
      assertThat(server.requests.stream().filter(r -> !r.method.equals("GET"))).hasSize(1);
    }
  }

  @Test
  void idleConnectionsAreClosedWithoutFurtherUse() throws Exception {
    HttpTransport shortIdle =
        new HttpTransport(
            () -> {
              throw new AssertionError("no TLS here");
            },
            uri -> java.util.Optional.empty(),
            2000,
            5000,
            200_000_000L);
    server = new ScriptedServer(r -> answer(200, "ok", false));
    assertThat(read(shortIdle.send(HttpTransport.Request.get(server.uri("/1"))))).isEqualTo("ok");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (server.closedByClient.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.closedByClient.get()).isEqualTo(1);
  }

  /** What a script returns to close the connection without answering. */
  static final String CLOSE = "<close>";

  private static String answer(int status, String body, boolean close) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "HTTP/1.1 "
        + status
        + " X\r\nContent-Length: "
        + bytes.length
        + "\r\n"
        + (close ? "Connection: close\r\n" : "")
        + "\r\n"
        + body;
  }

  private static String read(HttpTransport.Response response) throws IOException {
    try (InputStream in = response.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** One request as the server read it. */
  record Seen(String method, String path, String head, byte[] body) {}

  /** Answers each request with what the script returns; may hang up after each answer. */
  static final class ScriptedServer implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger closedByClient = new AtomicInteger();
    final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final Function<Seen, String> script;
    private final boolean hangUp;

    ScriptedServer(Function<Seen, String> script) throws IOException {
      this(script, false);
    }

    ScriptedServer(Function<Seen, String> script, boolean hangUp) throws IOException {
      this.script = script;
      this.hangUp = hangUp;
      this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::acceptLoop, "scripted-http");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port() + path);
    }

    private void acceptLoop() {
      while (!socket.isClosed()) {
        try {
          Socket client = socket.accept();
          connections.incrementAndGet();
          Thread t = new Thread(() -> serve(client), "scripted-http-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket client) {
      try (client) {
        InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        while (true) {
          String head = HttpProxyFixture.readHead(in);
          if (head == null) {
            closedByClient.incrementAndGet();
            return;
          }
          String[] first = head.substring(0, head.indexOf("\r\n")).split(" ");
          long length = 0;
          for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
              length = Long.parseLong(line.substring(15).trim());
            }
          }
          Seen seen = new Seen(first[0], first[1], head, in.readNBytes((int) length));
          requests.add(seen);
          String answer = script.apply(seen);
          if (CLOSE.equals(answer)) {
            return;
          }
          if (answer == null) {
            Thread.sleep(2000); // no answer at all
            return;
          }
          out.write(answer.getBytes(StandardCharsets.UTF_8));
          out.flush();
          if (hangUp) {
            return;
          }
        }
      } catch (IOException | InterruptedException e) {
        // the client went away
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
