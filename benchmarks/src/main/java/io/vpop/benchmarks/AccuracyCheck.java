package io.vpop.benchmarks;

import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.DormandPrinceSolver;
import io.vpop.solve.ExactSolver;
import io.vpop.batch.Metric;
import io.vpop.solve.PatientResult;
import io.vpop.solve.Schedule;
import java.util.Locale;

/**
 * The error beside each SolverBenchmark time: for the same 64 adults, the largest relative difference of each
 * solver's hourly outputs from the exact solution (values below a millionth of the output's Cmax compared with
 * that millionth, as the solver tests do). Prints one line per solver and tolerance.
 */
public final class AccuracyCheck {
  private AccuracyCheck() {}

  public static void main(String[] args) {
    double[][] patients = Patients.adults(64);
    Schedule schedule = new Schedule(Patients.REGIMEN, Patients.GRID);
    CompartmentSystem system = new CompartmentSystem(Patients.MODEL);
    ExactSolver exact = new ExactSolver(system, schedule);
    PatientResult reference = new PatientResult(system.outputs(), Patients.GRID.size());
    PatientResult other = new PatientResult(system.outputs(), Patients.GRID.size());
    for (double rtol : new double[] {1e-6, 1e-9}) {
      DormandPrinceSolver dopri5 = new DormandPrinceSolver(system, schedule, rtol, rtol * 1e-5);
      HipparchusPatient dp54 = new HipparchusPatient(system, false, rtol);
      HipparchusPatient dp853 = new HipparchusPatient(system, true, rtol);
      double[] worst = new double[3];
      for (double[] patient : patients) {
        exact.solve(patient, Patients.DOSE, reference);
        dopri5.solve(patient, Patients.DOSE, other);
        double[][] grid54 = dp54.solve(patient);
        double[][] grid853 = dp853.solve(patient);
        for (int k = 0; k < system.outputs(); k++) {
          double floor = 1e-6 * reference.metric(k, Metric.CMAX);
          for (int g = 0; g < Patients.GRID.size(); g++) {
            double x = reference.concentration(k, g);
            worst[0] = Math.max(worst[0], relative(x, other.concentration(k, g), floor));
            worst[1] = Math.max(worst[1], relative(x, grid54[k][g], floor));
            worst[2] = Math.max(worst[2], relative(x, grid853[k][g], floor));
          }
        }
      }
      String[] names = {"vpopDormandPrince", "hipparchusDormandPrince54", "hipparchusDormandPrince853"};
      for (int i = 0; i < names.length; i++) {
        System.out.printf(Locale.ROOT, "accuracy %s rtol=%s max_relative_error=%.2e%n", names[i], rtol, worst[i]);
      }
    }
  }

  private static double relative(double exact, double other, double floor) {
    return Math.abs(exact - other) / Math.max(floor, Math.abs(exact));
  }
}
