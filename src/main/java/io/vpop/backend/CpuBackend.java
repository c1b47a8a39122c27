package io.vpop.backend;

import io.vpop.Parallel;
import io.vpop.population.PatientBatch;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.PatientResult;
import io.vpop.solve.PatientSolver;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The pure-Java backend: each of its threads owns a solver and its work arrays and takes a
 * contiguous range of the batch's slots. A patient's answer does not depend on which thread solves
 * it, so the results are the same for any thread count. Nothing is allocated per patient.
 */
public final class CpuBackend implements Backend {
  /**
   * Patients per batch unless asked otherwise: enough to keep every thread busy, small enough that
   * a batch's profiles stay in cache-friendly arrays.
   */
  public static final int DEFAULT_BATCH = 1024;

  private final int threads;
  private final int capacity;
  private final SolverKind kind;
  private final ExecutorService executor;
  private final Worker[] workers;

  /**
   * @param threads worker threads, at least 1
   * @param capacity the most patients per batch
   */
  public CpuBackend(
      CompartmentSystem system, Schedule schedule, SolverKind kind, int threads, int capacity) {
    this.threads = threads;
    this.capacity = capacity;
    this.kind = kind;
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "vpop-cpu");
              thread.setDaemon(true);
              return thread;
            });
    this.workers = new Worker[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Worker(system, schedule, kind);
    }
  }

  @Override
  public String description() {
    return "cpu (" + threads + (threads == 1 ? " thread, " : " threads, ") + kind.key() + ")";
  }

  @Override
  public boolean countsBands() {
    return false;
  }

  @Override
  public int[] takeBandCounts() {
    throw new IllegalStateException("the CPU backend does not count bands");
  }

  @Override
  public int batchCapacity() {
    return capacity;
  }

  /** Solves the batch on the worker threads before it returns. */
  @Override
  public void start(PatientBatch batch, BatchResult result) {
    if (batch.capacity() != capacity || result.capacity() != capacity) {
      throw new IllegalArgumentException(
          "a batch of capacity " + batch.capacity() + " for a backend made for " + capacity);
    }
    if (result.countsBands()) {
      throw new IllegalArgumentException("the CPU backend does not count bands: ask for profiles");
    }
    // One chunk per worker: chunk c always runs on worker c's solver.
    Parallel.forChunks(
        executor,
        threads,
        batch.size(),
        (piece, from, to) -> workers[piece].solve(batch, from, to, result));
  }

  /** Nothing to wait for: {@link #start} did the work. */
  @Override
  public void finish() {}

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** One thread's solver and arrays. */
  private static final class Worker {
    private final PatientSolver solver;
    private final PatientResult patient;
    private final double[] parameters;
    private final double[] doses;

    Worker(CompartmentSystem system, Schedule schedule, SolverKind kind) {
      this.solver = kind.create(system, schedule);
      this.patient = new PatientResult(system.outputs(), schedule.grid().size());
      this.parameters = new double[system.parameterCount()];
      this.doses = new double[schedule.lines()];
    }

    void solve(PatientBatch batch, int from, int to, BatchResult result) {
      for (int i = from; i < to; i++) {
        for (int k = 0; k < parameters.length; k++) {
          parameters[k] = batch.parameter(k, i);
        }
        for (int line = 0; line < doses.length; line++) {
          doses[line] = batch.doseMg(line, i);
        }
        solver.solve(parameters, doses, patient);
        result.store(i, patient);
      }
    }
  }
}
