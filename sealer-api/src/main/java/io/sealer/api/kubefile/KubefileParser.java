package io.sealer.api.kubefile;

import io.sealer.api.ParseException;

/**
 * Reads Kubefiles (Sealer v0.9+ syntax; v0.8 Kubefiles of FROM, COPY, RUN, CMD and ARG too) and
 * prints them back. Thread-safe. Reads no files.
 */
public interface KubefileParser {

  /**
   * Parses a Kubefile.
   *
   * @param fileName the name used in error messages, e.g. {@code Kubefile}
   * @param text the whole file
   * @return the syntax tree, checked against every rule that needs no files
   * @throws ParseException naming the file, line and reason, e.g. {@code Kubefile:7: LAUNCH must be
   *     the last instruction}; no other exception escapes
   */
  Kubefile parse(String fileName, String text);

  /**
   * Prints a Kubefile in canonical form: one instruction a line, upper-case keywords, words quoted
   * where needed. Parsing the result gives the same instructions (at new line numbers).
   */
  String print(Kubefile kubefile);
}
