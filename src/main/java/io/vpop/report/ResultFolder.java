package io.vpop.report;

import io.vpop.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The output folder of a run, written all or nothing. A run writes its files into a staging folder
 * beside the target (inside it only when the folder around it cannot be written or is another file
 * system); {@link #commit} moves them in only when every one is complete, so a failure, a full
 * disk, Ctrl-C or SIGTERM before then leaves the target as it was (a shutdown hook removes the
 * staging folder; one left by SIGKILL is removed by the next run into the same target on the same
 * host). A target that did not exist appears in one rename. A target that holds an earlier vpop
 * result set has that set replaced as a whole: a manifest ({@value #MANIFEST}) names the files of
 * each set, so stale ones go; the user's other files stay.
 */
public final class ResultFolder implements AutoCloseable {
  /** The file in a result folder that lists the files of the vpop result set in it. */
  public static final String MANIFEST = ".vpop-files";

  private static final String STAGING = ".vpop-staging-";

  /** Deletion attempts of the shutdown hook, against a writer that has not stopped yet. */
  private static final int CLEANUP_ATTEMPTS = 20;

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
  }

  /**
   * Checks that a run can write into {@code target} and prepares its staging folder, before any
   * work starts.
   *
   * @param field the option that named the target, for the error message
   * @throws InvalidInputException naming {@code field} if the target is a file or a broken link,
   *     sits under a file, or vpop cannot create and write files in it or beside it
   */
  public static ResultFolder open(Path target, String field) {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.isSymbolicLink(absolute) && !Files.exists(absolute)) {
      throw new InvalidInputException(
          field, target.toString(), "a directory (this is a broken link)");
    }
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
    String name = stagingName(absolute.getFileName().toString(), ProcessHandle.current().pid());
    try {
      if (!absolute.equals(existing)) {
        // Nothing is created on the way to a new target before the run succeeds.
        return stage(absolute, field, existing, name);
      }
      Path parent = absolute.getParent();
      if (parent != null && Files.isWritable(parent) && sameStore(parent, absolute)) {
        try {
          return stage(absolute, field, parent, name);
        } catch (IOException e) {
          // The folder around the target refuses: stage inside the target instead.
        }
      }
      probe(absolute);
      return stage(absolute, field, absolute, name);
    } catch (IOException | SecurityException e) {
      throw new InvalidInputException(
          field, target.toString(), "a directory vpop can write in (" + reason(e) + ")");
    }
  }

  /** Makes the staging folder {@code name} in {@code home}, after a shutdown hook to remove it. */
  private static ResultFolder stage(Path target, String field, Path home, String name)
      throws IOException {
    removeAbandoned(home, STAGING + target.getFileName() + "-");
    ResultFolder folder = new ResultFolder(target, field, home.resolve(name));
    Runtime.getRuntime().addShutdownHook(folder.cleanup);
    try {
      deleteTree(folder.staging);
      Files.createDirectory(folder.staging);
      probe(folder.staging);
    } catch (IOException | RuntimeException e) {
      folder.close();
      throw e;
    }
    return folder;
  }

  private static boolean sameStore(Path a, Path b) {
    try {
      return Files.getFileStore(a).equals(Files.getFileStore(b));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The staging folder of a run into {@code target} by process {@code pid} of this host: only a
   * folder of a gone process of this host is removed (another host's process ids mean nothing
   * here). The host name is read without a DNS lookup, which can stall.
   */
  static String stagingName(String target, long pid) {
    return STAGING + target + "-" + pid + Host.SUFFIX;
  }

  /** This host's name as a staging folder suffix, read once. */
  private static final class Host {
    static final String SUFFIX = "@" + name().replaceAll("[^A-Za-z0-9.-]", "_");

    private static String name() {
      String name = System.getenv("HOSTNAME");
      if (name != null && !name.isBlank()) {
        return name;
      }
      try {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      } catch (IOException | RuntimeException e) {
        return "localhost";
      }
    }
  }

  /** Writes and deletes a file in {@code folder}: the folder takes new files. */
  private static void probe(Path folder) throws IOException {
    Files.delete(Files.createTempFile(folder, ".vpop-probe-", ".tmp"));
  }

  /**
   * Removes the staging folders of earlier runs into the same target from this host whose process
   * is gone; the names are compared as text (a target's name may hold any character).
   */
  private static void removeAbandoned(Path home, String prefix) {
    String host = Host.SUFFIX;
    try (Stream<Path> folders = Files.list(home)) {
      for (Path folder : folders.toList()) {
        String name = folder.getFileName().toString();
        if (!name.startsWith(prefix) || !name.endsWith(host)) {
          continue;
        }
        String pid = name.substring(prefix.length(), name.length() - host.length());
        if (!pid.isEmpty()
            && pid.chars().allMatch(Character::isDigit)
            && pid.length() < 19
            && !ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
          deleteQuietly(folder);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a folder that cannot be listed or removed now is left for a later run.
    }
  }

  /**
   * Checks, before the run, that the disk the files go to has room for them.
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
   * does not exist, else file by file (renames within one file system), then removes the files of
   * the earlier result set that this one does not replace, and moves in the new manifest last.
   *
   * @throws IOException if the files cannot be moved: the target may then hold part of the new set
   *     beside the earlier one
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
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(target.getParent());
      move(staging, target);
      committed = true;
      return;
    }
    Set<String> stale = new LinkedHashSet<>(manifest(target));
    stale.removeAll(files);
    for (String file : files) {
      move(staging.resolve(file), target.resolve(file));
    }
    for (String file : stale) {
      Files.deleteIfExists(target.resolve(file));
    }
    move(staging.resolve(MANIFEST), target.resolve(MANIFEST));
    committed = true;
    deleteQuietly(staging);
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
   * Ctrl-C or SIGTERM, after a commit in progress ends, and tries again while a writer that has not
   * stopped yet still adds files (the writers never create the folder again).
   */
  private synchronized void abandon() {
    abandoned = true;
    if (committed) {
      return;
    }
    for (int attempt = 0; attempt < CLEANUP_ATTEMPTS && Files.exists(staging); attempt++) {
      deleteQuietly(staging);
      if (Files.exists(staging)) {
        Thread.onSpinWait();
      }
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
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
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
                  .toLowerCase(Locale.ROOT);
      return "cannot create " + file.getFile() + ": " + why;
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse("no message");
  }
}
