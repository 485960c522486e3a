package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer login REGISTRY -u USER -p PASS | --password-stdin}. */
@Parameters(
    commandNames = "login",
    commandDescription =
        "Log in to a registry: check the credentials there, then save them to ~/.sealer/auth.json")
final class LoginCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(description = "REGISTRY")
  List<String> args = new ArrayList<>();

  @Parameter(
      names = {"-u", "--username"},
      description = "User name",
      required = true)
  String username;

  @Parameter(
      names = {"-p", "--passwd", "--password"},
      description = "Password (visible in the process list: prefer --password-stdin)")
  String password;

  @Parameter(names = "--password-stdin", description = "Read the password from standard input")
  boolean passwordStdin;

  @Parameter(
      names = "--skip-tls-verify",
      description = "Allow plain HTTP and unverified TLS for this registry")
  boolean skipTlsVerify;

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.size() != 1) {
      throw new ParameterException("login needs exactly one registry");
    }
    if (passwordStdin == (password != null)) {
      throw new ParameterException("give the password with either -p or --password-stdin");
    }
    String secret = passwordStdin ? readStdin() : password;
    if (secret.isEmpty()) {
      throw new ParameterException("the password is empty");
    }
    context.sealer().registry().login(args.get(0), username, secret, skipTlsVerify);
    context.out().println("Login Succeeded!");
    return SealerCli.OK;
  }

  private static String readStdin() throws IOException {
    String text = new String(System.in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    return text.strip();
  }

  @Override
  public String usage() {
    return "[options] REGISTRY";
  }

  @Override
  public String examples() {
    return """
        sealer login registry.example.com -u admin --password-stdin < pw.txt   # password not in argv
        sealer login 192.168.0.10:5000 -u admin -p secret --skip-tls-verify  # plain-HTTP registry""";
  }
}
