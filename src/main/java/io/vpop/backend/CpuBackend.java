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
  private final int threads;
  private final SolverKind kind;
  private final ExecutorService executor;
  private final Worker[] workers;

  /**
   * @param threads worker threads, at least 1
   */
  public CpuBackend(CompartmentSystem system, Schedule schedule, SolverKind kind, int threads) {
    this.threads = threads;
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
  public void solve(PatientBatch batch, BatchResult result) {
    // One chunk per worker: chunk c always runs on worker c's solver.
    Parallel.forChunks(
        executor,
        threads,
        batch.size(),
        (piece, from, to) -> workers[piece].solve(batch, from, to, result));
  }

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
