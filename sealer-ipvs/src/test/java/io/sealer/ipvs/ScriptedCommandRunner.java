package io.sealer.ipvs;

import io.sealer.api.host.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A test double of {@link CommandRunner} for tools that cannot run here ({@code ipvsadm} needs
 * IPVS, which this kernel lacks): records every command with its stdin and answers from a script.
 * The answers imitate the real tools' output formats (documented in the tests that use them).
 */
final class ScriptedCommandRunner implements CommandRunner {
  /** One recorded call. */
  record Call(List<String> argv, @Nullable String stdin) {
    String line() {
      return String.join(" ", argv);
    }
  }

  private final List<Call> calls = new ArrayList<>();
  private final Function<Call, CommandResult> answers;

  ScriptedCommandRunner(Function<Call, CommandResult> answers) {
    this.answers = answers;
  }

  static CommandResult ok(Call call, String stdout) {
    return new CommandResult("scripted", call.line(), 0, stdout, "");
  }

  static CommandResult fail(Call call, int status, String stderr) {
    return new CommandResult("scripted", call.line(), status, "", stderr);
  }

  @Override
  public synchronized CommandResult run(List<String> argv, @Nullable String stdin) {
    Call call = new Call(List.copyOf(argv), stdin);
    calls.add(call);
    return answers.apply(call);
  }

  @Override
  public String where() {
    return "scripted";
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The recorded command lines that change state (not the reads). */
  synchronized List<String> changes() {
    return calls.stream()
        .map(Call::line)
        .filter(line -> !line.equals("ipvsadm -S -n") && !line.startsWith("ip -o"))
        .toList();
  }
}
