package io.sealer.runtime;

import java.util.List;

/**
 * Runtime type {@code none}: no Kubernetes. The image's hooks and launch commands form the cluster
 * (for example an etcd cluster), so this driver adds no steps of its own.
 */
final class NoneDriver implements RuntimeDriver {
  @Override
  public String name() {
    return "none";
  }

  @Override
  public List<Step> install(RunContext context) {
    return List.of();
  }

  @Override
  public List<Step> join(RunContext context, List<String> masters, List<String> nodes) {
    return List.of();
  }

  @Override
  public List<Step> reset(RunContext context, List<String> hosts) {
    return List.of();
  }
}
