package io.vpop.run;

import io.vpop.InvalidInputException;
import io.vpop.backend.BackendChoice;
import io.vpop.solve.SolverKind;
import io.vpop.stats.SampleAccumulator;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * How a simulation runs, which never changes its results beyond the solver's tolerance: worker
 * threads, patients per batch, the backend and solver, how many values per metric are kept for
 * exact percentiles, and who hears about progress and about a backend that falls back.
 *
 * @param threads worker threads, 1 to {@value #MAX_THREADS}
 * @param batchSize patients per batch, 1 to {@value #MAX_BATCH}; empty for the backend's choice
 * @param backend the backend asked for
 * @param solver the per-patient solver
 * @param exactLimit values per metric kept for exact percentiles before a sketch takes over
 * @param progress told the patients done after each batch
 * @param notices receive one-line notices (the GPU is not used, and why)
 */
public record Execution(
    int threads,
    OptionalInt batchSize,
    BackendChoice backend,
    SolverKind solver,
    int exactLimit,
    Progress progress,
    Consumer<String> notices) {
  /** The most worker threads. */
  public static final int MAX_THREADS = 1024;

  /** The largest batch. */
  public static final int MAX_BATCH = 1 << 20;

  /**
   * @throws InvalidInputException naming {@code threads}, {@code batch_size} or {@code exact_limit}
   *     out of range
   */
  public Execution {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new InvalidInputException("threads", threads, "1 to " + MAX_THREADS);
    }
    if (batchSize.isPresent() && (batchSize.getAsInt() < 1 || batchSize.getAsInt() > MAX_BATCH)) {
      throw new InvalidInputException("batch_size", batchSize.getAsInt(), "1 to " + MAX_BATCH);
    }
    if (exactLimit < 1) {
      throw new InvalidInputException("exact_limit", exactLimit, "at least 1");
    }
  }

  /**
   * Every core, the backend's batch size, the GPU when one works, the exact solver, exact
   * percentiles up to {@value SampleAccumulator#DEFAULT_EXACT_LIMIT} patients, and silence.
   */
  public static Execution defaults() {
    return new Execution(
        Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()),
        OptionalInt.empty(),
        BackendChoice.AUTO,
        SolverKind.EXACT,
        SampleAccumulator.DEFAULT_EXACT_LIMIT,
        Progress.NONE,
        line -> {});
  }

  public Execution withThreads(int count) {
    return new Execution(count, batchSize, backend, solver, exactLimit, progress, notices);
  }

  public Execution withBatchSize(OptionalInt size) {
    return new Execution(threads, size, backend, solver, exactLimit, progress, notices);
  }

  public Execution withBackend(BackendChoice choice) {
    return new Execution(threads, batchSize, choice, solver, exactLimit, progress, notices);
  }

  public Execution withSolver(SolverKind kind) {
    return new Execution(threads, batchSize, backend, kind, exactLimit, progress, notices);
  }

  public Execution withExactLimit(int limit) {
    return new Execution(threads, batchSize, backend, solver, limit, progress, notices);
  }

  public Execution withProgress(Progress listener) {
    return new Execution(threads, batchSize, backend, solver, exactLimit, listener, notices);
  }

  public Execution withNotices(Consumer<String> listener) {
    return new Execution(threads, batchSize, backend, solver, exactLimit, progress, listener);
  }
}
