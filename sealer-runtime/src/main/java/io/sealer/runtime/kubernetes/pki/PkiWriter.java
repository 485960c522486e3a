package io.sealer.runtime.kubernetes.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.jspecify.annotations.Nullable;

/**
 * Writes one directory of certificates, keeping what is still right: an authority found on disk is
 * always reused (a new one would orphan every certificate it signed, so a damaged one is an error,
 * not a reason to replace it); a leaf is kept only if its key matches, it was signed by the current
 * authority, has the wanted subject, usages and SANs and has not expired; otherwise it is issued
 * again. Keys are written before certificates, so a crash in between leaves a mismatched pair that
 * the next run re-issues.
 */
final class PkiWriter {
  private final CertificateIssuer issuer;
  private final Clock clock;
  private final Duration authorityValidity;
  private final Duration certificateValidity;
  private final List<String> issued = new ArrayList<>();
  private final List<String> reused = new ArrayList<>();

  PkiWriter(Clock clock, Duration authorityValidity, Duration certificateValidity) {
    this.issuer = new CertificateIssuer(clock);
    this.clock = clock;
    this.authorityValidity = authorityValidity;
    this.certificateValidity = certificateValidity;
  }

  PkiReport report() {
    return new PkiReport(issued, reused);
  }

  Authority authority(Path dir, CertSpec spec) {
    Path crtFile = dir.resolve(spec.path() + ".crt");
    Path keyFile = dir.resolve(spec.path() + ".key");
    X509Certificate cert = PemFiles.readCertificate(crtFile);
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    if (cert == null && key == null) {
      KeyPair keys = issuer.newKeyPair();
      X509Certificate made = issuer.selfSigned(spec, keys, authorityValidity);
      PemFiles.write(keyFile, keys.getPrivate(), PemFiles.PRIVATE);
      PemFiles.write(crtFile, made, PemFiles.PUBLIC);
      issued.add(spec.path() + ".crt");
      issued.add(spec.path() + ".key");
      return new Authority(spec.path(), made, keys.getPrivate());
    }
    String what = "could not use the certificate authority " + crtFile;
    if (cert == null || key == null) {
      Path missing = cert == null ? crtFile : keyFile;
      throw new PkiException(
          what
              + ": "
              + missing.getFileName()
              + " is missing (restore it; only if nothing was ever signed by it, remove both files"
              + " to make a new authority)");
    }
    if (!PemFiles.matches(key, cert.getPublicKey())) {
      throw new PkiException(what + ": " + keyFile.getFileName() + " is not its private key");
    }
    if (cert.getBasicConstraints() < 0) {
      throw new PkiException(what + ": it is not a CA certificate");
    }
    if (!cert.getNotAfter().toInstant().isAfter(clock.instant())) {
      throw new PkiException(what + ": it expired on " + cert.getNotAfter().toInstant());
    }
    reused.add(spec.path() + ".crt");
    reused.add(spec.path() + ".key");
    return new Authority(spec.path(), cert, key);
  }

  void leaf(Path dir, CertSpec spec, Authority authority) {
    Path crtFile = dir.resolve(spec.path() + ".crt");
    Path keyFile = dir.resolve(spec.path() + ".key");
    X509Certificate cert = readQuietly(crtFile);
    PrivateKey key = readKeyQuietly(keyFile);
    if (cert != null && key != null && fits(cert, key, spec, authority)) {
      reused.add(spec.path() + ".crt");
      reused.add(spec.path() + ".key");
      return;
    }
    KeyPair keys = issuer.newKeyPair();
    X509Certificate made = issuer.issue(spec, keys.getPublic(), authority, certificateValidity);
    PemFiles.write(keyFile, keys.getPrivate(), PemFiles.PRIVATE);
    PemFiles.write(crtFile, made, PemFiles.PUBLIC);
    issued.add(spec.path() + ".crt");
    issued.add(spec.path() + ".key");
  }

  /** The service-account signing key {@code sa.key} and its public half {@code sa.pub}. */
  void serviceAccount(Path dir) {
    Path keyFile = dir.resolve("sa.key");
    Path pubFile = dir.resolve("sa.pub");
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    PublicKey pub;
    if (key == null) {
      KeyPair keys = issuer.newKeyPair();
      PemFiles.write(keyFile, keys.getPrivate(), PemFiles.PRIVATE);
      issued.add("sa.key");
      pub = keys.getPublic();
    } else {
      reused.add("sa.key");
      pub = publicHalf(key, keyFile);
    }
    String wanted = PemFiles.pem(pub);
    String present;
    try {
      present = Files.exists(pubFile) ? Files.readString(pubFile) : "";
    } catch (IOException e) {
      present = "";
    }
    if (present.equals(wanted)) {
      reused.add("sa.pub");
    } else {
      PemFiles.write(pubFile, pub, PemFiles.PUBLIC);
      issued.add("sa.pub");
    }
  }

  /** Refuses a subdirectory (such as {@code etcd}) that is a symbolic link or a file. */
  static void checkDirectory(Path dir) {
    if (Files.isSymbolicLink(dir)
        || (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
            && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))) {
      throw new PkiException("could not write certificates to " + dir + ": not a directory");
    }
  }

  private boolean fits(X509Certificate cert, PrivateKey key, CertSpec spec, Authority authority) {
    try {
      cert.verify(authority.certificate().getPublicKey());
    } catch (GeneralSecurityException e) {
      return false;
    }
    try {
      JcaX509CertificateHolder holder = new JcaX509CertificateHolder(cert);
      Set<Sans.San> sans =
          holder.getExtensions() == null
              ? Set.of()
              : Set.copyOf(
                  Sans.fromGeneralNames(
                      Objects.requireNonNullElse(
                          GeneralNames.fromExtensions(
                              holder.getExtensions(), Extension.subjectAlternativeName),
                          new GeneralNames(new GeneralName[0]))));
      List<String> usages = cert.getExtendedKeyUsage();
      List<String> wantedUsages =
          Arrays.stream(CertificateIssuer.extendedUsage(spec.usage()).getUsages())
              .map(KeyPurposeId::getId)
              .toList();
      return PemFiles.matches(key, cert.getPublicKey())
          && holder
              .getIssuer()
              .equals(
                  X500Name.getInstance(
                      authority.certificate().getSubjectX500Principal().getEncoded()))
          && holder.getSubject().equals(spec.subject())
          && sans.equals(Set.copyOf(spec.sans()))
          && usages != null
          && usages.equals(wantedUsages)
          && cert.getNotAfter().toInstant().isAfter(clock.instant());
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static @Nullable X509Certificate readQuietly(Path file) {
    try {
      return PemFiles.readCertificate(file);
    } catch (PkiException e) {
      return null; // unreadable: issued again
    }
  }

  private static @Nullable PrivateKey readKeyQuietly(Path file) {
    try {
      return PemFiles.readPrivateKey(file);
    } catch (PkiException e) {
      return null;
    }
  }

  private static PublicKey publicHalf(PrivateKey key, Path file) {
    if (key instanceof RSAPrivateCrtKey rsa) {
      try {
        return KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      } catch (GeneralSecurityException e) {
        throw new PkiException("could not read " + file + ": " + e.getMessage(), e);
      }
    }
    throw new PkiException("could not read " + file + ": not an RSA private key");
  }
}
