package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.backend.BackendChoice;
import io.vpop.population.CovariateTable;
import io.vpop.run.Execution;
import io.vpop.scenario.Scenario;
import io.vpop.solve.SolverKind;
import java.util.Locale;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * The options of a population run: size, seed and how the work is split (which never changes
 * results).
 */
final class RunOptions {
  /** The most patients one run may have. */
  static final long MAX_PATIENTS = 1_000_000_000L;

  /** The patients of a run that gives no {@code --patients} and has no population table. */
  static final long DEFAULT_PATIENTS = 1000;

  @Option(
      names = "--patients",
      description =
          "Number of virtual patients (default: 1000, or every row of the scenario's population"
              + " table).")
  Long patients;

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
    long count = patients != null ? patients : DEFAULT_PATIENTS;
    if (count < 1 || count > MAX_PATIENTS) {
      throw new InvalidInputException("--patients", count, "1 to " + MAX_PATIENTS);
    }
    return count;
  }

  /**
   * The number of patients of a run of {@code scenario}, checked: with a population table, every
   * row unless fewer are asked for.
   *
   * @throws InvalidInputException naming {@code --patients} out of range or beyond the table
   */
  long checkedPatients(Scenario scenario) {
    CovariateTable table = scenario.table();
    if (table == null) {
      return checkedPatients();
    }
    long count = patients != null ? patients : table.rows();
    if (count < 1 || count > table.rows()) {
      throw new InvalidInputException(
          "--patients",
          count,
          String.format(
              Locale.ROOT,
              "1 to %d, the rows of the population table %s",
              table.rows(),
              table.source()));
    }
    return count;
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
