package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.image.FsckReport;
import io.sealer.api.image.ImageMounts;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer alpha fsck|mount|umount|infra}: experimental commands. */
@Parameters(
    commandNames = "alpha",
    commandDescription =
        "Experimental commands: fsck, mount [IMAGE], umount ID|-a, infra up|down|list")
final class AlphaCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(
      names = {"-a", "--all"},
      description = "umount: remove every mount")
  boolean all;

  @Parameter(
      names = "--repair",
      description = "fsck: rebuild an unreadable image index from the stored images")
  boolean repair;

  @Parameter(names = "--platform", description = "mount: the platform of a manifest list")
  String platform;

  @ParametersDelegate InfraOptions infra = new InfraOptions();

  @Parameter(description = "SUBCOMMAND [ARGS...]")
  List<String> args = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.isEmpty()) {
      throw new ParameterException("alpha needs a subcommand: fsck, mount or umount");
    }
    return switch (args.get(0)) {
      case "fsck" -> fsck(context);
      case "mount" -> mount(context);
      case "umount" -> umount(context);
      case "infra" -> infra.run(context, args.subList(1, args.size()));
      default -> throw new ParameterException("unknown alpha subcommand " + args.get(0));
    };
  }

  private int mount(CommandContext context) throws Exception {
    ImageMounts mounts = context.sealer().mounts();
    if (args.size() == 1) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"ID", "IMAGE", "PATH"});
      for (ImageMounts.Mount m : mounts.list()) {
        rows.add(new String[] {m.id(), m.image(), m.rootfs().toString()});
      }
      Table.print(context.out(), rows);
      return SealerCli.OK;
    }
    for (String image : args.subList(1, args.size())) {
      ImageMounts.Mount m = mounts.mount(image, platform != null ? Platform.parse(platform) : null);
      context.out().println(m.id() + " " + m.rootfs());
    }
    return SealerCli.OK;
  }

  private int umount(CommandContext context) throws Exception {
    ImageMounts mounts = context.sealer().mounts();
    List<String> ids = new ArrayList<>(args.subList(1, args.size()));
    if (all) {
      mounts.list().forEach(m -> ids.add(m.id()));
      if (ids.isEmpty()) {
        context.out().println("nothing to unmount: there are no mounts");
        return SealerCli.OK;
      }
    }
    if (ids.isEmpty()) {
      throw new ParameterException("umount needs a mount ID or -a");
    }
    for (String id : ids) {
      if (!mounts.unmount(id)) {
        throw new SealerException(
            "could not unmount " + id + ": no such mount (see 'sealer alpha mount')");
      }
    }
    return SealerCli.OK;
  }

  private int fsck(CommandContext context) throws Exception {
    if (repair) {
      List<String> repaired = context.sealer().imageMaintenance().repairIndex();
      repaired.forEach(context.out()::println);
      if (repaired.isEmpty()) {
        context.out().println("the image index reads fine: nothing to repair");
      }
    }
    FsckReport report = context.sealer().imageMaintenance().fsck();
    for (String problem : report.problems()) {
      context.out().println(problem);
    }
    if (!report.ok()) {
      context
          .err()
          .println(
              "sealer: could not verify the image store: "
                  + report.problems().size()
                  + " problems");
      return SealerCli.FAILURE;
    }
    context
        .out()
        .println(
            "ok: "
                + report.checkedNames()
                + " names, "
                + report.checkedBlobs()
                + " blobs verified");
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "fsck [--repair] | mount [--platform P] [IMAGE...] | umount [-a] [ID...]"
        + " | infra up|down|list [--provider P] [--name N] [--hosts N|IPS] [--subnet S] [--json]";
  }

  @Override
  public String examples() {
    return """
        sealer alpha fsck            # re-hash every blob a name refers to; exit 1 if any is wrong
        sealer alpha fsck --repair   # rebuild an unreadable images/index.json, then check
        sealer alpha mount tiny:v1   # extract the image; prints the mount id and its directory
        sealer alpha mount           # list mounts
        sealer alpha umount -a       # remove every mount
        sealer alpha infra up --hosts 3            # 3 local hosts (root, Linux); prints name and IP
        sealer alpha infra list --name sealer      # their state; --json for programs
        sealer alpha infra down                    # remove them and all they left""";
  }
}
