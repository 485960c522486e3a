package io.sealer.api.registry;

/** When {@code pull} asks the registry. */
public enum PullPolicy {
  /** Always ask the registry for the current manifest (blobs already stored are still skipped). */
  ALWAYS,
  /** Only when the name is not in the local store. */
  MISSING,
  /** Never: fail unless the name is in the local store. */
  NEVER;

  /** Parses {@code always}, {@code missing} or {@code never} (any case). */
  public static PullPolicy parse(String text) {
    for (PullPolicy p : values()) {
      if (p.name().equalsIgnoreCase(text.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown pull policy \"" + text + "\" (use always, missing or never)");
  }
}
