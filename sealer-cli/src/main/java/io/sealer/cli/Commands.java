package io.sealer.cli;

import java.util.List;

/** Every registered command, in the order {@code sealer --help} lists them. */
final class Commands {
  private Commands() {}

  /** Creates fresh command objects (jcommander fills their fields). */
  static List<CliCommand> all() {
    return List.of(
        new RunCommand(),
        new ApplyCommand(),
        new ScaleUpCommand(),
        new DeleteCommand(),
        new CertCommand(),
        new ImageChangeCommand.Upgrade(),
        new ImageChangeCommand.Rollback(),
        new ExecCommand(),
        new CpCommand(),
        new ImagesCommand(),
        new InspectCommand(),
        new BuildCommand(),
        new TagCommand(),
        new RmiCommand(),
        new SaveCommand(),
        new LoadCommand(),
        new LoginCommand(),
        new LogoutCommand(),
        new PushCommand(),
        new PullCommand(),
        new PruneCommand(),
        new IpvsCommand(),
        new AlphaCommand(),
        new VersionCommand());
  }
}
