package io.sealer.parser;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The syntax tree of a Go template, as far as {@link DefaultTemplateRenderer} supports it. */
final class GoTemplate {
  private GoTemplate() {}

  /** A piece of a template. */
  sealed interface Node permits Text, Output, If, Range, With {}

  /** Literal text. */
  record Text(String text) implements Node {}

  /** {@code {{ pipeline }}}: the value printed (nothing for a variable declaration). */
  record Output(Pipeline pipeline) implements Node {}

  /** {@code if}/{@code else if} branches and the {@code else} body. */
  record If(List<Branch> branches, List<Node> otherwise) implements Node {}

  /** One condition and its body. */
  record Branch(Pipeline condition, List<Node> body) {}

  /** {@code range [$k, $v :=] pipeline}: the body for each item, {@code else} when none. */
  record Range(
      @Nullable String keyVar,
      @Nullable String valueVar,
      Pipeline pipeline,
      List<Node> body,
      List<Node> otherwise)
      implements Node {}

  /** {@code with pipeline}: the body with dot set to the value when it is not empty. */
  record With(Pipeline pipeline, List<Node> body, List<Node> otherwise) implements Node {}

  /**
   * Commands joined by {@code |}; each command's value is the last argument of the next.
   *
   * @param declare a variable set to the value ({@code $x := ...}), or null
   * @param line the line of the action, for errors
   */
  record Pipeline(@Nullable String declare, List<Command> commands, int line) {}

  /** A function call with arguments, or a single operand. */
  record Command(List<Arg> args) {}

  /** An operand. */
  sealed interface Arg permits Field, Literal, Func, Sub {}

  /**
   * {@code .A.B} (variable null), {@code $x.A} or {@code $x}, {@code .} (empty path).
   *
   * @param variable the variable name without {@code $}, or null for dot
   * @param path the keys looked up in turn
   */
  record Field(@Nullable String variable, List<String> path) implements Arg {}

  /** A string, number, boolean or nil. */
  record Literal(@Nullable Object value) implements Arg {}

  /** A function name. */
  record Func(String name) implements Arg {}

  /** A parenthesised pipeline. */
  record Sub(Pipeline pipeline) implements Arg {}
}
