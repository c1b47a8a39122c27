package io.vpop.report;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes output files so a reader never sees half of one: into a temporary file beside it, then a
 * move.
 */
public final class AtomicFiles {
  /** Writes the content of a text file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer writer) throws IOException;
  }

  /** Writes the content of a binary file. */
  @FunctionalInterface
  public interface BinaryContent {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Writes {@code target} (UTF-8) atomically into its directory, which must exist. */
  public static void write(Path target, Content content) throws IOException {
    writeBytes(
        target,
        out -> {
          // The content may close its writer (Jackson does); the file is closed here, after the
          // flush.
          Writer writer =
              new FilterWriter(
                  new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                @Override
                public void close() throws IOException {
                  flush();
                }
              };
          content.writeTo(writer);
          writer.flush();
        });
  }

  /**
   * Writes {@code target} atomically into its directory, which must exist (a run's staging folder,
   * {@link ResultFolder}: a writer never creates it again after Ctrl-C removed it). The temporary
   * file is deleted if writing fails.
   */
  public static void writeBytes(Path target, BinaryContent content) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
    readableByAll(temporary);
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
        content.writeTo(out);
      }
      move(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Temporary files are private to their owner; an output file is read by others too (rw-r--r--).
   */
  private static void readableByAll(Path path) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(
          path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  private static void move(Path temporary, Path target) throws IOException {
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
