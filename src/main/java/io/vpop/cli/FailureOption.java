package io.vpop.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --allow-failures} option: whether patients that failed to solve fail the run. */
final class FailureOption {
  /** Exit code when patients failed to solve and that was not allowed. */
  static final int FAILED = 3;

  @Option(
      names = "--allow-failures",
      description =
          "Exit with 0 even if some patients failed to solve (they are left out and listed).")
  boolean allowFailures;

  /** The exit code of a run with {@code failed} failed patients, saying why on {@code err}. */
  int exitCode(long failed, PrintWriter err) {
    if (failed == 0 || allowFailures) {
      return 0;
    }
    err.println(
        "vpop: "
            + failed
            + " patients failed to solve and were left out (see failures in summary.json);"
            + " pass --allow-failures to accept");
    return FAILED;
  }
}
