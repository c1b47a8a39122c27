package io.vpop.cli;

import io.vpop.InvalidInputException;
import picocli.CommandLine.ParseResult;

/** Options a mode of a command has no use for are refused, never silently ignored. */
final class UnusedOptions {
  private UnusedOptions() {}

  /**
   * @param mode the option that chose the mode, e.g. {@code --typical}
   * @param why what the mode does instead, for the message
   * @throws InvalidInputException naming the first of {@code options} that was given
   */
  static void refuse(ParseResult given, String mode, String why, String... options) {
    for (String option : options) {
      if (given.hasMatchedOption(option)) {
        throw InvalidInputException.of(
            option, "does not apply with " + mode + " (" + why + "); allowed: leave it out");
      }
    }
  }
}
