package io.vpop.cli;

import io.vpop.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks {@code --out} before any work starts. */
final class OutputDirectory {
  private OutputDirectory() {}

  /**
   * @throws InvalidInputException naming {@code --out} if it exists and is not a writable directory
   */
  static void check(Path out) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new InvalidInputException("--out", out.toString(), "a directory (this is a file)");
    }
    if (Files.isDirectory(out) && !Files.isWritable(out)) {
      throw new InvalidInputException("--out", out.toString(), "a writable directory");
    }
    for (Path parent = out.toAbsolutePath().getParent();
        parent != null;
        parent = parent.getParent()) {
      if (Files.exists(parent) && !Files.isDirectory(parent)) {
        throw new InvalidInputException(
            "--out",
            out.toString(),
            "a directory whose parents are directories (" + parent + " is a file)");
      }
    }
  }
}
