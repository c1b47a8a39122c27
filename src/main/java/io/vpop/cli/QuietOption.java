package io.vpop.cli;

import picocli.CommandLine.Option;

/** The {@code --quiet} option of the commands that show progress. */
final class QuietOption {
  @Option(
      names = "--quiet",
      description = "No progress bar (or progress lines, when not on a terminal).")
  boolean quiet;
}
