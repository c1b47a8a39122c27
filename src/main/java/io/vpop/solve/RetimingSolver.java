package io.vpop.solve;

import io.vpop.batch.Status;

/**
 * Solves patients whose doses arrive at times of their own: where a lag time (a compartment's ALAG)
 * carries variability or a covariate effect, each patient's schedule is the run's with the
 * patient's lags ({@link Schedule#withLags}), solved by a solver of the run's kind made for it.
 * Consecutive patients with the same lags (none varies for them, or the typical patient) share one.
 *
 * <p>A continuous lag gives nearly every patient new segment lengths, so a new schedule and solver
 * (and their propagators) are made per patient: allocation the shared timeline of every other model
 * avoids, bounded per patient, so memory does not grow with their number. A lag the timeline cannot
 * take ({@link Schedule#lagsFit}) fails the patient with {@link Status#LAG_OUT_OF_RANGE}, counted
 * like any failed solve.
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class RetimingSolver implements PatientSolver {
  private final SolverKind kind;
  private final CompartmentSystem system;
  private final Schedule runSchedule;
  private final int[] lagParameters;
  private final double[] lagsH;
  private PatientSolver solver;

  /**
   * @param runSchedule the run's schedule, with the typical lags
   */
  RetimingSolver(SolverKind kind, CompartmentSystem system, Schedule runSchedule) {
    this.kind = kind;
    this.system = system;
    this.runSchedule = runSchedule;
    this.lagParameters = system.doseLag(runSchedule);
    this.lagsH = new double[runSchedule.lines()];
    for (int line = 0; line < lagsH.length; line++) {
      lagsH[line] = runSchedule.lag(line);
    }
    this.solver = kind.solverFor(system, runSchedule);
  }

  @Override
  public void solve(double[] parameters, double[] doseMg, PatientResult result) {
    boolean same = true;
    for (int line = 0; line < lagsH.length; line++) {
      int p = lagParameters[line];
      double lag = p < 0 ? 0 : parameters[p];
      same &= lag == lagsH[line];
      lagsH[line] = lag;
    }
    if (!same) {
      if (!runSchedule.lagsFit(lagsH)) {
        result.fail(Status.LAG_OUT_OF_RANGE);
        // The next patient compares its lags with these, which have no schedule.
        lagsH[0] = Double.NaN;
        return;
      }
      solver = kind.solverFor(system, runSchedule.withLags(lagsH));
    }
    solver.solve(parameters, doseMg, result);
  }
}
