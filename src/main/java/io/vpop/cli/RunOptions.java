package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.backend.CpuBackend;
import picocli.CommandLine.Option;

/**
 * The options of a population run: size, seed and how the work is split (which never changes
 * results).
 */
final class RunOptions {
  /** The most patients one run may have. */
  static final long MAX_PATIENTS = 1_000_000_000L;

  /** The largest batch. */
  static final int MAX_BATCH = 1 << 20;

  /** The most worker threads. */
  static final int MAX_THREADS = 1024;

  @Option(
      names = "--patients",
      defaultValue = "1000",
      description = "Number of virtual patients (default: ${DEFAULT-VALUE}).")
  long patients;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(
      names = "--batch-size",
      description =
          "Patients per batch (default: 1024 on the CPU; on the GPU, what half its free memory"
              + " holds, up to 1048576).")
  Integer batchSize;

  /**
   * Checks the options.
   *
   * @return the thread count to use
   * @throws InvalidInputException naming the option out of range
   */
  int checkedThreads() {
    if (patients < 1 || patients > MAX_PATIENTS) {
      throw new InvalidInputException("--patients", patients, "1 to " + MAX_PATIENTS);
    }
    int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (threadCount < 1 || threadCount > MAX_THREADS) {
      throw new InvalidInputException("--threads", threadCount, "1 to " + MAX_THREADS);
    }
    if (batchSize != null && (batchSize < 1 || batchSize > MAX_BATCH)) {
      throw new InvalidInputException("--batch-size", batchSize, "1 to " + MAX_BATCH);
    }
    return threadCount;
  }

  /**
   * Checks that the grid values (patients x outputs x output times, in doubles) of {@code batches}
   * batches held at once fit in half the heap, each in one Java array.
   *
   * @throws InvalidInputException naming {@code --batch-size} with the largest batch that fits
   */
  void checkMemory(int capacity, int batches, int outputs, int gridSize) {
    long perPatient = (long) outputs * gridSize;
    long budget =
        Math.min(
            Runtime.getRuntime().maxMemory() / 2 / Double.BYTES / batches, Integer.MAX_VALUE - 8L);
    if ((long) capacity * perPatient > budget) {
      throw new InvalidInputException(
          "--batch-size",
          capacity,
          "at most "
              + Math.max(1, budget / perPatient)
              + " patients per batch for "
              + gridSize
              + " output times (or a coarser grid)");
    }
  }

  /**
   * Patients per batch where no backend chooses (sampling alone): the batch size, or the whole run
   * when it is smaller.
   */
  int batchCapacity() {
    return (int) Math.min(batchSize != null ? batchSize : CpuBackend.DEFAULT_BATCH, patients);
  }
}
