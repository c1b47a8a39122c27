package io.vpop.cli;

import io.vpop.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code vpop} command. Exit codes: 0 success, 1 an internal error, 2 invalid input (one line
 * naming the field, the value and what is allowed), 3 a patient's solve failed.
 */
@Command(
    name = "vpop",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Monte Carlo virtual-population pharmacokinetics (temsirolimus and sirolimus).",
    subcommands = {
      SimulateCommand.class,
      PopulationCommand.class,
      InfoCommand.class,
      SelftestCommand.class,
      SweepCommand.class,
      ValidateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for invalid input. */
  static final int INVALID_INPUT = 2;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    // Plots are drawn off screen: no display is needed or wanted.
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: exception handlers map failures to one line and an exit code. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setParameterExceptionHandler(
        (exception, args) -> {
          CommandLine command = exception.getCommandLine();
          command
              .getErr()
              .println(
                  "vpop: "
                      + exception.getMessage()
                      + " (see '"
                      + command.getCommandSpec().qualifiedName()
                      + " --help')");
          return INVALID_INPUT;
        });
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> {
          if (exception instanceof InvalidInputException) {
            command.getErr().println("vpop: " + exception.getMessage());
            return INVALID_INPUT;
          }
          command.getErr().println("vpop: internal error: " + exception);
          return 1;
        });
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar's manifest ("dev" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vpop " + version()};
    }

    static String version() {
      String version = Main.class.getPackage().getImplementationVersion();
      return version == null ? "dev" : version;
    }
  }
}
