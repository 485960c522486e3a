package io.sealer.cli;

import java.nio.file.Path;

/** The {@code sealer} executable. */
public final class Main {
  /**
   * Guice settings that only cost start-up time in a one-shot process: generating a fast-invoke
   * class per injected constructor (ASM at run time, classes the AppCDS archive cannot hold), and
   * recording the source line of every binding for error messages. A user's own setting wins.
   */
  private static final String[][] GUICE_START_UP = {
    {"guice_bytecode_gen_option", "DISABLED"}, {"guice_include_stack_traces", "OFF"}
  };

  private Main() {}

  /** Runs one command and exits with its status. */
  public static void main(String[] args) {
    for (String[] setting : GUICE_START_UP) {
      if (System.getProperty(setting[0]) == null) {
        System.setProperty(setting[0], setting[1]);
      }
    }
    int status;
    String trainingRoot = System.getenv("SEALER_ROOT");
    if ("true".equals(System.getProperty("sealer.cds.training")) && trainingRoot != null) {
      // bin/sealer making the start-up archive: see CdsTraining
      status = CdsTraining.run(Path.of(trainingRoot), System.getenv());
    } else {
      status = new SealerCli(System.out, System.err, System.getenv()).run(args);
    }
    System.out.flush();
    System.exit(status);
  }
}
