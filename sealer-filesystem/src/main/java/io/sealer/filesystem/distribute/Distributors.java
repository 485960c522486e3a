package io.sealer.filesystem.distribute;

import io.sealer.api.distribute.Distributor;
import io.sealer.api.event.EventListener;

/** The plain-Java entry point: a {@link Distributor} without Guice. */
public final class Distributors {
  private Distributors() {}

  /** A distributor that reports its log and progress events to {@code events}. */
  public static Distributor create(EventListener events) {
    return new RootfsDistributor(events);
  }
}
