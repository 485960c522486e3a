package io.sealer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.SealerException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealerCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  @TempDir Path root;

  private int run(String... args) {
    List<CliCommand> extra = new ArrayList<>(Commands.all());
    extra.add(new FailingCommand());
    return new SealerCli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("SEALER_ROOT", root.toString()),
            () -> extra)
        .run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void versionAsJson() throws Exception {
    assertThat(run("version", "--json")).isZero();
    JsonNode json = new ObjectMapper().readTree(out());
    assertThat(json.get("version").asText()).isNotBlank();
    assertThat(json.get("javaVersion").asText()).isEqualTo(System.getProperty("java.version"));
    assertThat(json.get("platform").asText()).startsWith("linux/");
    assertThat(json.has("gitCommit")).isTrue();
  }

  @Test
  void helpListsCommandsAndGlobalOptions() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("version").contains("--root DIR").contains("--debug");
  }

  @Test
  void commandHelpShowsExamples() {
    assertThat(run("version", "--help")).isZero();
    assertThat(out()).contains("Usage: sealer version").contains("Examples:").contains("--json");
  }

  @Test
  void globalFlagsWorkAfterTheCommand() {
    assertThat(run("version", "-q", "--root", root.toString())).isZero();
    assertThat(run("--root", root.toString(), "version")).isZero();
  }

  @Test
  void badClusterfilesSayWhatIsWrongWithWhichFile() throws Exception {
    assertThat(run("run", "-f", root.resolve("absent.yaml").toString())).isOne();
    assertThat(err())
        .contains("could not read Clusterfile " + root.resolve("absent.yaml") + ": no such file");
    assertThat(run("run", "-f", root.toString())).isOne();
    assertThat(err()).contains("could not read Clusterfile " + root + ": it is a directory");
    long start = System.nanoTime();
    assertThat(run("run", "-f", "/dev/zero")).isOne();
    assertThat(err())
        .contains(
            "could not read Clusterfile /dev/zero: it is larger than 4096 KiB, more than any"
                + " Clusterfile; is it the right file?");
    assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
    Path binary = java.nio.file.Files.write(root.resolve("binary"), new byte[] {'a', 0, 'b'});
    assertThat(run("run", "-f", binary.toString())).isOne();
    assertThat(err()).contains("could not read Clusterfile " + binary + ": it is binary");

    // a pipe, as with -f <(envsubst < Clusterfile), is read like a file
    Path fifo = root.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Thread writer =
        new Thread(
            () -> {
              try {
                java.nio.file.Files.writeString(
                    fifo,
                    "apiVersion: sealer.io/v2\nkind: Cluster\nmetadata:\n  name: p\nspec:\n"
                        + "  image: x:v1\n  hosts:\n    - ips: [10.0.0.345]\n"
                        + "      roles: [master]\n");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    writer.start();
    assertThat(run("run", "-f", fifo.toString())).isOne();
    writer.join(10_000);
    assertThat(err()).contains(fifo + ":8").contains("10.0.0.345");
  }

  @Test
  void unknownCommandIsUsageError() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err().strip()).isEqualTo("sealer: unknown command frobnicate (see 'sealer --help')");
  }

  @Test
  void unknownFlagIsUsageError() {
    assertThat(run("version", "--bogus")).isEqualTo(2);
    assertThat(err()).contains("unknown flag --bogus").doesNotContain("Exception");
    assertThat(err().lines().count()).isEqualTo(1);
  }

  @Test
  void noCommandPrintsHelpAndFails() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).contains("Commands:");
  }

  @Test
  void failureIsOneLineWithoutStackTrace() {
    assertThat(run("fail", "--what", "sealer")).isEqualTo(1);
    assertThat(err().strip()).isEqualTo("sealer: could not do it: because sealer");
  }

  @Test
  void debugShowsTheStackTrace() {
    assertThat(run("-d", "fail")).isEqualTo(1);
    assertThat(err()).contains("sealer: could not do it").contains("at io.sealer.cli");
  }

  @Test
  void unexpectedExceptionNamesTheCommand() {
    assertThat(run("fail", "--npe")).isEqualTo(1);
    assertThat(err().strip()).isEqualTo("sealer: could not fail: boom");
  }

  @Test
  void onlyTheNamedCommandIsParsedAndTheRestStaysTheSame() {
    assertThat(SealerCli.commandName("-q", "pull", "x")).isEqualTo("pull");
    assertThat(SealerCli.commandName("--root", "pull", "push", "x")).isEqualTo("push");
    assertThat(SealerCli.commandName("-d", "--quiet", "images")).isEqualTo("images");
    assertThat(SealerCli.commandName("--bogus", "pull")).isNull();
    assertThat(SealerCli.commandName("@args.txt")).isNull();
    assertThat(SealerCli.commandName("--root")).isNull();
    assertThat(SealerCli.commandName()).isNull();
    // a global option after the command, and errors that need the other commands, work as before
    assertThat(run("version", "--json", "-q")).isZero();
    assertThat(run("-q", "fail", "--what", "x")).isEqualTo(SealerCli.FAILURE);
    assertThat(err()).contains("because x");
    assertThat(run("--root", root.toString(), "pul")).isEqualTo(SealerCli.USAGE);
  }

  @Test
  void humanBytes() {
    assertThat(ConsoleEvents.humanBytes(512)).isEqualTo("512 B");
    assertThat(ConsoleEvents.humanBytes(1536)).isEqualTo("1.5 KiB");
    assertThat(ConsoleEvents.humanBytes(5L << 30)).isEqualTo("5.0 GiB");
  }

  @Parameters(commandNames = "fail", commandDescription = "A test command that fails")
  static final class FailingCommand implements CliCommand {
    @ParametersDelegate GlobalOptions global = new GlobalOptions();

    @Parameter(names = "--what")
    String what = "test";

    @Parameter(names = "--npe")
    boolean npe;

    @Override
    public int run(CommandContext context) {
      if (npe) {
        throw new IllegalStateException("boom");
      }
      throw new SealerException("could not do it: because " + what);
    }

    @Override
    public String examples() {
      return "sealer fail";
    }
  }
}
