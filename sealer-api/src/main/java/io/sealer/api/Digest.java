package io.sealer.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:9f86d0...}. Only {@code sha256} and {@code sha512} are
 * accepted, always with lower-case hex of the right length, so a digest can be used as a file name
 * without further checks.
 *
 * @param algorithm {@code sha256} or {@code sha512}
 * @param hex the lower-case hex encoding of the hash
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

  /** Validates the parts. */
  public Digest {
    int expected =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha512" -> 128;
          default ->
              throw new InvalidReferenceException(
                  "digest", algorithm + ":" + hex, "unsupported algorithm " + algorithm);
        };
    if (hex.length() != expected || !HEX.matcher(hex).matches()) {
      throw new InvalidReferenceException(
          "digest",
          algorithm + ":" + hex,
          "expected " + expected + " lower-case hex characters after \"" + algorithm + ":\"");
    }
  }

  /**
   * Same as the record's own, written out: a record's generated {@code equals} and {@code hashCode}
   * are bootstrapped through method handles on first use, which spins classes at run time that the
   * start-up archive cannot hold; digests are map keys on every pull and push.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Digest d && algorithm.equals(d.algorithm) && hex.equals(d.hex);
  }

  @Override
  public int hashCode() {
    return 31 * algorithm.hashCode() + hex.hashCode();
  }

  /** Parses {@code algorithm:hex}. */
  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InvalidReferenceException("digest", text, "expected <algorithm>:<hex>");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** A sha256 digest from a 64-character hex string. */
  public static Digest sha256(String hex) {
    return new Digest("sha256", hex);
  }

  /** The sha256 digest of the given bytes. */
  public static Digest sha256Of(byte[] content) {
    try {
      return sha256(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The sha256 digest of the UTF-8 encoding of a string. */
  public static Digest sha256Of(String content) {
    return sha256Of(content.getBytes(StandardCharsets.UTF_8));
  }

  /** A fresh {@link MessageDigest} for this digest's algorithm, to check content as it streams. */
  public MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first 12 hex characters, as {@code sealer images} shows image ids. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public int compareTo(Digest other) {
    return toString().compareTo(other.toString());
  }

  /** {@code algorithm:hex}. */
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
