package io.sealer.runtime.kubernetes.pki;

import io.sealer.filesystem.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.jspecify.annotations.Nullable;

/**
 * PEM files as kubeadm writes them: certificates {@code CERTIFICATE} (0644), private keys in PKCS#1
 * {@code RSA PRIVATE KEY} (0600), public keys {@code PUBLIC KEY} (0644); each written atomically.
 * Keys in PKCS#8 or EC form are read too, so an authority made by kubeadm itself can be reused.
 */
final class PemFiles {
  static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

  /** No PEM file of ours comes near this; a bigger one is not read into memory. */
  static final int MAX_BYTES = 1 << 20;

  private PemFiles() {}

  static String pem(Object value) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(value);
    } catch (IOException e) {
      throw new IllegalStateException("could not encode " + value.getClass().getSimpleName(), e);
    }
    return out.toString();
  }

  static void write(Path file, Object value, Set<PosixFilePermission> mode) {
    try {
      AtomicFiles.write(file, pem(value).getBytes(StandardCharsets.US_ASCII), mode);
    } catch (IOException e) {
      throw new PkiException("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The certificate in {@code file}, or {@code null} if there is no such file. */
  static @Nullable X509Certificate readCertificate(Path file) {
    String text = readText(file);
    return text == null ? null : certificate(text, file.toString());
  }

  /** The private key in {@code file}, or {@code null} if there is no such file. */
  static @Nullable PrivateKey readPrivateKey(Path file) {
    String text = readText(file);
    return text == null ? null : privateKey(text, file.toString());
  }

  /** The first certificate in PEM text; {@code what} names the text's source for errors. */
  static X509Certificate certificate(String pem, String what) {
    if (!(parse(pem, what) instanceof X509CertificateHolder holder)) {
      throw new PkiException("could not read " + what + ": no PEM certificate in it");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new PkiException("could not read " + what + ": " + e.getMessage(), e);
    }
  }

  /** The first unencrypted private key (PKCS#1, EC or PKCS#8) in PEM text. */
  static PrivateKey privateKey(String pem, String what) {
    Object value = parse(pem, what);
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (value instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (value instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (IOException e) {
      throw new PkiException("could not read " + what + ": " + e.getMessage(), e);
    }
    throw new PkiException("could not read " + what + ": no unencrypted PEM private key in it");
  }

  /** True if {@code key} is the private half of {@code publicKey} (a test signature verifies). */
  static boolean matches(PrivateKey key, PublicKey publicKey) {
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    try {
      byte[] probe = "sealer key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static @Nullable String readText(Path file) {
    if (Files.isSymbolicLink(file)) {
      throw new PkiException("could not read " + file + ": it is a symbolic link");
    }
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new PkiException("could not read " + file + ": not a regular file");
        }
        return null;
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new PkiException("could not read " + file + ": larger than " + MAX_BYTES + " bytes");
      }
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new PkiException("could not read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Object parse(String text, String what) {
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      Object value = parser.readObject();
      if (value == null) {
        throw new PkiException("could not read " + what + ": no PEM block in it");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof PkiException p) {
        throw p;
      }
      throw new PkiException(
          "could not read " + what + ": not valid PEM (" + e.getMessage() + ")", e);
    }
  }
}
