package io.sealer.runtime.kubernetes.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The real {@code openssl} and {@code kubectl}, run as processes to check what we wrote. */
final class Tools {
  static final Path KUBECTL = Path.of("/usr/local/bin/kubectl");

  private Tools() {}

  record Result(int exit, String out) {}

  static Result run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("could not run " + command[0] + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String ok(String... command) {
    Result r = run(command);
    assertThat(r.exit()).as(String.join(" ", command) + "\n" + r.out()).isZero();
    return r.out();
  }

  /** {@code openssl x509 -noout -text} of a certificate file. */
  static String text(Path crt) {
    return ok("openssl", "x509", "-noout", "-text", "-in", crt.toString());
  }

  /** The value after {@code label} on the same line of openssl's text. */
  static String field(String text, String label) {
    for (String line : text.split("\n")) {
      int at = line.indexOf(label);
      if (at >= 0) {
        return line.substring(at + label.length()).trim();
      }
    }
    throw new AssertionError("no '" + label + "' in\n" + text);
  }

  /** The line after the header {@code label} (how openssl prints an extension's value). */
  static String extension(String text, String label) {
    List<String> lines = Arrays.asList(text.split("\n"));
    for (int i = 0; i < lines.size() - 1; i++) {
      if (lines.get(i).trim().startsWith(label)) {
        String header = lines.get(i).trim().substring(label.length()).trim();
        return (header + " | " + lines.get(i + 1).trim()).trim();
      }
    }
    return "";
  }

  static Set<String> sans(String text) {
    String value = extension(text, "X509v3 Subject Alternative Name:");
    if (value.isEmpty()) {
      return Set.of();
    }
    return new LinkedHashSet<>(
        Arrays.asList(value.substring(value.indexOf('|') + 1).trim().split(", ")));
  }

  /** {@code openssl verify -CAfile ca cert}: true when the chain holds. */
  static void verify(Path ca, Path crt) {
    String out = ok("openssl", "verify", "-CAfile", ca.toString(), crt.toString());
    assertThat(out.trim()).isEqualTo(crt + ": OK");
  }

  /** The public key of a certificate and of a private key, as openssl prints them. */
  static void keyMatches(Path crt, Path key) {
    String fromCert = ok("openssl", "x509", "-noout", "-pubkey", "-in", crt.toString());
    String fromKey = ok("openssl", "pkey", "-pubout", "-in", key.toString());
    assertThat(fromKey).as(key + " belongs to " + crt).isEqualTo(fromCert);
  }

  static boolean hasKubectl() {
    return Files.isExecutable(KUBECTL);
  }

  static String kubectl(Path kubeconfig, String jsonPath) {
    List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "config", "view"));
    cmd.addAll(
        List.of("--kubeconfig", kubeconfig.toString(), "--raw", "-o", "jsonpath=" + jsonPath));
    return ok(cmd.toArray(String[]::new));
  }
}
