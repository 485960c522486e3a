package io.sealer.api.kubefile;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One logical line of a Kubefile, after line continuations are joined.
 *
 * <p>What {@link #args()} holds depends on the keyword and on {@link #json()}:
 *
 * <ul>
 *   <li>JSON form ({@code ["a", "b"]}): the array items. For APPCMDS the first item is the app name
 *       and the rest are the JSON items.
 *   <li>RUN and CMD in shell form, MAINTAINER and KUBEVERSION: one item, the text as written.
 *   <li>Every other instruction: the whitespace-separated words, with quotes removed and escapes
 *       applied ({@code ENV a="b c"} gives the word {@code a=b c}).
 * </ul>
 *
 * @param line the 1-based line where the instruction starts
 * @param keyword the instruction
 * @param flags the {@code --name=value} flags after the keyword (FROM, COPY, ADD, RUN only), in
 *     order; a flag without a value maps to the empty string
 * @param args the arguments, see above
 * @param json whether the arguments were written as a JSON array
 */
public record Instruction(
    int line, Keyword keyword, Map<String, String> flags, List<String> args, boolean json) {

  /** Validates and copies the parts. */
  public Instruction {
    Objects.requireNonNull(keyword, "keyword");
    flags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(flags));
    args = List.copyOf(args);
    if (line < 0) {
      throw new IllegalArgumentException("line must not be negative: " + line);
    }
  }

  /** The same instruction at another line (used when comparing printed and parsed files). */
  public Instruction withLine(int newLine) {
    return new Instruction(newLine, keyword, flags, args, json);
  }
}
