package io.sealer.api.cluster;

/** Derives the cluster env of spec §4.3 from a {@link Cluster}. */
final class ClusterEnv {
  private ClusterEnv() {}

  static Env derive(Cluster c) {
    Env env = Env.parse(c.env()).without(Cluster.RESERVED_ENV);
    LocalRegistry local = c.registry().local();
    ExternalRegistry external = c.registry().external();
    if (local != null) {
      env =
          env.with("LocalRegistryDomain", local.domain())
              .with("LocalRegistryPort", String.valueOf(local.port()))
              .with("LocalRegistryURL", local.url());
    }
    if (external != null) {
      env =
          env.with("ExternalRegistryDomain", external.domain())
              .with("ExternalRegistryURL", external.url());
      if (external.port() != null) {
        env = env.with("ExternalRegistryPort", String.valueOf(external.port()));
      }
      env = env.with("RegistryDomain", external.domain()).with("RegistryURL", external.url());
      if (external.port() != null) {
        env = env.with("RegistryPort", String.valueOf(external.port()));
      }
    } else if (local != null) {
      env =
          env.with("RegistryDomain", local.domain())
              .with("RegistryPort", String.valueOf(local.port()))
              .with("RegistryURL", local.url());
    }
    if (c.containerRuntime() != null) {
      env = env.with("ContainerRuntime", c.containerRuntime());
    }
    String svc = env.get("SvcCIDR");
    if (svc != null && !svc.isBlank()) {
      String first = svc.split(",")[0];
      try {
        env =
            env.with("KubeSvcIP", IpList.nthInCidr(first, 1))
                .with("DNSSvcIP", IpList.nthInCidr(first, 10));
      } catch (IllegalArgumentException e) {
        // an invalid SvcCIDR is refused when the Clusterfile is read; nothing to derive here
      }
    }
    if (!c.allIps().isEmpty() && IpList.isIpv6(c.allIps().get(0))) {
      env = env.with("HostIPFamily", "ipv6");
    }
    return env;
  }
}
