package io.sealer.ipvs;

import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.RemoteHost;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Runs a command on a {@link RemoteHost}, each argument single-quoted for its shell. */
final class RemoteHostCommandRunner implements CommandRunner {
  private final RemoteHost host;
  private final Duration timeout;

  RemoteHostCommandRunner(RemoteHost host, Duration timeout) {
    this.host = host;
    this.timeout = timeout;
  }

  @Override
  public String where() {
    return host.address();
  }

  @Override
  public CommandResult run(List<String> argv, @Nullable String stdin) {
    String script =
        argv.stream().map(RemoteHostCommandRunner::quote).collect(Collectors.joining(" "));
    HostCommand command =
        HostCommand.of(script).withTimeout(timeout).describedAs(String.join(" ", argv));
    if (stdin != null) {
      command = command.withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }
    return host.exec(command);
  }

  static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
