package io.vpop.backend;

import io.vpop.Workers;
import io.vpop.batch.BatchResult;
import io.vpop.batch.PatientBatch;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.PatientResult;
import io.vpop.solve.PatientSolver;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;

/**
 * The pure-Java backend: the worker threads take blocks of {@value #BLOCK} patients of a batch in
 * turn, each solving with its own solver and work arrays into the patients' slots. A patient's
 * answer does not depend on which thread solves it, so the results are the same for any thread
 * count. Nothing is allocated per patient.
 */
public final class CpuBackend implements Backend {
  /**
   * Patients per batch unless asked otherwise: enough to keep every thread busy, small enough that
   * a batch's profiles stay in cache-friendly arrays.
   */
  public static final int DEFAULT_BATCH = 1024;

  /**
   * Patients a thread takes at a time: small enough that threads finish a batch together when one
   * is slowed by other load, large enough that taking a block costs nothing beside solving it.
   */
  static final int BLOCK = 32;

  private final int capacity;
  private final SolverKind kind;
  private final Workers workers;
  private final Solver[] solvers;

  /**
   * @param workers the threads to solve on (shared with the caller, not closed here)
   * @param capacity the most patients per batch
   */
  public CpuBackend(
      CompartmentSystem system, Schedule schedule, SolverKind kind, Workers workers, int capacity) {
    this.capacity = capacity;
    this.kind = kind;
    this.workers = workers;
    this.solvers = new Solver[workers.count()];
    for (int t = 0; t < solvers.length; t++) {
      solvers[t] = new Solver(system, schedule, kind);
    }
  }

  @Override
  public String description() {
    int threads = workers.count();
    return "cpu (" + threads + (threads == 1 ? " thread, " : " threads, ") + kind.key() + ")";
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
    workers.forBlocks(
        batch.size(), BLOCK, (thread, from, to) -> solvers[thread].solve(batch, from, to, result));
  }

  /** Nothing to wait for: {@link #start} did the work. */
  @Override
  public void finish() {}

  /** The worker threads belong to the caller. */
  @Override
  public void close() {}

  /** One thread's solver and arrays. */
  private static final class Solver {
    private final PatientSolver solver;
    private final PatientResult patient;
    private final double[] parameters;
    private final double[] doses;

    Solver(CompartmentSystem system, Schedule schedule, SolverKind kind) {
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
        patient.writeInto(result, i);
        solver.solve(parameters, doses, patient);
        patient.storeInto(result, i);
      }
    }
  }
}
