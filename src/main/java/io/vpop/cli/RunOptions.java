package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.backend.BackendChoice;
import io.vpop.run.Execution;
import io.vpop.solve.SolverKind;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * The options of a population run: size, seed and how the work is split (which never changes
 * results).
 */
final class RunOptions {
  /** The most patients one run may have. */
  static final long MAX_PATIENTS = 1_000_000_000L;

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
   * The number of patients, checked.
   *
   * @throws InvalidInputException naming {@code --patients} out of range
   */
  long checkedPatients() {
    if (patients < 1 || patients > MAX_PATIENTS) {
      throw new InvalidInputException("--patients", patients, "1 to " + MAX_PATIENTS);
    }
    return patients;
  }

  /**
   * How to run: these threads and batch size, the backend and solver given.
   *
   * @throws InvalidInputException naming {@code threads} or {@code batch_size} out of range
   */
  Execution execution(BackendChoice backend, SolverKind solver) {
    Execution defaults = Execution.defaults();
    return defaults
        .withThreads(threads != null ? threads : defaults.threads())
        .withBatchSize(batchSize != null ? OptionalInt.of(batchSize) : OptionalInt.empty())
        .withBackend(backend)
        .withSolver(solver);
  }
}
