package io.vpop.config;

import io.vpop.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The text of a user's input file, or one line that says why it cannot be read. */
public final class InputFiles {
  private InputFiles() {}

  /**
   * The file's text (UTF-8).
   *
   * @param field where the path came from, for the error message
   * @param kind what the file should be, e.g. {@code YAML scenario file}
   * @throws InvalidInputException naming {@code field} for a directory, a missing file or a file
   *     that cannot be read
   */
  public static String text(Path path, String field, String kind) {
    if (Files.isDirectory(path)) {
      throw new InvalidInputException(
          field, path.toString(), "a " + kind + " (this is a directory)");
    }
    try {
      return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(field, path.toString(), "an existing " + kind);
    } catch (IOException e) {
      throw InvalidInputException.of(field, "cannot read " + path + " (" + e.getMessage() + ")");
    }
  }
}
