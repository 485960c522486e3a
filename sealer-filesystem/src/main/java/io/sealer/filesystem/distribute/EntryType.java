package io.sealer.filesystem.distribute;

import org.jspecify.annotations.Nullable;

/** The kinds of entries a rootfs may hold, with the letter GNU find's {@code %y} gives them. */
enum EntryType {
  FILE('f'),
  DIRECTORY('d'),
  LINK('l');

  private final char letter;

  EntryType(char letter) {
    this.letter = letter;
  }

  char letter() {
    return letter;
  }

  /** The type for a find {@code %y} letter, or null for anything else (devices, sockets...). */
  static @Nullable EntryType ofLetter(char letter) {
    for (EntryType type : values()) {
      if (type.letter == letter) {
        return type;
      }
    }
    return null;
  }
}
