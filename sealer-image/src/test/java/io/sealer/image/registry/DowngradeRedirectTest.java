package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.SealerSettings;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.RegistryLogin;
import io.sealer.image.store.ImageStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry on one port that speaks TLS and plain HTTP (by the first byte of a connection) and
 * redirects blob downloads from https to http on the same host and port: the credentials sent over
 * TLS must not follow the redirect onto plain HTTP.
 */
class DowngradeRedirectTest {
  private static final String USER = "user";
  private static final String PASSWORD = "pw-not-for-plain-http";

  @TempDir Path tmp;
  private ServerSocket socket;
  private final List<String> plainRequests = new CopyOnWriteArrayList<>();
  private final List<String> tlsRequests = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws IOException {
    if (socket != null) {
      socket.close();
    }
  }

  @Test
  void credentialsDoNotFollowARedirectFromHttpsToHttp() throws Exception {
    ImageStore source = ImageStores.openLayout(tmp.resolve("src"));
    Descriptor manifest = TestImages.image(source, ImageReference.parse("local/x:v1"), 3, 50_000);
    SSLContext tls = serverTls();
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    String registry = "127.0.0.1:" + socket.getLocalPort();
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    Thread acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket c = socket.accept();
                  Thread t = new Thread(() -> serve(c, tls, source, manifest, basic, registry));
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();

    DefaultRegistryClient client =
        new DefaultRegistryClient(
            ImageStores.openLayout(tmp.resolve("dst")),
            new SealerSettings(tmp.resolve("root"), tmp.resolve("home"), EventListener.NONE),
            List.of(),
            tmp.resolve("none.json"));
    client
        .withLogins(List.of(new RegistryLogin(registry, USER, PASSWORD)))
        .pull(
            ImageReference.parse(registry + "/team/app:v1"),
            PullOptions.defaults().withSkipTlsVerify(true).withPlatform(Platform.LINUX_AMD64));

    assertThat(tlsRequests)
        .anyMatch(h -> h.contains("authorization: " + basic.toLowerCase(Locale.ROOT)));
    assertThat(plainRequests).anyMatch(h -> h.contains("/blobs/"));
    assertThat(plainRequests).noneMatch(h -> h.contains("authorization:"));
  }

  private void serve(
      Socket raw,
      SSLContext tls,
      ImageStore source,
      Descriptor manifest,
      String basic,
      String registry) {
    try (raw) {
      PushbackInputStream peek = new PushbackInputStream(raw.getInputStream(), 1);
      int first = peek.read();
      if (first < 0) {
        return;
      }
      peek.unread(first);
      boolean https = first == 0x16; // a TLS handshake record
      Socket s = raw;
      InputStream in = peek;
      if (https) {
        SSLSocket ssl =
            (SSLSocket)
                tls.getSocketFactory()
                    .createSocket(raw, new java.io.ByteArrayInputStream(peek.readNBytes(1)), true);
        ssl.setUseClientMode(false);
        s = ssl;
        in = new java.io.BufferedInputStream(ssl.getInputStream());
      }
      OutputStream out = s.getOutputStream();
      for (String head; (head = HttpProxyFixture.readHead(in)) != null; ) {
        String lower = head.toLowerCase(Locale.ROOT);
        String path = head.substring(head.indexOf(' ') + 1, head.indexOf(" HTTP/"));
        (https ? tlsRequests : plainRequests).add(lower);
        if (!https) {
          if (!path.contains("/blobs/")) {
            answer(out, "400 Bad Request", "", new byte[0]);
            continue;
          }
          String digest = path.substring(path.lastIndexOf('/') + 1, path.indexOf('?'));
          answer(out, "200 OK", "", source.readBlob(Digest.parse(digest)));
          continue;
        }
        if (!lower.contains("authorization: " + basic.toLowerCase(Locale.ROOT))) {
          answer(out, "401 Unauthorized", "WWW-Authenticate: Basic realm=\"r\"\r\n", new byte[0]);
        } else if (path.equals("/v2/")) {
          answer(out, "200 OK", "", new byte[0]);
        } else if (path.endsWith("/manifests/v1")) {
          answer(
              out,
              "200 OK",
              "Content-Type: " + manifest.mediaType() + "\r\n",
              source.readBlob(manifest.digest()));
        } else if (path.contains("/blobs/")) {
          answer(
              out,
              "307 Temporary Redirect",
              "Location: http://" + registry + path + "?plain=1\r\n",
              new byte[0]);
        } else {
          answer(out, "404 Not Found", "", new byte[0]);
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void answer(OutputStream out, String status, String headers, byte[] body)
      throws IOException {
    out.write(
        ("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** A key pair and self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
  private SSLContext serverTls() throws Exception {
    Path store = tmp.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "registry",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(output).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }
}
