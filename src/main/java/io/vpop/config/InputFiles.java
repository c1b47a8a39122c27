package io.vpop.config;

import io.vpop.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The text of a user's input file (a scenario, a sweep, a model), or one line that says why it
 * cannot be read: only regular files (not a directory, a device such as /dev/zero, or a pipe that
 * would never end), of at most {@value #MAX_BYTES} bytes, in UTF-8.
 */
public final class InputFiles {
  /** The largest input file: 1 MiB, far beyond any scenario or model (a few KiB). */
  public static final int MAX_BYTES = 1 << 20;

  private InputFiles() {}

  /**
   * The file's text.
   *
   * @param field where the path came from, for the error message
   * @param kind what the file should be, e.g. {@code YAML scenario file}
   * @throws InvalidInputException naming {@code field} for a directory, a missing file, a file that
   *     is not a regular file, too large, not UTF-8 or cannot be read
   */
  public static String text(Path path, String field, String kind) {
    requireRegularFile(path, field, kind);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      // Read one byte more than allowed, so a file that grows while read is caught too.
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw InvalidInputException.of(field, "cannot read " + path + " (" + e.getMessage() + ")");
    }
    if (bytes.length > MAX_BYTES) {
      throw new InvalidInputException(
          field,
          path.toString(),
          String.format(Locale.ROOT, "a %s of at most %d bytes (1 MiB)", kind, MAX_BYTES));
    }
    try {
      return strictUtf8().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(field, path.toString(), "a " + kind + " in UTF-8 text");
    }
  }

  /**
   * A reader of the file's UTF-8 text, of any length, for tables read a row at a time: a byte
   * sequence that is not UTF-8 fails the read with a {@link
   * java.nio.charset.CharacterCodingException}.
   *
   * @throws InvalidInputException naming {@code field} for a directory, a missing file or one that
   *     is not a regular file, or one that cannot be opened
   */
  public static Reader reader(Path path, String field, String kind) {
    requireRegularFile(path, field, kind);
    try {
      return new BufferedReader(new InputStreamReader(Files.newInputStream(path), strictUtf8()));
    } catch (IOException e) {
      throw InvalidInputException.of(field, "cannot read " + path + " (" + e.getMessage() + ")");
    }
  }

  /** A UTF-8 decoder that fails on bytes that are not UTF-8 instead of replacing them. */
  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static void requireRegularFile(Path path, String field, String kind) {
    if (Files.isDirectory(path)) {
      throw new InvalidInputException(
          field, path.toString(), "a " + kind + " (this is a directory)");
    }
    if (!Files.exists(path)) {
      throw new InvalidInputException(field, path.toString(), "an existing " + kind);
    }
    if (!Files.isRegularFile(path)) {
      throw new InvalidInputException(
          field, path.toString(), "a regular " + kind + " (this is a device, pipe or socket)");
    }
  }
}
