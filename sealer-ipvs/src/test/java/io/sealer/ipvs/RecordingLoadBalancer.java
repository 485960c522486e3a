package io.sealer.ipvs;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A test double of a kernel backend for the care loop's logic: holds the last applied virtual
 * server in memory, records every apply, and can lose its rules or refuse the next apply. The real
 * backends are tested on their own (nftables in a real kernel by NftablesCareIT).
 */
final class RecordingLoadBalancer implements LoadBalancer {
  private final List<VirtualServer> applied = new ArrayList<>();
  private @Nullable VirtualServer kernel;
  private boolean failNext;

  @Override
  public BackendKind kind() {
    return BackendKind.NFTABLES;
  }

  @Override
  public boolean needsLocalVip() {
    return true;
  }

  @Override
  public synchronized void apply(VirtualServer vs) {
    if (failNext) {
      failNext = false;
      throw new LoadBalancerException("could not apply the rules for " + vs.vip() + ": refused");
    }
    applied.add(vs);
    kernel = vs;
  }

  @Override
  public synchronized boolean inPlace(VirtualServer vs) {
    return vs.equals(kernel);
  }

  @Override
  public synchronized void remove(Endpoint vip) {
    kernel = null;
  }

  @Override
  public boolean otherServicesOn(Endpoint vip) {
    return false;
  }

  synchronized List<VirtualServer> applied() {
    return List.copyOf(applied);
  }

  synchronized @Nullable VirtualServer kernel() {
    return kernel;
  }

  synchronized void loseRules() {
    kernel = null;
  }

  synchronized void failNextApply() {
    failNext = true;
  }
}
