package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.batch.Metric;
import io.vpop.batch.Status;
import io.vpop.scenario.Scenario;
import io.vpop.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cmin}, the least concentration over the last dosing interval, against closed forms at
 * steady state in both solvers: where it lies inside a step (a chain of first-order transfers,
 * whose last compartment falls on after each dose until the dose reaches it: located by root
 * finding), and where it lies just before a lagged bolus (a value the point records after the
 * dose).
 */
class MinimumTest {
  private static final double EXACT = 1e-10;
  private static final double ADAPTIVE = 1e-7;
  private static final double DOSE_MG = 100;
  private static final double TAU = 12;

  @TempDir Path directory;

  private Scenario scenario(String model, String regimen, String grid) throws IOException {
    Files.writeString(directory.resolve("model.yaml"), model);
    return ScenarioLoader.parse(
        """
        name: minimum
        model_file: model.yaml
        parameter_set: test
        population:
          ages: { min_y: 18, max_y: 80 }
          fraction_male: 0.5
          omega: { adult: all, pediatric: all }
        typical_patient: { age_y: 40, weight_kg: 70, height_cm: 175 }
        regimen: [%s]
        time_grid: %s
        """
            .formatted(regimen, grid),
        "minimum.yaml",
        directory);
  }

  private static PatientResult solve(Scenario scenario, boolean exact) {
    Schedule schedule = scenario.schedule();
    CompartmentSystem system = new CompartmentSystem(scenario.model());
    PatientResult result = new PatientResult(system.outputs(), schedule.grid().size());
    PatientSolver solver =
        exact
            ? new ExactSolver(system, schedule)
            : new DormandPrinceSolver(system, schedule, 1e-11, 1e-14);
    solver.solve(scenario.parameterSet().values(), new double[] {DOSE_MG}, result);
    assertEquals(Status.OK, result.status());
    return result;
  }

  private static void assertClose(double expected, double actual, boolean exact, String what) {
    double tolerance = exact ? EXACT : ADAPTIVE;
    assertEquals(expected, actual, tolerance * Math.abs(expected), what);
  }

  /** A bolus into a, then a -K1-> b -K2-> c -K3->, amounts in a and b, c with volume V. */
  private static final double K1 = 1.0;

  private static final double K2 = 0.5;
  private static final double K3 = 0.08;
  private static final double V = 50;

  private static final String CHAIN =
      """
      name: chain
      analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
      compartments:
        - { name: a, analyte: drug }
        - { name: b, analyte: drug }
        - { name: c, analyte: drug, volume: V }
      dosing_compartment: a
      transfer:
        - { from: a, to: b, rate_constant: K1 }
        - { from: b, to: c, rate_constant: K2 }
      elimination: [{ from: c, rate_constant: K3 }]
      outputs: [{ name: drug, compartments: [c] }]
      parameter_sets:
        test:
          parameters:
            K1: { value: %s, unit: 1/h, source: "[A] test" }
            K2: { value: %s, unit: 1/h, source: "[A] test" }
            K3: { value: %s, unit: 1/h, source: "[A] test" }
            V: { value: %s, unit: L, source: "[A] test" }
      variability:
        all: { V: { omega: 0.2, source: "[A] test" } }
      """
          .formatted(K1, K2, K3, V);

