package io.sealer.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a text file a user gives (Kubefile, Clusterfile, image list, {@code .sealerignore}) with a
 * bound on its size, as UTF-8 text: a binary file, a device that never ends ({@code /dev/zero}) or
 * a directory is refused with one line that names the file and what is wrong with it. Pipes are
 * read like files ({@code -f <(envsubst < Clusterfile)}).
 */
public final class TextFiles {
  private TextFiles() {}

  /**
   * Reads {@code file}.
   *
   * @param what what the file is, for the message ("Kubefile")
   * @param limit the most bytes a file of this kind can sensibly have
   * @throws SealerException "could not read &lt;what&gt; &lt;file&gt;: &lt;reason&gt;"
   */
  public static String read(Path file, String what, int limit) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw failure(what, file, "it is a directory; give the file itself");
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(limit + 1);
      }
    } catch (NoSuchFileException e) {
      throw failure(what, file, "no such file");
    } catch (AccessDeniedException e) {
      throw failure(what, file, "permission denied");
    } catch (IOException e) {
      throw failure(what, file, e.getClass().getSimpleName() + " " + e.getMessage());
    }
    if (bytes.length > limit) {
      throw failure(
          what,
          file,
          "it is larger than "
              + (limit >> 10)
              + " KiB, more than any "
              + what
              + "; is it the right"
              + " file?");
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw failure(
            what,
            file,
            "it is binary, not text (a NUL byte at offset " + i + "); is it the right" + " file?");
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw failure(
          what, file, "it is not UTF-8 text (" + firstBadByte(bytes) + "); save it as UTF-8");
    }
  }

  private static String firstBadByte(byte[] bytes) {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    var out = java.nio.CharBuffer.allocate(bytes.length + 1);
    var result = decoder.decode(in, out, true);
    int line = 1;
    for (int i = 0; i < in.position(); i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return result.isError()
        ? "an invalid byte at offset " + in.position() + ", line " + line
        : "an invalid byte";
  }

  private static SealerException failure(String what, Path file, String reason) {
    return new SealerException("could not read " + what + " " + file + ": " + reason);
  }
}
