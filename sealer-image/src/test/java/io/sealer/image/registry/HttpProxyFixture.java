package io.sealer.image.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Test fixture: a forward HTTP proxy as a site's proxy behaves: {@code CONNECT host:port} opens a
 * tunnel, an absolute-URL request is relayed to its host; with credentials set it answers 407 to a
 * request without the right {@code Proxy-Authorization}. It records each request line.
 */
final class HttpProxyFixture implements AutoCloseable {
  final List<String> requestLines = new CopyOnWriteArrayList<>();
  private final ServerSocket server;
  private final @Nullable String requiredAuthorization;

  HttpProxyFixture(@Nullable String requiredAuthorization) throws IOException {
    this.requiredAuthorization = requiredAuthorization;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "http-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> handle(client), "http-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String requestLine = head.substring(0, head.indexOf("\r\n"));
      requestLines.add(requestLine);
      if (requiredAuthorization != null
          && !head.contains("\r\nProxy-Authorization: " + requiredAuthorization + "\r\n")) {
        client
            .getOutputStream()
            .write(
                "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
        return;
      }
      String[] parts = requestLine.split(" ");
      try (Socket upstream = new Socket()) {
        if (parts[0].equals("CONNECT")) {
          int colon = parts[1].lastIndexOf(':');
          upstream.connect(
              new InetSocketAddress(
                  parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1))));
          client
              .getOutputStream()
              .write(
                  "HTTP/1.1 200 Connection established\r\n\r\n"
                      .getBytes(StandardCharsets.ISO_8859_1));
        } else {
          URI target = URI.create(parts[1]);
          upstream.connect(
              new InetSocketAddress(
                  target.getHost(), target.getPort() > 0 ? target.getPort() : 80));
          // the registry (Go) accepts absolute URLs itself; the proxy's own header goes no further
          StringBuilder forward = new StringBuilder();
          for (String line : head.split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")) {
              forward.append(line).append("\r\n");
            }
          }
          forward.append("\r\n");
          upstream
              .getOutputStream()
              .write(forward.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        Thread back =
            new Thread(
                () -> {
                  try {
                    upstream.getInputStream().transferTo(client.getOutputStream());
                  } catch (IOException e) {
                    // one side closed
                  } finally {
                    try {
                      client.shutdownOutput();
                    } catch (IOException e) {
                      // closed already
                    }
                  }
                },
                "http-proxy-back");
        back.setDaemon(true);
        back.start();
        try {
          in.transferTo(upstream.getOutputStream());
          upstream.shutdownOutput();
        } catch (IOException e) {
          // one side closed
        }
        back.join();
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // the client went away
    }
  }

  /**
   * Reads a request head byte by byte (so that nothing after it is taken from the stream); {@code
   * null} if the stream ends first.
   */
  static @Nullable String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; (b = in.read()) >= 0; ) {
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
