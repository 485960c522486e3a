package io.sealer.runtime.kubernetes.pki;

import io.sealer.filesystem.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes a kubeconfig as kubeadm does: one cluster (the API server URL and the embedded CA), one
 * user named after the client certificate's common name (certificate and key embedded), and the
 * context {@code <user>@<cluster>} as the current one. Written 0600 and atomically, through
 * snakeyaml-engine so that no value can break the YAML.
 */
final class KubeconfigWriter {
  private static final Load LOAD =
      new Load(
          LoadSettings.builder()
              .setAllowDuplicateKeys(false)
              .setMaxAliasesForCollections(0)
              .build());
  private static final Dump DUMP =
      new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());

  private final CertificateIssuer issuer;
  private final Clock clock;
  private final Duration validity;

  KubeconfigWriter(Clock clock, Duration validity) {
    this.issuer = new CertificateIssuer(clock);
    this.clock = clock;
    this.validity = validity;
  }

  /**
   * Keeps {@code file} if it already is this kubeconfig (same server, cluster, user and CA, a
   * client certificate of that CA with the right subject, unexpired, its key matching); otherwise
   * writes it anew.
   *
   * @return true if the file was written
   */
  boolean ensure(Path file, CertSpec client, Authority ca, String server, String clusterName) {
    if (fits(file, client, ca, server, clusterName)) {
      return false;
    }
    write(file, client, ca, server, clusterName);
    return true;
  }

  /** Issues a client certificate for {@code client} and writes the kubeconfig to {@code file}. */
  void write(Path file, CertSpec client, Authority ca, String server, String clusterName) {
    KeyPair keys = issuer.newKeyPair();
    X509Certificate cert = issuer.issue(client, keys.getPublic(), ca, validity);
    String user = client.commonName();
    String context = user + "@" + clusterName;
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("certificate-authority-data", base64(PemFiles.pem(ca.certificate())));
    cluster.put("server", server);
    Map<String, Object> credentials = new LinkedHashMap<>();
    credentials.put("client-certificate-data", base64(PemFiles.pem(cert)));
    credentials.put("client-key-data", base64(PemFiles.pem(keys.getPrivate())));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "v1");
    doc.put("clusters", List.of(ordered("cluster", cluster, "name", clusterName)));
    doc.put(
        "contexts",
        List.of(
            ordered("context", ordered("cluster", clusterName, "user", user), "name", context)));
    doc.put("current-context", context);
    doc.put("kind", "Config");
    doc.put("preferences", Map.of());
    doc.put("users", List.of(ordered("name", user, "user", credentials)));
    try {
      AtomicFiles.write(
          file, DUMP.dumpToString(doc).getBytes(StandardCharsets.UTF_8), PemFiles.PRIVATE);
    } catch (IOException e) {
      throw new PkiException("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  private boolean fits(
      Path file, CertSpec client, Authority ca, String server, String clusterName) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          || Files.size(file) > PemFiles.MAX_BYTES) {
        return false;
      }
      Map<?, ?> doc = (Map<?, ?>) LOAD.loadFromString(Files.readString(file));
      Map<?, ?> clusterEntry = only(doc.get("clusters"));
      Map<?, ?> cluster = (Map<?, ?>) clusterEntry.get("cluster");
      Map<?, ?> contextEntry = only(doc.get("contexts"));
      Map<?, ?> context = (Map<?, ?>) contextEntry.get("context");
      Map<?, ?> userEntry = only(doc.get("users"));
      Map<?, ?> user = (Map<?, ?>) userEntry.get("user");
      String name = client.commonName();
      String contextName = name + "@" + clusterName;
      if (!clusterName.equals(clusterEntry.get("name"))
          || !server.equals(cluster.get("server"))
          || !base64(PemFiles.pem(ca.certificate()))
              .equals(cluster.get("certificate-authority-data"))
          || !contextName.equals(contextEntry.get("name"))
          || !contextName.equals(doc.get("current-context"))
          || !clusterName.equals(context.get("cluster"))
          || !name.equals(context.get("user"))
          || !name.equals(userEntry.get("name"))) {
        return false;
      }
      X509Certificate cert =
          PemFiles.certificate(decode(user.get("client-certificate-data")), file.toString());
      PrivateKey key = PemFiles.privateKey(decode(user.get("client-key-data")), file.toString());
      cert.verify(ca.certificate().getPublicKey());
      return new JcaX509CertificateHolder(cert).getSubject().equals(client.subject())
          && List.of(KeyPurposeId.id_kp_clientAuth.getId()).equals(cert.getExtendedKeyUsage())
          && cert.getNotAfter().toInstant().isAfter(clock.instant())
          && PemFiles.matches(key, cert.getPublicKey());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return false; // anything unexpected: written anew
    }
  }

  private static Map<?, ?> only(@Nullable Object list) {
    List<?> items = (List<?>) list;
    if (items == null || items.size() != 1) {
      throw new IllegalArgumentException("not exactly one entry");
    }
    return (Map<?, ?>) items.get(0);
  }

  private static String decode(@Nullable Object base64) {
    return new String(Base64.getDecoder().decode((String) base64), StandardCharsets.US_ASCII);
  }

  private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
