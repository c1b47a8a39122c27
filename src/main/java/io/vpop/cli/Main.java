package io.vpop.cli;

import io.vpop.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code vpop} command. Exit codes: 0 success, 1 an internal error, 2 invalid input (one line
 * naming the field, the value and what is allowed), 3 a patient's solve failed.
 */
@Command(
    name = "vpop",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Monte Carlo virtual-population pharmacokinetics for linear PK models given as files.",
    subcommands = {
      SimulateCommand.class,
      PopulationCommand.class,
      InfoCommand.class,
      SelftestCommand.class,
      SweepCommand.class,
      ValidateCommand.class,
      PresetsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for invalid input. */
  static final int INVALID_INPUT = 2;

  /** The environment variable that, set to anything, makes internal errors print their trace. */
  static final String DEBUG_VARIABLE = "VPOP_DEBUG";

  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On an internal error, print the stack trace too (or set VPOP_DEBUG).")
  boolean debug;

  public static void main(String[] args) {
    // Plots are drawn off screen: no display is needed or wanted.
    System.setProperty("java.awt.headless", "true");
    int code;
    try {
      code = commandLine().execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println(
          "vpop: out of memory ("
              + firstLine(e)
              + "); give Java more heap (java -Xmx...) or run fewer patients per batch (--batch-size)");
      code = 1;
    }
    System.exit(code);
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
          command
              .getErr()
              .println(
                  "vpop: internal error: "
                      + exception.getClass().getName()
                      + ": "
                      + firstLine(exception)
                      + " (details with --debug)");
          if (debugAsked(parseResult)) {
            exception.printStackTrace(command.getErr());
          }
          return 1;
        });
    return commandLine;
  }

  /** Whether --debug was given to the command or a parent of it, or VPOP_DEBUG is set. */
  private static boolean debugAsked(ParseResult parseResult) {
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return System.getenv(DEBUG_VARIABLE) != null;
  }

  /** The first line of a throwable's message, or "no message". */
  private static String firstLine(Throwable e) {
    return e.getMessage() == null
        ? "no message"
        : e.getMessage().lines().findFirst().orElse("no message");
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
