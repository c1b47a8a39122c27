package io.vpop.report;

import io.vpop.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The output folder of a run, written all or nothing. A run writes its files into a staging folder
 * beside the target (never inside it); {@link #commit} moves them in only when every one is
 * complete, so a failure, a full disk, Ctrl-C or SIGTERM before then leaves the target as it was (a
 * shutdown hook removes the staging folder; one left by SIGKILL is removed by the next run into the
 * same target). A target that did not exist appears in one rename. A target that holds an earlier
 * vpop result set has that set replaced as a whole: a manifest ({@value #MANIFEST}) names the files
 * of each set, so stale ones go; the user's other files stay.
 */
public final class ResultFolder implements AutoCloseable {
  /** The file in a result folder that lists the files of the vpop result set in it. */
  public static final String MANIFEST = ".vpop-files";

  private static final String STAGING = ".vpop-staging-";

  private final Path target;
  private final String field;
  private final Path staging;
  private final Thread cleanup;
  private boolean committed;
  private boolean abandoned;

  private ResultFolder(Path target, String field, Path staging) {
    this.target = target;
    this.field = field;
    this.staging = staging;
    this.cleanup = new Thread(this::abandon, "vpop-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /**
   * Checks that a run can write into {@code target} and prepares its staging folder, before any
   * work starts.
   *
   * @param field the option that named the target, for the error message
   * @throws InvalidInputException naming {@code field} if the target is a file, sits under a file,
   *     or vpop cannot create and write files in it or beside it
   */
  public static ResultFolder open(Path target, String field) {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new InvalidInputException(field, target.toString(), "a directory (this is a file)");
    }
    Path existing = absolute;
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing)) {
      throw new InvalidInputException(
          field,
          target.toString(),
          "a directory whose parents are directories (" + existing + " is a file)");
    }
    // Beside the target when it exists (a rename within one folder), else in the nearest folder
    // that does: nothing is created on the way to the target before the run succeeds.
    Path home = absolute.equals(existing) ? existing.getParent() : existing;
    if (home == null) {
      throw new InvalidInputException(field, target.toString(), "a directory below the root");
    }
    String name = STAGING + absolute.getFileName() + "-";
    removeAbandoned(home, name);
    Path staging = home.resolve(name + ProcessHandle.current().pid());
    try {
      deleteTree(staging);
      Files.createDirectory(staging);
      probe(staging);
      if (Files.isDirectory(absolute)) {
        probe(absolute);
      }
    } catch (IOException | SecurityException e) {
      deleteQuietly(staging);
      throw new InvalidInputException(
          field, target.toString(), "a directory vpop can write in (" + reason(e) + ")");
    }
    return new ResultFolder(absolute, field, staging);
  }

  /** Writes and deletes a file in {@code folder}: the folder takes new files. */
  private static void probe(Path folder) throws IOException {
    Files.delete(Files.createTempFile(folder, ".vpop-probe-", ".tmp"));
  }

  /** Removes the staging folders of earlier runs into the same target whose process is gone. */
  private static void removeAbandoned(Path home, String name) {
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(home, name + "*")) {
      for (Path folder : folders) {
        String pid = folder.getFileName().toString().substring(name.length());
        boolean alive =
            pid.chars().allMatch(Character::isDigit)
                && !pid.isEmpty()
                && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
          deleteQuietly(folder);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Best effort: a folder that cannot be listed or removed now is left for a later run.
    }
  }

  /**
   * Checks, before the run, that the disk has room for its files.
   *
   * @param bytes an estimate of the size of every file the run writes
   * @throws InvalidInputException naming the target's option when the disk has less free space
   */
  public void requireSpace(long bytes) {
    long free;
    try {
      free = Files.getFileStore(staging).getUsableSpace();
    } catch (IOException e) {
      return; // A file system that does not say: the write itself will tell.
    }
    if (bytes > free) {
      throw InvalidInputException.of(
          field,
          "the run's files need about "
              + bytes / (1 << 20)
              + " MiB and "
              + target
              + " has "
              + free / (1 << 20)
              + " MiB free; allowed: fewer patients, no --per-patient, or another folder");
    }
  }

  /** The folder the run writes its files into. */
  public Path staging() {
    return staging;
  }

  /**
   * Moves the run's files into the target: the whole staging folder in one rename when the target
   * does not exist, else file by file, after removing the files of the earlier result set there
   * that this one does not replace. Writes the manifest of the new set.
   *
   * @throws IOException if the files cannot be moved (the target may then hold part of the set)
   */
  public synchronized void commit() throws IOException {
    if (abandoned) {
      throw new IOException("the run was stopped before its files were moved into " + target);
    }
    List<String> files = new ArrayList<>();
    try (Stream<Path> written = Files.list(staging)) {
      written.forEach(file -> files.add(file.getFileName().toString()));
    }
    files.sort(null);
    Files.write(staging.resolve(MANIFEST), files);
    if (!Files.exists(target)) {
      Files.createDirectories(target.getParent());
      move(staging, target);
    } else {
      Set<String> earlier = new LinkedHashSet<>(manifest(target));
      earlier.removeAll(files);
      for (String stale : earlier) {
        Files.deleteIfExists(target.resolve(stale));
      }
      for (String file : files) {
        move(staging.resolve(file), target.resolve(file));
      }
      move(staging.resolve(MANIFEST), target.resolve(MANIFEST));
      Files.delete(staging);
    }
    committed = true;
  }

  /** The files of the result set in a folder, from its manifest (none without one). */
  static List<String> manifest(Path folder) throws IOException {
    Path manifest = folder.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return List.of();
    }
    List<String> files = new ArrayList<>();
    for (String line : Files.readAllLines(manifest)) {
      // Only plain names of files in the folder: a damaged manifest never reaches outside it.
      if (!line.isBlank() && !line.contains("/") && !line.equals("..") && !line.equals(".")) {
        files.add(line);
      }
    }
    return files;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Removes the staging folder unless the files were moved in; the shutdown hook runs this on
   * Ctrl-C or SIGTERM, after a commit in progress ends.
   */
  private synchronized void abandon() {
    abandoned = true;
    if (!committed) {
      deleteQuietly(staging);
    }
  }

  /** Removes the staging folder of a run that did not commit. */
  @Override
  public void close() {
    abandon();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is running or has run.
    }
  }

  private static void deleteQuietly(Path folder) {
    try {
      deleteTree(folder);
    } catch (IOException | UncheckedIOException e) {
      // Left for the next run into the same target, which removes abandoned staging folders.
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Why a file could not be made, in words: the system's reason and the file. */
  private static String reason(Exception e) {
    if (e instanceof FileSystemException file) {
      String why =
          file.getReason() != null
              ? file.getReason()
              : file.getClass()
                  .getSimpleName()
                  .replace("Exception", "")
                  .replaceAll("(?<=.)(?=\\p{Upper})", " ")
                  .toLowerCase(java.util.Locale.ROOT);
      return "cannot create " + file.getFile() + ": " + why;
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse("no message");
  }
}
