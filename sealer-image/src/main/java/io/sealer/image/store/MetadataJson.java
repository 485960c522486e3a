package io.sealer.image.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.SealerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one rule for image metadata (manifests, indexes, configs, {@code index.json}) wherever it
 * comes from (registry, archive, store): at most {@link #MAX_BYTES} are read into memory, and JSON
 * that does not parse is reported as "what, where" rather than with the parser's internal text.
 */
public final class MetadataJson {
  /** The largest manifest, index or config accepted: 8 MiB, as the distribution spec suggests. */
  public static final int MAX_BYTES = 8 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private MetadataJson() {}

  /**
   * Reads at most {@link #MAX_BYTES} from {@code in}.
   *
   * @param what the content, as the error message names it ("manifest sha256:... of x")
   * @throws MetadataException if there are more bytes
   */
  public static byte[] read(InputStream in, String what) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(what);
    }
    return bytes;
  }

  /** Reads a file of at most {@link #MAX_BYTES}, see {@link #read(InputStream, String)}. */
  public static byte[] read(Path file, String what) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw tooLarge(what);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, what);
    }
  }

  /** Checks a size given before the bytes are read (a descriptor, an archive entry). */
  public static void checkSize(long size, String what) {
    if (size > MAX_BYTES) {
      throw tooLarge(what);
    }
  }

  /**
   * Parses JSON.
   *
   * @throws MetadataException naming {@code what} and the place where the JSON breaks
   */
  public static JsonNode parse(byte[] bytes, String what) {
    if (bytes.length == 0) {
      throw new MetadataException(what + " is empty (0 bytes)");
    }
    try {
      return JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new MetadataException(what + " is not valid JSON (" + where(e) + ")");
    } catch (IOException e) {
      throw new MetadataException(what + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /** Where JSON stops parsing, in words: "it ends early" or "unexpected text at line L, col C". */
  static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String position =
        at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    if (e instanceof JsonEOFException) {
      return "it ends early" + position + ": cut off?";
    }
    return "unexpected text" + position;
  }

  private static MetadataException tooLarge(String what) {
    return new MetadataException(
        what
            + " is larger than "
            + (MAX_BYTES >> 20)
            + " MiB, the limit for manifests, indexes and configs");
  }

  /** Metadata that is too large, empty or not JSON; the message names it and says how. */
  public static final class MetadataException extends SealerException {
    private static final long serialVersionUID = 1L;

    MetadataException(String message) {
      super(message);
    }
  }
}
