package io.vpop.benchmarks;

import io.vpop.batch.Metric;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.ExactSolver;
import io.vpop.solve.PatientResult;
import io.vpop.solve.Schedule;

/**
 * The exact solver's least time per patient ({@link SolverBenchmark#vpopExact}'s work: 64 fixed
 * adults in turn) over chunks of 1,000 patients, after a quarter of the chunks as warm-up, keeping
 * the hourly profile and, separately, metrics only (what a run without bands and a sweep ask for:
 * the solver may then skip output times). On a machine shared with other load, JMH's averages swing
 * by more than a change is worth (on 2026-12-01 one jar gave 127-323 us per patient); the minimum
 * over many short chunks is the time the code takes when nothing else runs, and it repeats to a few
 * per cent. Run two jars alternately.
 *
 * <p>usage: {@code java -cp benchmarks.jar io.vpop.benchmarks.SolverMinimum [CHUNKS]} (default 400)
 */
public final class SolverMinimum {
  private static final int CHUNK = 1000;

  private SolverMinimum() {}

  public static void main(String[] args) {
    int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    double[][] patients = Patients.adults(64);
    Schedule schedule = new Schedule(Patients.REGIMEN, Patients.GRID);
    CompartmentSystem system = new CompartmentSystem(Patients.MODEL);
    ExactSolver solver = new ExactSolver(system, schedule);
    PatientResult profile = new PatientResult(system.outputs(), Patients.GRID.size());
    PatientResult metricsOnly = PatientResult.metricsOnly(system.outputs(), Patients.GRID.size());
    double[] least = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double sink = 0;
    for (int chunk = 0; chunk < chunks; chunk++) {
      for (int mode = 0; mode < 2; mode++) {
        PatientResult result = mode == 0 ? profile : metricsOnly;
        long start = System.nanoTime();
        for (int i = 0; i < CHUNK; i++) {
          solver.solve(patients[i & 63], Patients.DOSE, result);
          sink += result.metric(1, Metric.CMAX);
        }
        double microseconds = (System.nanoTime() - start) / 1e3 / CHUNK;
        if (chunk >= chunks / 4) {
          least[mode] = Math.min(least[mode], microseconds);
        }
      }
    }
    System.out.printf(
        java.util.Locale.ROOT,
        "exact solver, least over %d chunks of %d patients: %.2f us per patient with the hourly"
            + " profile, %.2f us metrics only (check %.6g)%n",
        chunks - chunks / 4,
        CHUNK,
        least[0],
        least[1],
        sink);
  }
}
