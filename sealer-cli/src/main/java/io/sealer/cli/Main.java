package io.sealer.cli;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Set;

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

  /**
   * Set-up that a command reaches only after its arguments are parsed and its objects wired, done
   * meanwhile on the second core (a JVM starts on one thread), in the order it is needed:
   * java.util.logging, for the cluster commands only (Guice wires their side and logs through it;
   * its set-up opens every jar of the class path looking for a logger service, about 40 ms, and
   * image commands never need it); Jackson's ObjectMapper, whose date format loads the locale and
   * calendar data (about 50 ms); and, for the commands that hash, SHA-256 (below). Class
   * initializers have no side effects here, and one being run by a thread is waited for by another,
   * so which thread gets there first does not matter.
   */
  private static final String JACKSON = "com.fasterxml.jackson.databind.ObjectMapper";

  /**
   * The commands that only use the image side of the SDK, wired without Guice: no java.util.logging
   * warm-up for them.
   */
  private static final Set<String> IMAGE_COMMANDS =
      Set.of(
          "pull", "push", "load", "save", "build", "images", "inspect", "tag", "rmi", "login",
          "logout", "prune", "version");

  /** The commands that hash much data, for which {@link #warmUpSha256} pays. */
  private static final Set<String> HASHING_COMMANDS =
      Set.of("pull", "push", "load", "save", "build");

  private static final int SHA_WARM_UP_UPDATES = 2_000;

  private static final int[] SHA_WARM_UP_LENGTHS = {1, 31, 64, 65, 127, 200, 577, 1300};

  private Main() {}

  /**
   * Runs SHA-256 over some hundred kilobytes of small updates, so that the JIT compiles the
   * digest's update path with its CPU intrinsic (SHA-NI) before a pull or push hashes real data:
   * left to the downloads, a small image's blobs were hashed almost entirely by the interpreted and
   * C1 compiled Java code of the digest, which is several times slower. bin/sealer lowers the
   * compile thresholds of the digest's methods tenfold, which is why 2,000 updates are enough (it
   * took 12,000 without, a tenth of a second of the second core; run without bin/sealer, the digest
   * is compiled later, during the first blobs).
   */
  private static void warmUpSha256() throws GeneralSecurityException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[2048];
    for (int i = 0; i < SHA_WARM_UP_UPDATES; i++) {
      // lengths and offsets of every kind (part of a block, whole blocks, both), as socket reads
      // give them: code compiled for one kind only is thrown away at the first other one
      int length = SHA_WARM_UP_LENGTHS[i % SHA_WARM_UP_LENGTHS.length];
      sha.update(chunk, i & 63, length);
    }
    sha.digest();
  }

  private static void warmUp(boolean logging, boolean hashes) {
    try {
      if (logging) {
        java.util.logging.LogManager.getLogManager();
      }
      Class.forName(JACKSON, true, Main.class.getClassLoader());
      if (hashes) {
        warmUpSha256();
      }
    } catch (Exception | LinkageError e) {
      // only an early start: whoever needs the class initializes it and sees the error; and a
      // command that is already exiting (java.util.logging refuses a shutdown hook then) must not
      // print this thread's stack trace
    }
  }

  /** Runs one command and exits with its status. */
  public static void main(String[] args) {
    for (String[] setting : GUICE_START_UP) {
      if (System.getProperty(setting[0]) == null) {
        System.setProperty(setting[0], setting[1]);
      }
    }
    String command = String.valueOf(SealerCli.commandName(args));
    boolean hashes = HASHING_COMMANDS.contains(command);
    boolean logging = !IMAGE_COMMANDS.contains(command);
    Thread warmUp = new Thread(() -> warmUp(logging, hashes), "sealer-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
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
