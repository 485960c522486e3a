package io.sealer.image.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: an HTTP/1.1 proxy in front of a registry that injects faults: it answers matching
 * requests with a 5xx, or cuts the connection after some bytes of a request or response body. Each
 * request gets its own upstream connection ({@code Connection: close}) so rules see every request.
 */
final class FaultProxyFixture implements AutoCloseable {
  /** What to do to a request. */
  enum Kind {
    STATUS,
    CUT_REQUEST,
    CUT_RESPONSE
  }

  private record Rule(
      String method, String pathContains, Kind kind, long value, AtomicInteger left) {}

  private final int targetPort;
  private final ServerSocket server;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();
  private final Thread acceptor;

  FaultProxyFixture(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "fault-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  String host() {
    return "127.0.0.1:" + port();
  }

  /** The next {@code times} matching requests get this fault. */
  FaultProxyFixture add(String method, String pathContains, Kind kind, long value, int times) {
    rules.add(new Rule(method, pathContains, kind, value, new AtomicInteger(times)));
    return this;
  }

  int injected() {
    return injected.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> handle(client), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client;
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      InputStream in = new java.io.BufferedInputStream(client.getInputStream());
      in.mark(1);
      if (in.read() == 0x16) {
        // a TLS handshake to this plain-HTTP proxy: answer as a plain server does
        client
            .getOutputStream()
            .write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return;
      }
      in.reset();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
      Rule rule = match(requestLine[0], requestLine[1]);
      StringBuilder rewritten = new StringBuilder();
      long contentLength = 0;
      for (String line : head.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("connection:")) {
          continue;
        }
        if (lower.startsWith("content-length:")) {
          contentLength = Long.parseLong(line.substring(15).trim());
        }
        rewritten.append(line).append("\r\n");
      }
      rewritten.append("Connection: close\r\n\r\n");
      if (rule != null && rule.kind() == Kind.STATUS) {
        in.readNBytes((int) Math.min(contentLength, Integer.MAX_VALUE));
        OutputStream out = client.getOutputStream();
        out.write(
            ("HTTP/1.1 "
                    + rule.value()
                    + " Injected\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return;
      }
      OutputStream up = upstream.getOutputStream();
      up.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
      long requestLimit =
          rule != null && rule.kind() == Kind.CUT_REQUEST ? rule.value() : contentLength;
      long copied = copy(in, up, Math.min(requestLimit, contentLength));
      up.flush();
      if (copied < contentLength) {
        return; // cut the request body: close both sides
      }
      InputStream down = upstream.getInputStream();
      OutputStream out = client.getOutputStream();
      String responseHead = readHead(down);
      if (responseHead == null) {
        return;
      }
      out.write(responseHead.getBytes(StandardCharsets.ISO_8859_1));
      long responseLimit =
          rule != null && rule.kind() == Kind.CUT_RESPONSE ? rule.value() : Long.MAX_VALUE;
      copy(down, out, responseLimit);
      out.flush();
    } catch (IOException e) {
      // a cut or a closed client: nothing to do
    }
  }

  private Rule match(String method, String path) {
    for (Rule r : rules) {
      if (r.method().equals(method) && path.contains(r.pathContains())) {
        if (r.left().getAndDecrement() > 0) {
          injected.incrementAndGet();
          return r;
        }
      }
    }
    return null;
  }

  private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    while (total < limit) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      state =
          (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
              ? state + 1
              : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
