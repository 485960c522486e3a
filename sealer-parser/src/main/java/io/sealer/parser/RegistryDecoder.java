package io.sealer.parser;

import static io.sealer.parser.ClusterfileReader.optional;

import io.sealer.api.cluster.ExternalRegistry;
import io.sealer.api.cluster.IpList;
import io.sealer.api.cluster.LocalRegistry;
import io.sealer.api.cluster.Registry;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Decodes {@code spec.registry} with Sealer's defaults. */
final class RegistryDecoder {
  private RegistryDecoder() {}

  static Registry decode(@Nullable YamlTree registry) {
    if (registry == null) {
      return Registry.DEFAULT;
    }
    Optional<YamlTree> local = registry.get("localRegistry");
    Optional<YamlTree> external = registry.get("externalRegistry");
    if (local.isEmpty() && external.isEmpty()) {
      return Registry.DEFAULT;
    }
    return new Registry(
        local.map(RegistryDecoder::local).orElse(null),
        external.map(RegistryDecoder::external).orElse(null));
  }

  private static LocalRegistry local(YamlTree r) {
    String domain = optional(r, "domain");
    Optional<YamlTree> san = r.get("cert").flatMap(c -> c.get("subjectAltName"));
    List<String> ips = san.flatMap(s -> s.get("ips")).map(YamlTree::strings).orElse(List.of());
    san.flatMap(s -> s.get("ips"))
        .ifPresent(
            list ->
                list.list()
                    .forEach(
                        ip -> {
                          if (ip.isNull() || !IpList.isIp(ip.string())) {
                            throw ip.error(
                                "invalid IP "
                                    + (ip.isNull() ? "" : ip.string())
                                    + " in "
                                    + ip.path());
                          }
                        }));
    return new LocalRegistry(
        domain == null || domain.isEmpty() ? LocalRegistry.DEFAULT_DOMAIN : domain,
        r.get("port").map(YamlTree::port).orElse(LocalRegistry.DEFAULT_PORT),
        optional(r, "username"),
        optional(r, "password"),
        r.get("ha").map(YamlTree::bool).orElse(true),
        r.get("insecure").map(YamlTree::bool).orElse(false),
        san.flatMap(s -> s.get("dnsNames")).map(YamlTree::strings).orElse(List.of()),
        ips);
  }

  private static ExternalRegistry external(YamlTree r) {
    String domain = optional(r, "domain");
    if (domain == null || domain.isBlank()) {
      throw r.error("spec.registry.externalRegistry needs a domain");
    }
    return new ExternalRegistry(
        domain,
        r.get("port").map(YamlTree::port).orElse(null),
        optional(r, "username"),
        optional(r, "password"));
  }
}
