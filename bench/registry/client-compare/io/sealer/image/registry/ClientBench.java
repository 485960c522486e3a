package io.sealer.image.registry;

import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Downloads the given blobs, six at once, each hashed with SHA-256 and discarded, through sealer's
 * {@code HttpTransport} ({@code own}) or Apache HttpClient 5 classic ({@code hc5}, pooled, its
 * input buffer set by {@code -Dhc.buffer}); run once per fresh JVM by {@code ../client-compare.sh}.
 * Not part of the build.
 */
public class ClientBench {
  public static void main(String[] a) throws Exception {
    String mode = a[0];
    String base = a[1];
    List<String> urls = new ArrayList<>();
    for (int i = 2; i < a.length; i++) urls.add(base + a[i]);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    long t0 = System.nanoTime();
    Object client;
    if (mode.equals("hc5")) {
      var cm =
          org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
              .setMaxConnPerRoute(8)
              .setConnectionFactory(
                  org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory.builder()
                      .http1Config(
                          org.apache.hc.core5.http.config.Http1Config.custom()
                              .setBufferSize(Integer.getInteger("hc.buffer", 8192))
                              .build())
                      .build())
              .build();
      client = org.apache.hc.client5.http.impl.classic.HttpClients.custom()
          .setConnectionManager(cm)
          .disableAutomaticRetries()
          .disableRedirectHandling()
          .build();
    } else {
      client = new HttpTransport(() -> { throw new AssertionError(); }, 15000, 30000);
    }
    List<Future<String>> results = new ArrayList<>();
    for (String url : urls) {
      results.add(pool.submit(() -> fetch(mode, client, url)));
    }
    long bytes = 0;
    for (Future<String> f : results) bytes += Long.parseLong(f.get().split(" ")[1]);
    long t1 = System.nanoTime();
    System.err.printf("%s %d bytes in %.0f ms%n", mode, bytes, (t1 - t0) / 1e6);
    pool.shutdown();
  }

  static String fetch(String mode, Object client, String url) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[256 * 1024];
    long n = 0;
    if (mode.equals("hc5")) {
      var c = (org.apache.hc.client5.http.impl.classic.CloseableHttpClient) client;
      return c.execute(
          new org.apache.hc.client5.http.classic.methods.HttpGet(url),
          response -> {
            long total = 0;
            try (InputStream in = response.getEntity().getContent()) {
              for (int r; (r = in.read(buf)) >= 0; ) { md.update(buf, 0, r); total += r; }
            }
            return HexFormat.of().formatHex(md.digest()) + " " + total;
          });
    }
    var t = (HttpTransport) client;
    HttpTransport.Response response = t.send(HttpTransport.Request.get(URI.create(url)));
    try (InputStream in = response.body()) {
      for (int r; (r = in.read(buf)) >= 0; ) { md.update(buf, 0, r); n += r; }
    }
    return HexFormat.of().formatHex(md.digest()) + " " + n;
  }
}
