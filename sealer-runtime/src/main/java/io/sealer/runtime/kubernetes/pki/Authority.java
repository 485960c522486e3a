package io.sealer.runtime.kubernetes.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A certificate authority loaded from (or written to) {@code <path>.crt} and {@code <path>.key}.
 *
 * @param path e.g. {@code ca}, {@code front-proxy-ca} or {@code etcd/ca}
 * @param certificate the authority's certificate
 * @param key its private key
 */
record Authority(String path, X509Certificate certificate, PrivateKey key) {}