  @Test
  void theLastCompartmentOfAChainFallsOnAfterEachDoseToAMinimumInsideAStep() throws IOException {
    Scenario scenario =
        scenario(
            CHAIN,
            "{ dose: 100, unit: mg, route: bolus, interval_h: 12, count: 1, steady_state: true }",
            "{ end_h: 12, step_h: 1 }");
    // One bolus D into a: c(t) = D K1 K2 sum_i e^(-k_i t) / prod_(j != i) (k_j - k_i), k = (K1,
    // K2, K3); at steady state each exponential gains its accumulation factor 1 / (1 - e^(-k_i
    // tau)). In ng/mL: 1000 mg/L.
    double[] k = {K1, K2, K3};
    double[] weight = new double[3];
    for (int i = 0; i < 3; i++) {
      double product = 1;
      for (int j = 0; j < 3; j++) {
        product *= j == i ? 1 : k[j] - k[i];
      }
      weight[i] = 1000 * DOSE_MG * K1 * K2 / (V * product * -Math.expm1(-k[i] * TAU));
    }
    DoubleUnaryOperator slope =
        t -> {
          double sum = 0;
          for (int i = 0; i < 3; i++) {
            sum -= k[i] * weight[i] * Math.exp(-k[i] * t);
          }
          return sum;
        };
    DoubleUnaryOperator c =
        t -> {
          double sum = 0;
          for (int i = 0; i < 3; i++) {
            sum += weight[i] * Math.exp(-k[i] * t);
          }
          return sum;
        };
    assertTrue(slope.applyAsDouble(0) < 0, "c still falls when the dose is given");
    // The first time the slope turns +, on a fine scan, then Brent's root of the slope there.
    double rising = 0;
    while (slope.applyAsDouble(rising) < 0) {
      rising += 1e-3;
    }
    double at = new BrentSolver(1e-15).solve(100, slope::applyAsDouble, rising - 1e-3, rising);
    double nearestGridTime = Math.rint(at);
    assertTrue(Math.abs(at - nearestGridTime) > 0.1, "the minimum lies inside a step: " + at);
    double cmin = c.applyAsDouble(at);
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult result = solve(scenario, exact);
      assertClose(cmin, result.metric(0, Metric.CMIN), exact, "cmin");
      // The trough is the value at the interval's end, which the periodic state makes c(0).
      assertClose(c.applyAsDouble(0), result.metric(0, Metric.TROUGH), exact, "trough");
      for (int g = 0; g < scenario.grid().size(); g++) {
        assertTrue(result.metric(0, Metric.CMIN) < result.concentration(0, g), "below the grid");
      }
    }
  }

  /** One compartment (CL, V) dosed by bolus into it, ALAG hours late. */
  private static final double CL = 5;

  private static final double LAG_H = 1.3;

  private static final String LAGGED_BOLUS =
      """
      name: lagged-bolus
      analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
      compartments: [{ name: central, analyte: drug, volume: V, lag_time: ALAG }]
      dosing_compartment: central
      elimination: [{ from: central, clearance: CL }]
      outputs: [{ name: drug, compartments: [central] }]
      parameter_sets:
        test:
          parameters:
            CL: { value: %s, unit: L/h, source: "[A] test" }
            V: { value: %s, unit: L, source: "[A] test" }
            ALAG: { value: %s, unit: h, source: "[A] test" }
      variability:
        all: { CL: { omega: 0.2, source: "[A] test" } }
      """
          .formatted(CL, V, LAG_H);

  @Test
  void aLaggedBolusLetsTheConcentrationFallUntilItArrives() throws IOException {
    Scenario scenario =
        scenario(
            LAGGED_BOLUS,
            "{ dose: 100, unit: mg, route: bolus, interval_h: 12, count: 1, steady_state: true }",
            "{ end_h: 12, step_h: 0.5 }");
    double ke = CL / V;
    double peak = 1000 * DOSE_MG / (V * -Math.expm1(-ke * TAU));
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult result = solve(scenario, exact);
      // Just before a dose arrives, at L, a whole interval has passed since the last one arrived.
      assertClose(peak * Math.exp(-ke * TAU), result.metric(0, Metric.CMIN), exact, "cmin");
      // At the nominal end of the interval, the dose that arrived at L has decayed for tau - L.
      assertClose(
          peak * Math.exp(-ke * (TAU - LAG_H)), result.metric(0, Metric.TROUGH), exact, "trough");
      assertClose(peak, result.metric(0, Metric.CMAX), exact, "cmax");
    }
  }
}
