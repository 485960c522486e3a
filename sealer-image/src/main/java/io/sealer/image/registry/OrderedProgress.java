package io.sealer.image.registry;

import io.sealer.api.event.EventListener;
import io.sealer.api.event.ProgressEvent;
import io.sealer.api.event.SealerEvent;

/**
 * Passes the progress events of one operation on in order: {@link
 * io.sealer.api.event.ProgressTracker} takes its snapshots under a lock but delivers them after, so
 * parallel blob threads could deliver an older snapshot last; this drops such stale events so the
 * listener never sees progress go backwards.
 */
final class OrderedProgress implements EventListener {
  private final EventListener delegate;
  private long lastDone = -1;
  private boolean finished;

  OrderedProgress(EventListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public synchronized void onEvent(SealerEvent event) {
    if (event instanceof ProgressEvent p) {
      if (finished || (p.done() < lastDone && !p.finished())) {
        return;
      }
      lastDone = Math.max(lastDone, p.done());
      finished = p.finished();
      if (p.done() < lastDone) {
        event =
            new ProgressEvent(
                p.operation(), p.description(), lastDone, Math.max(lastDone, p.total()), true);
      }
    }
    delegate.onEvent(event);
  }
}
