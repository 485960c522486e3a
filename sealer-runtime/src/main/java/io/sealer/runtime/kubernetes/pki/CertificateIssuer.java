package io.sealer.runtime.kubernetes.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes keys and certificates the way kubeadm does: RSA 2048 keys, SHA-256 signatures, random
 * serials, critical key usage and basic constraints, subject and authority key identifiers.
 * Validity starts five minutes in the past (for hosts whose clocks lag a little) and a leaf never
 * outlives its authority.
 */
final class CertificateIssuer {
  static final int KEY_BITS = 2048;
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  CertificateIssuer(Clock clock) {
    this.clock = clock;
  }

  KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(KEY_BITS, random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make RSA keys", e);
    }
  }

  /** A self-signed authority. */
  X509Certificate selfSigned(CertSpec spec, KeyPair keys, Duration validity) {
    Instant now = clock.instant();
    return build(
        spec, keys.getPublic(), spec.subject(), null, keys.getPrivate(), now, now.plus(validity));
  }

  /** A certificate for {@code publicKey} signed by {@code authority}. */
  X509Certificate issue(
      CertSpec spec, PublicKey publicKey, Authority authority, Duration validity) {
    Instant now = clock.instant();
    Instant notAfter = now.plus(validity);
    Instant caEnd = authority.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caEnd)) {
      notAfter = caEnd;
    }
    X500Name issuer =
        X500Name.getInstance(authority.certificate().getSubjectX500Principal().getEncoded());
    return build(spec, publicKey, issuer, authority.certificate(), authority.key(), now, notAfter);
  }

  private X509Certificate build(
      CertSpec spec,
      PublicKey publicKey,
      X500Name issuer,
      X509Certificate issuerCert,
      PrivateKey signingKey,
      Instant now,
      Instant notAfter) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(127, random).add(BigInteger.ONE),
              Date.from(now.minus(BACKDATE)),
              Date.from(notAfter),
              spec.subject(),
              publicKey);
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      if (spec.isAuthority()) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(
                KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
        builder.addExtension(
            Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(publicKey));
        if (!spec.sans().isEmpty()) {
          // an authority that also serves TLS under these names
          builder.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
          builder.addExtension(
              Extension.subjectAlternativeName, false, Sans.toGeneralNames(spec.sans()));
        }
      } else {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, extendedUsage(spec.usage()));
        builder.addExtension(
            Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(issuerCert));
        if (!spec.sans().isEmpty()) {
          builder.addExtension(
              Extension.subjectAlternativeName, false, Sans.toGeneralNames(spec.sans()));
        }
      }
      String algorithm =
          signingKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
    } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
      throw new PkiException(
          "could not sign certificate " + spec.path() + ".crt: " + e.getMessage(), e);
    }
  }

  static ExtendedKeyUsage extendedUsage(CertSpec.Usage usage) {
    return switch (usage) {
      case SERVER -> new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth);
      case CLIENT -> new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth);
      case SERVER_AND_CLIENT ->
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});
      case AUTHORITY ->
          throw new IllegalArgumentException("an authority has no extended key usage");
    };
  }
}
