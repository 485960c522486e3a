package io.sealer.cli;

import io.sealer.api.event.EventListener;
import io.sealer.api.event.HostOutputEvent;
import io.sealer.api.event.LogEvent;
import io.sealer.api.event.ProgressEvent;
import io.sealer.api.event.SealerEvent;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders library events on standard error: log lines by level ({@code --quiet} keeps warnings and
 * errors, {@code --debug} adds debug lines) and progress as one line per operation, redrawn in
 * place on a terminal and printed every 10% otherwise.
 */
final class ConsoleEvents implements EventListener {
  private final PrintStream err;
  private final boolean quiet;
  private final boolean debug;
  private final boolean terminal = System.console() != null;
  private final Map<String, Integer> lastDecile = new HashMap<>();

  ConsoleEvents(PrintStream err, boolean quiet, boolean debug) {
    this.err = err;
    this.quiet = quiet;
    this.debug = debug;
  }

  @Override
  public synchronized void onEvent(SealerEvent event) {
    if (event instanceof LogEvent log) {
      renderLog(log);
    } else if (event instanceof ProgressEvent progress && !quiet) {
      renderProgress(progress);
    } else if (event instanceof HostOutputEvent output && !quiet) {
      err.println("[" + output.host() + "] " + output.line());
    }
  }

  private void renderLog(LogEvent log) {
    switch (log.level()) {
      case DEBUG -> {
        if (debug) {
          err.println("debug: " + log.message());
        }
      }
      case INFO -> {
        if (!quiet) {
          err.println(log.message());
        }
      }
      case WARN -> err.println("warning: " + log.message());
      case ERROR -> err.println("error: " + log.message());
    }
  }

  private void renderProgress(ProgressEvent p) {
    int percent = p.total() == 0 ? 100 : (int) (p.done() * 100 / p.total());
    String line =
        String.format(
            Locale.ROOT,
            "%s %3d%% %s/%s",
            p.description(),
            percent,
            humanBytes(p.done()),
            humanBytes(p.total()));
    if (terminal) {
      err.print("\r\033[K" + line);
      if (p.finished()) {
        err.println();
      }
      return;
    }
    int decile = percent / 10;
    Integer previous = lastDecile.get(p.operation());
    boolean lastAlreadyShown = previous != null && previous == 10;
    boolean nothingHappened = p.finished() && p.total() == 0;
    if (!nothingHappened
        && ((p.finished() && !lastAlreadyShown) || previous == null || decile > previous)) {
      lastDecile.put(p.operation(), decile);
      err.println(line);
    }
    if (p.finished()) {
      lastDecile.remove(p.operation());
    }
  }

  /** Formats a byte count as B, KiB, MiB or GiB with one decimal. */
  static String humanBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
