package io.vpop.solve;

import io.vpop.batch.Status;

/**
 * Solves patients whose doses arrive at times of their own: where a lag time (a compartment's ALAG)
 * carries variability or a covariate effect, or an infusion at a rate lasts each patient's dose
 * over it, each patient's schedule is the run's with the patient's lags and durations ({@link
 * Schedule#withTiming}), solved by a solver of the run's kind made for it. Consecutive patients
 * with the same timing (the same lags and doses, or the typical patient) share one.
 *
 * <p>A continuous lag or dose gives nearly every patient new segment lengths, so a new schedule and
 * solver (and their propagators) are made per patient: allocation the shared timeline of every
 * other model avoids, bounded per patient, so memory does not grow with their number. Timing the
 * timeline cannot take ({@link Schedule#timingFits}) fails the patient with {@link
 * Status#TIMING_OUT_OF_RANGE}, counted like any failed solve.
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class RetimingSolver implements PatientSolver {
  private final SolverKind kind;
  private final CompartmentSystem system;
  private final Schedule runSchedule;
  private final int[] lagParameters;
  private final double[] lagsH;
  private final double[] durationsH;
  private PatientSolver solver;

  /**
   * @param runSchedule the run's schedule, with the typical lags and durations
   */
  RetimingSolver(SolverKind kind, CompartmentSystem system, Schedule runSchedule) {
    this.kind = kind;
    this.system = system;
    this.runSchedule = runSchedule;
    this.lagParameters = system.doseLag(runSchedule);
    this.lagsH = new double[runSchedule.lines()];
    this.durationsH = new double[runSchedule.lines()];
    for (int line = 0; line < lagsH.length; line++) {
      lagsH[line] = runSchedule.lag(line);
      durationsH[line] = runSchedule.duration(line);
    }
    this.solver = kind.solverFor(system, runSchedule);
  }

  @Override
  public void solve(double[] parameters, double[] doseMg, PatientResult result) {
    boolean same = true;
    for (int line = 0; line < lagsH.length; line++) {
      int p = lagParameters[line];
      double lag = p < 0 ? 0 : parameters[p];
      double duration = runSchedule.patientDuration(line, doseMg[line]);
      same &= lag == lagsH[line] && duration == durationsH[line];
      lagsH[line] = lag;
      durationsH[line] = duration;
    }
    if (!same) {
      if (!runSchedule.timingFits(lagsH, durationsH)) {
        result.fail(Status.TIMING_OUT_OF_RANGE);
        // The next patient compares its timing with this, which has no schedule.
        lagsH[0] = Double.NaN;
        return;
      }
      solver = kind.solverFor(system, runSchedule.withTiming(lagsH, durationsH));
    }
    solver.solve(parameters, doseMg, result);
  }
}
