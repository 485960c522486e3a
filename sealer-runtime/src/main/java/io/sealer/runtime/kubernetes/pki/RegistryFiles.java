package io.sealer.runtime.kubernetes.pki;

import io.sealer.api.SealerException;
import io.sealer.api.cluster.LocalRegistry;
import io.sealer.filesystem.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The files a local registry needs in the cluster rootfs (spec §6.4): {@code etc/registry_htpasswd}
 * (bcrypt) when a username and password are set, and, unless the registry is insecure, the
 * self-signed {@code certs/<domain>.crt|.key} (CN {@code registry-ca}, the domain and the extra
 * names and IPs, 100 years). Files already there are kept; the password never leaves this class but
 * as its bcrypt hash.
 */
public final class RegistryFiles {
  private static final Duration VALIDITY = Duration.ofDays(36_500);
  private static final int BCRYPT_COST = 10;

  private RegistryFiles() {}

  /**
   * Puts what is missing into {@code rootfs}: files the image carries are used as they are; the
   * others are made once into {@code kept} (the cluster's own directory on this machine, so that
   * every later run and every re-prepared image sends the same certificate) and copied from there.
   *
   * @throws SealerException naming the file when only one of the certificate and key is there
   */
  public static void ensure(Path rootfs, Path kept, LocalRegistry reg) {
    try {
      if (reg.username() != null
          && !reg.username().isBlank()
          && reg.password() != null
          && !reg.password().isEmpty()) {
        String htpasswd = "etc/registry_htpasswd";
        if (!exists(rootfs.resolve(htpasswd))) {
          if (!exists(kept.resolve(htpasswd))) {
            Files.createDirectories(kept.resolve(htpasswd).getParent());
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            String hash =
                OpenBSDBCrypt.generate("2y", reg.password().toCharArray(), salt, BCRYPT_COST);
            AtomicFiles.write(
                kept.resolve(htpasswd),
                (reg.username() + ":" + hash + "\n").getBytes(StandardCharsets.UTF_8),
                PemFiles.PRIVATE);
          }
          copy(kept.resolve(htpasswd), rootfs.resolve(htpasswd));
        }
      }
      if (reg.insecure()) {
        return;
      }
      String crt = "certs/" + reg.domain() + ".crt";
      String key = "certs/" + reg.domain() + ".key";
      if (pair(rootfs, crt, key)) {
        return;
      }
      if (!pair(kept, crt, key)) {
        Files.createDirectories(kept.resolve(crt).getParent());
        CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC());
        KeyPair keys = issuer.newKeyPair();
        X509Certificate cert = selfSigned(issuer, reg, keys);
        PemFiles.write(kept.resolve(key), keys.getPrivate(), PemFiles.PRIVATE);
        PemFiles.write(kept.resolve(crt), cert, PemFiles.PUBLIC);
      }
      copy(kept.resolve(key), rootfs.resolve(key));
      copy(kept.resolve(crt), rootfs.resolve(crt));
    } catch (IOException e) {
      throw new SealerException(
          "could not write the registry files in " + rootfs + ": " + e.getMessage(), e);
    }
  }

  /** Whether both files are in {@code dir} (and readable as PEM); only one is an error. */
  private static boolean pair(Path dir, String crt, String key) {
    boolean hasCrt = exists(dir.resolve(crt));
    boolean hasKey = exists(dir.resolve(key));
    if (hasCrt != hasKey) {
      throw new SealerException(
          "the registry certificate needs both "
              + dir.resolve(crt)
              + " and "
              + dir.resolve(key)
              + ", but only "
              + dir.resolve(hasCrt ? crt : key)
              + " is there; remove it or add the other");
    }
    if (hasCrt) {
      PemFiles.readCertificate(dir.resolve(crt)); // a file that is no PEM fails here, named
      PemFiles.readPrivateKey(dir.resolve(key));
    }
    return hasCrt;
  }

  private static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    AtomicFiles.write(
        to,
        Files.readAllBytes(from),
        Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
  }

  private static X509Certificate selfSigned(
      CertificateIssuer issuer, LocalRegistry reg, KeyPair keys) {
    Set<Sans.San> sans = new LinkedHashSet<>();
    String where = "registry certificate names";
    sans.add(Sans.parse(reg.domain(), where));
    reg.certDnsNames().forEach(n -> sans.add(Sans.parse(n, where)));
    reg.certIps().forEach(n -> sans.add(Sans.parse(n, where)));
    return issuer.selfSigned(
        CertSpec.servingAuthority("registry", "registry-ca", sans), keys, VALIDITY);
  }
}
