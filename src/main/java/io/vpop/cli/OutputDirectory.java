package io.vpop.cli;

import io.vpop.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --out} option of the commands that write files, checked before any work starts. */
final class OutputDirectory {
  @Option(
      names = "--out",
      defaultValue = "out",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  private Path path;

  /** The directory. */
  Path path() {
    return path;
  }

  /** Tells the user which files were written, as one line, and flushes the console. */
  void announce(PrintWriter console, List<String> written) {
    console.println(
        "wrote " + written.size() + " files to " + path + ": " + String.join(", ", written));
    console.flush();
  }

  /**
   * @throws InvalidInputException naming {@code --out} if it exists and is not a writable
   *     directory, or a parent is a file
   */
  void check() {
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new InvalidInputException("--out", path.toString(), "a directory (this is a file)");
    }
    if (Files.isDirectory(path) && !Files.isWritable(path)) {
      throw new InvalidInputException("--out", path.toString(), "a writable directory");
    }
    for (Path parent = path.toAbsolutePath().getParent();
        parent != null;
        parent = parent.getParent()) {
      if (Files.exists(parent) && !Files.isDirectory(parent)) {
        throw new InvalidInputException(
            "--out",
            path.toString(),
            "a directory whose parents are directories (" + parent + " is a file)");
      }
    }
  }
}
