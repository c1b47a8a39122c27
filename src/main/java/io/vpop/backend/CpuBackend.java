package io.vpop.backend;

import io.vpop.population.PatientBatch;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.PatientResult;
import io.vpop.solve.PatientSolver;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    int size = batch.size();
    int chunks = Math.max(1, Math.min(threads, size));
    List<Future<?>> futures = new ArrayList<>(chunks);
    for (int chunk = 0; chunk < chunks; chunk++) {
      int from = (int) ((long) size * chunk / chunks);
      int to = (int) ((long) size * (chunk + 1) / chunks);
      Worker worker = workers[chunk];
      futures.add(executor.submit(() -> worker.solve(batch, from, to, result)));
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while solving", e);
      }
    }
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
