package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.report.ResultFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --out} option of the commands that write files: checked before any work starts, and
 * written all or nothing ({@link ResultFolder}).
 */
final class OutputDirectory {
  @Option(
      names = "--out",
      defaultValue = "out",
      description =
          "Output directory (default: ${DEFAULT-VALUE}); its files appear when the run is complete.")
  private Path path;

  /** The directory, as given. */
  Path path() {
    return path;
  }

  /**
   * Prepares the run's files: they are written into the returned folder's staging folder and appear
   * in the directory only on {@link #commit}.
   *
   * @throws InvalidInputException naming {@code --out} if it is a file, sits under a file, or vpop
   *     cannot write in it
   */
  ResultFolder open() {
    return ResultFolder.open(path, "--out");
  }

  /**
   * Moves the run's files into the directory.
   *
   * @throws InvalidInputException naming {@code --out} if they cannot be moved (a full disk)
   */
  void commit(ResultFolder folder) {
    try {
      folder.commit();
    } catch (IOException e) {
      throw InvalidInputException.of(
          "--out",
          "cannot move the files into "
              + path
              + " ("
              + firstLine(e)
              + "); it may now hold part of the new result set beside the earlier one");
    }
  }

  /** A failure to write the run's files, as one line about {@code --out}. */
  InvalidInputException writeFailed(IOException e) {
    return InvalidInputException.of(
        "--out",
        "cannot write the files for "
            + path
            + " ("
            + firstLine(e)
            + "); nothing was changed there");
  }

  private static String firstLine(IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return reason.lines().findFirst().orElse("no message");
  }

  /** Tells the user which files were written, as one line, and flushes the console. */
  void announce(PrintWriter console, List<String> written) {
    console.println(
        "wrote " + written.size() + " files to " + path + ": " + String.join(", ", written));
    console.flush();
  }
}
