package io.sealer.runtime.kubernetes.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One certificate tree made once per test JVM and shared by the test classes, so that the 2048-bit
 * keys (the slow part) are made once; tests that change a tree copy its authorities into their own
 * directory first. Removed when the JVM exits.
 */
final class SharedPki {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final PkiNode MASTER0 = new PkiNode("master0", "192.168.0.2");
  static final PkiNode MASTER1 = new PkiNode("master1", "192.168.0.3");

  private static Path root;
  private static PkiReport report;

  private SharedPki() {}

  /** The cluster every test starts from: two masters, a service CIDR, two extra SANs. */
  static KubernetesPki.Builder cluster() {
    return KubernetesPki.builder()
        .masters(List.of(MASTER0, MASTER1))
        .serviceCidr("10.100.0.0/16")
        .certSans(List.of("k8s.example.com", "203.0.113.10"))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** The shared {@code pki} directory of master0 (do not change it). */
  static synchronized Path pki() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("sealer-pki-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
      report = cluster().build().writeCertificates(root.resolve("pki"), MASTER0);
    }
    return root.resolve("pki");
  }

  /** What the first {@code writeCertificates} reported. */
  static synchronized PkiReport firstReport() {
    pki();
    return report;
  }

  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
