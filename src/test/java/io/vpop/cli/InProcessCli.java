package io.vpop.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs vpop's command line in this JVM and keeps what it printed, for the command tests. */
final class InProcessCli {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** One command line for every run: picocli resets every option before it parses the next. */
  private final CommandLine commandLine =
      Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

  /** Runs one command. */
  int run(String... args) {
    return commandLine.execute(args);
  }

  /** Everything printed to standard output so far. */
  String out() {
    return out.toString();
  }

  /** Everything printed to standard error so far. */
  String err() {
    return err.toString();
  }

  /**
   * Runs one command that must be refused as bad input (exit code 2) and returns its message, what
   * it printed to standard error since this call, stripped.
   */
  String refusal(String... args) {
    clearErr();
    org.junit.jupiter.api.Assertions.assertEquals(2, run(args), "exit code of a refused command");
    return err().strip();
  }

  /** Forgets what was printed to standard error, before the next command of a test. */
  void clearErr() {
    err.getBuffer().setLength(0);
  }
}
