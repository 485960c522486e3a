package io.sealer.image.registry;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context that sets up the real one (trusting any certificate) only when a TLS connection is
 * first made. An insecure registry is tried over plain HTTP first; when it answers there, no TLS is
 * needed and the 100-200 ms the JDK spends setting up TLS are saved, which is a large part of a
 * push that finds everything already in the registry. The HTTP client must be given explicit {@link
 * SSLParameters} (see {@link #parameters()}), else it asks the context for its defaults at once.
 */
final class LazyTlsContext extends SSLContextSpi {
  private volatile SSLContext real;

  private LazyTlsContext() {}

  /** A context accepting any certificate, set up on first use. */
  static SSLContext trustingAll() {
    return new SSLContext(new LazyTlsContext(), null, "TLS") {};
  }

  /**
   * Parameters that leave protocols and cipher suites to the engine's defaults (the context's
   * defaults, without asking the context for them up front).
   */
  static SSLParameters parameters() {
    return new SSLParameters();
  }

  private SSLContext real() {
    SSLContext context = real;
    if (context == null) {
      synchronized (this) {
        context = real;
        if (context == null) {
          try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new RegistryTrust.TrustAll()}, null);
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not set up TLS: " + e, e);
          }
          real = context;
        }
      }
    }
    return context;
  }

  @Override
  protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
    // set up on first use
  }

  @Override
  protected SSLSocketFactory engineGetSocketFactory() {
    return real().getSocketFactory();
  }

  @Override
  protected SSLServerSocketFactory engineGetServerSocketFactory() {
    return real().getServerSocketFactory();
  }

  @Override
  protected SSLEngine engineCreateSSLEngine() {
    return real().createSSLEngine();
  }

  @Override
  protected SSLEngine engineCreateSSLEngine(String host, int port) {
    return real().createSSLEngine(host, port);
  }

  @Override
  protected SSLSessionContext engineGetServerSessionContext() {
    return real().getServerSessionContext();
  }

  @Override
  protected SSLSessionContext engineGetClientSessionContext() {
    return real().getClientSessionContext();
  }

  @Override
  protected SSLParameters engineGetDefaultSSLParameters() {
    return real().getDefaultSSLParameters();
  }

  @Override
  protected SSLParameters engineGetSupportedSSLParameters() {
    return real().getSupportedSSLParameters();
  }
}
