package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sealer.api.VersionInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code sealer version}. */
@Parameters(
    commandNames = "version",
    commandDescription =
        "Show the version of sealer, the commit it was built from, Java and platform")
final class VersionCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(names = "--json", description = "Print the version information as JSON")
  boolean json;

  @Override
  public int run(CommandContext context) throws Exception {
    VersionInfo v = context.sealer().version();
    if (json) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("version", v.version());
      fields.put("gitCommit", v.gitCommit());
      fields.put("javaVersion", v.javaVersion());
      fields.put("platform", v.platform().toString());
      context
          .out()
          .println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(fields));
    } else {
      context.out().println("sealer " + v.version());
      context.out().println("git commit: " + v.gitCommit());
      context.out().println("java:       " + v.javaVersion());
      context.out().println("platform:   " + v.platform());
    }
    return SealerCli.OK;
  }

  @Override
  public String examples() {
    return """
        sealer version          # human-readable
        sealer version --json   # for scripts: {"version": ..., "gitCommit": ..., ...}""";
  }
}
