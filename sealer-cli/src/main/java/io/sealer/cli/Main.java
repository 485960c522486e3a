package io.sealer.cli;

/** The {@code sealer} executable. */
public final class Main {
  private Main() {}

  /** Runs one command and exits with its status. */
  public static void main(String[] args) {
    int status = new SealerCli(System.out, System.err, System.getenv()).run(args);
    System.out.flush();
    System.exit(status);
  }
}
