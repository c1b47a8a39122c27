package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.batch.Metric;
import io.vpop.batch.Status;
import io.vpop.model.Model;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Boluses against closed forms in both solvers: a one-compartment bolus and its repeats (the sum of
 * exponentials of each dose), an oral dose as a bolus into a depot with a bioavailability F,
 * absorbed by ka (Bateman, its peak and tmax), a two-compartment bolus against the biexponential,
 * and a bolus beside an infusion.
 */
class BolusTest {
  private static final double CL = 4;
  private static final double V = 40;
  private static final double KE = CL / V;
  private static final double DOSE_MG = 50;

  /** The bioavailability of the oral dose: the fraction that reaches the gut. */
  private static final double F_ORAL = 0.6;

  /** Relative tolerance of the exact solver against the closed forms. */
  private static final double EXACT = 1e-10;

  /** The adaptive solver's, at rtol 1e-11, values above a millionth of the peak. */
  private static final double ADAPTIVE = 1e-7;

  private static DoseLine bolus(double startH, double intervalH, int count, String compartment) {
    return DoseLine.bolus(Dose.of(DOSE_MG, DoseUnit.MG), startH, intervalH, count, compartment);
  }

  @Test
  void repeatedBolusesSumTheExponentialsOfEachDose() {
    Model model = Fixtures.oneCompartment(CL, V);
    double[] parameters = model.parameterSet("test", "parameter_set").values();
    double tau = 12;
    int count = 5;
    Regimen regimen = Regimen.of(bolus(0, tau, count, null));
    TimeGrid grid = TimeGrid.uniform(96, 0.5);
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult result = Fixtures.solve(exact, model, parameters, regimen, grid);
      assertEquals(Status.OK, result.status());
      double peak = 0;
      for (int g = 0; g < grid.size(); g++) {
        double t = grid.time(g);
        double expected = 0;
        for (int dose = 0; dose < count && dose * tau <= t; dose++) {
          // A grid time at a dose shows the value after it.
          expected += 1000 * DOSE_MG / V * Math.exp(-KE * (t - dose * tau));
        }
        peak = Math.max(peak, expected);
        assertClose(expected, result.concentration(0, g), exact, peak, "at " + t);
      }
      // The largest value is right after the last dose; AUC(0-inf) is the total dose over CL; the
      // trough is the value a dosing interval after the last dose.
      double last = (count - 1) * tau;
      double accumulation = (1 - Math.exp(-count * KE * tau)) / (1 - Math.exp(-KE * tau));
      assertClose(
          1000 * DOSE_MG / V * accumulation, result.metric(0, Metric.CMAX), exact, 0, "cmax");
      assertEquals(last, result.metric(0, Metric.TMAX), 1e-12);
      assertClose(
          1000 * count * DOSE_MG / CL, result.metric(0, Metric.AUC_0_INF), exact, 0, "auc_0_inf");
      double trough = 1000 * DOSE_MG / V * accumulation * Math.exp(-KE * tau);
      assertClose(trough, result.metric(0, Metric.TROUGH), exact, 0, "trough");
      // AUC over the last interval: its starting value times (1 - e^(-k tau)) / k.
      double aucTau = 1000 * DOSE_MG / V * accumulation * -Math.expm1(-KE * tau) / KE;
      assertClose(aucTau, result.metric(0, Metric.AUC_TAU), exact, 0, "auc_tau");
    }
  }

  @Test
  void anOralDoseIsABolusIntoADepotAndFollowsBateman() {
    double ka = 1.1;
    Model model = Fixtures.oral(ka, F_ORAL, CL, V);
    double[] parameters = model.parameterSet("test", "parameter_set").values();
    Regimen regimen = Regimen.of(bolus(0, 0, 1, "gut"));
    TimeGrid grid = TimeGrid.uniform(72, 1);
    // F of the dose reaches the gut.
    double scale = 1000 * F_ORAL * DOSE_MG * ka / (V * (ka - KE));
    double tmax = Math.log(ka / KE) / (ka - KE);
    double cmax = scale * (Math.exp(-KE * tmax) - Math.exp(-ka * tmax));
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult result = Fixtures.solve(exact, model, parameters, regimen, grid);
      for (int g = 0; g < grid.size(); g++) {
        double t = grid.time(g);
        double expected = scale * (Math.exp(-KE * t) - Math.exp(-ka * t));
        assertClose(expected, result.concentration(0, g), exact, cmax, "at " + t);
      }
      // The peak between grid times is found, not read off the grid.
      assertClose(cmax, result.metric(0, Metric.CMAX), exact, 0, "cmax");
      assertEquals(tmax, result.metric(0, Metric.TMAX), exact ? 1e-8 : 1e-5);
      assertClose(
          1000 * F_ORAL * DOSE_MG / CL, result.metric(0, Metric.AUC_0_INF), exact, 0, "auc");
    }
  }

  @Test
  void aTwoCompartmentBolusIsBiexponential() {
    double q = 6;
    double vp = 80;
    Model model =
        Fixtures.model(
            """
            name: two
            analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
            compartments:
              - { name: central, analyte: drug, volume: V }
              - { name: peripheral, analyte: drug, volume: VP }
            dosing_compartment: central
            distribution: [{ between: [central, peripheral], clearance: Q }]
            elimination: [{ from: central, clearance: CL }]
            outputs: [{ name: drug, compartments: [central] }]
            parameter_sets:
              test:
                parameters:
                  CL: { value: %s, unit: L/h, source: "[A] test" }
                  V: { value: %s, unit: L, source: "[A] test" }
                  Q: { value: %s, unit: L/h, source: "[A] test" }
                  VP: { value: %s, unit: L, source: "[A] test" }
            """
                .formatted(CL, V, q, vp));
    double[] parameters = model.parameterSet("test", "parameter_set").values();
    double k12 = q / V;
    double k21 = q / vp;
    double sum = KE + k12 + k21;
    double root = Math.sqrt(sum * sum - 4 * KE * k21);
    double alpha = (sum + root) / 2;
    double beta = (sum - root) / 2;
    double a = 1000 * DOSE_MG / V * (alpha - k21) / (alpha - beta);
    double b = 1000 * DOSE_MG / V * (k21 - beta) / (alpha - beta);
    Regimen regimen = Regimen.of(bolus(3, 0, 1, null));
    TimeGrid grid = TimeGrid.uniform(120, 1);
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult result = Fixtures.solve(exact, model, parameters, regimen, grid);
      for (int g = 0; g < grid.size(); g++) {
        double t = grid.time(g) - 3;
        double expected = t < 0 ? 0 : a * Math.exp(-alpha * t) + b * Math.exp(-beta * t);
        assertClose(expected, result.concentration(0, g), exact, a + b, "at " + grid.time(g));
      }
      assertClose(a + b, result.metric(0, Metric.CMAX), exact, 0, "cmax");
      assertEquals(3, result.metric(0, Metric.TMAX), 1e-12);
      assertClose(a / alpha + b / beta, result.metric(0, Metric.AUC_0_INF), exact, 0, "auc");
    }
  }

  @Test
  void aBolusBesideAnInfusionAddsItsAmount() {
    Model model = Fixtures.oneCompartment(CL, V);
    double[] parameters = model.parameterSet("test", "parameter_set").values();
    DoseLine infusion = new DoseLine(Dose.of(30, DoseUnit.MG), 2, 0, 0, 1);
    Regimen regimen = new Regimen(List.of(infusion, bolus(1, 0, 1, null)));
    TimeGrid grid = TimeGrid.uniform(48, 0.5);
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult result = Fixtures.solve(exact, model, parameters, regimen, grid);
      double rate = 30 / 2.0;
      for (int g = 0; g < grid.size(); g++) {
        double t = grid.time(g);
        // The infusion's amount (rate / k (1 - e^(-k t)) while it runs, its end value decaying
        // after), plus the bolus's from 1 h.
        double infused =
            t <= 2
                ? rate / KE * -Math.expm1(-KE * t)
                : rate / KE * -Math.expm1(-KE * 2) * Math.exp(-KE * (t - 2));
        double bolus = t >= 1 ? DOSE_MG * Math.exp(-KE * (t - 1)) : 0;
        double expected = 1000 * (infused + bolus) / V;
        assertClose(expected, result.concentration(0, g), exact, 1000 * DOSE_MG / V, "at " + t);
      }
      assertClose(1000 * (30 + DOSE_MG) / CL, result.metric(0, Metric.AUC_0_INF), exact, 0, "auc");
    }
  }

  /**
   * Relative to the larger of the expected value and a millionth of {@code peak} (the adaptive
   * solver's error is absolute in the far tail).
   */
  private static void assertClose(
      double expected, double actual, boolean exact, double peak, String what) {
    double tolerance = exact ? EXACT : ADAPTIVE;
    double scale = Math.max(Math.abs(expected), Fixtures.TAIL_FRACTION_OF_CMAX * peak);
    assertTrue(
        Math.abs(expected - actual) <= tolerance * scale,
        what + (exact ? " (exact)" : " (adaptive)") + ": expected " + expected + ", got " + actual);
  }
}
