package io.sealer.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS context for one registry: the system trust store plus every {@code *.crt} in
 * {@code <dir>/<host:port>/} of the {@code certs.d} directories (containers, Docker and Sealer's
 * own), or, for an insecure registry, a context that accepts any certificate.
 */
final class RegistryTrust {
  private RegistryTrust() {}

  static SSLContext context(String registry, List<Path> certsDirs, boolean insecure) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      if (insecure) {
        context.init(null, new TrustManager[] {new TrustAll()}, null);
        return context;
      }
      List<X509Certificate> extra = new ArrayList<>();
      for (Path dir : certsDirs) {
        Path hostDir = dir.resolve(registry);
        if (!Files.isDirectory(hostDir)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(hostDir, "*.crt")) {
          for (Path file : files) {
            extra.addAll(read(file));
          }
        }
      }
      if (extra.isEmpty()) {
        context.init(null, null, null);
        return context;
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate cert : systemCertificates()) {
        store.setCertificateEntry("system-" + i++, cert);
      }
      for (X509Certificate cert : extra) {
        store.setCertificateEntry("certs.d-" + i++, cert);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "could not set up TLS for registry " + registry + ": " + e, e);
    }
  }

  private static List<X509Certificate> read(Path file)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> certs = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certs.add((X509Certificate) c);
      }
    }
    return certs;
  }

  private static List<X509Certificate> systemCertificates() throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    List<X509Certificate> certs = new ArrayList<>();
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        certs.addAll(List.of(x509.getAcceptedIssuers()));
      }
    }
    return certs;
  }

  /** Accepts every certificate and host name: only for registries the user marked insecure. */
  static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
