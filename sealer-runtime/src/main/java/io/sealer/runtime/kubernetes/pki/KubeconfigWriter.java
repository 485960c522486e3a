package io.sealer.runtime.kubernetes.pki;

import io.sealer.filesystem.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes a kubeconfig as kubeadm does: one cluster (the API server URL and the embedded CA), one
 * user named after the client certificate's common name (certificate and key embedded), and the
 * context {@code <user>@<cluster>} as the current one. Written 0600 and atomically, through
 * snakeyaml-engine so that no value can break the YAML.
 */
final class KubeconfigWriter {
  private static final Dump DUMP =
      new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());

  private final CertificateIssuer issuer;
  private final Duration validity;

  KubeconfigWriter(Clock clock, Duration validity) {
    this.issuer = new CertificateIssuer(clock);
    this.validity = validity;
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
