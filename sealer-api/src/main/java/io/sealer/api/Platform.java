package io.sealer.api;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OCI platform: operating system, architecture and optional variant, written {@code linux/arm64}
 * or {@code linux/arm/v7}.
 *
 * <p>Architectures are kept in Go/OCI spelling ({@code amd64}, {@code arm64}, {@code arm}); {@link
 * #fromUname(String)} maps the kernel's {@code uname -m} names to them, as Sealer does when it
 * groups hosts by platform.
 *
 * @param os the operating system, e.g. {@code linux}
 * @param architecture the architecture, e.g. {@code amd64}
 * @param variant the CPU variant, e.g. {@code v7}, or {@code null}
 */
public record Platform(String os, String architecture, @Nullable String variant) {

  /** linux/amd64. */
  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

  /** linux/arm64. */
  public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", null);

  /** Validates and normalises the parts. */
  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    if (os.isEmpty() || architecture.isEmpty()) {
      throw new InvalidReferenceException(
          "platform", os + "/" + architecture, "os and architecture must not be empty");
    }
    os = os.toLowerCase(Locale.ROOT);
    architecture = normaliseArchitecture(architecture.toLowerCase(Locale.ROOT));
    if (variant != null && variant.isEmpty()) {
      variant = null;
    }
  }

  /** A platform without variant. */
  public static Platform of(String os, String architecture) {
    return new Platform(os, architecture, null);
  }

  /** Parses {@code os/arch} or {@code os/arch/variant}; a bare {@code arch} means Linux. */
  public static Platform parse(String text) {
    String[] parts = text.trim().split("/", -1);
    for (String part : parts) {
      if (part.isBlank()) {
        throw new InvalidReferenceException(
            "platform", text, "expected os/arch[/variant], e.g. linux/amd64");
      }
    }
    return switch (parts.length) {
      case 1 -> new Platform("linux", parts[0], null);
      case 2 -> new Platform(parts[0], parts[1], null);
      case 3 -> new Platform(parts[0], parts[1], parts[2]);
      default ->
          throw new InvalidReferenceException(
              "platform", text, "expected os/arch[/variant], e.g. linux/amd64");
    };
  }

  /**
   * The Linux platform of a host from the output of {@code uname -m}: {@code x86_64} -> amd64,
   * {@code aarch64} -> arm64, {@code armv7l} -> arm/v7, {@code armv6l} -> arm/v6.
   */
  public static Platform fromUname(String machine) {
    String m = machine.trim().toLowerCase(Locale.ROOT);
    return switch (m) {
      case "x86_64", "amd64" -> LINUX_AMD64;
      case "aarch64", "arm64" -> LINUX_ARM64;
      case "armv7l", "armv7" -> new Platform("linux", "arm", "v7");
      case "armv6l", "armv6" -> new Platform("linux", "arm", "v6");
      case "i386", "i686" -> of("linux", "386");
      case "ppc64le", "s390x", "riscv64", "loong64", "mips64le" -> of("linux", m);
      default -> throw new InvalidReferenceException("uname -m", machine, "unknown machine type");
    };
  }

  /** The platform of the JVM this code runs on. */
  public static Platform host() {
    String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
    String osName = os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "windows" : os;
    return new Platform(osName, System.getProperty("os.arch", "amd64"), null);
  }

  /**
   * Whether an image built for {@code candidate} runs here. The variant of arm64 is ignored (as
   * Sealer does); for other architectures a missing variant on either side matches.
   */
  public boolean matches(Platform candidate) {
    if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
      return false;
    }
    if (architecture.equals("arm64") || variant == null || candidate.variant == null) {
      return true;
    }
    return variant.equals(candidate.variant);
  }

  private static String normaliseArchitecture(String arch) {
    return switch (arch) {
      case "x86_64", "x86-64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
  }

  /** {@code os/arch} or {@code os/arch/variant}. */
  @Override
  public String toString() {
    return variant == null ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }
}
