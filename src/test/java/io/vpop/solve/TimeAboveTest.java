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
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.junit.jupiter.api.Test;

/**
 * The time above a threshold against closed forms and independent root finding, in the exact solver
 * (with the profile, and metrics only, where falling runs are jumped) and Dormand-Prince: crossings
 * between grid times, on the way up during an infusion, two inside one step around a peak, and two
 * around a minimum.
 */
class TimeAboveTest {
  private static final double EXACT_H = 1e-9;
  private static final double ADAPTIVE_H = 1e-6;

  /** The three ways a patient is solved. */
  private enum Way {
    EXACT_PROFILE,
    EXACT_METRICS_ONLY,
    DOPRI
  }

  private static PatientResult solve(
      Model model, Regimen regimen, TimeGrid grid, double threshold, Way way) {
    Schedule schedule =
        new Schedule(regimen, grid, new double[regimen.lines().size()], new double[] {threshold});
    CompartmentSystem system = new CompartmentSystem(model);
    PatientResult result =
        way == Way.EXACT_METRICS_ONLY
            ? PatientResult.metricsOnly(system.outputs(), grid.size())
            : new PatientResult(system.outputs(), grid.size());
    PatientSolver solver =
        way == Way.DOPRI
            ? new DormandPrinceSolver(system, schedule, 1e-11, 1e-14)
            : new ExactSolver(system, schedule);
    solver.solve(
        model.parameterSet("test", "parameter_set").values(), Fixtures.doses(regimen), result);
    assertEquals(Status.OK, result.status());
    return result;
  }

  private static void assertTimeAbove(
      double expectedH, Model model, Regimen regimen, TimeGrid grid, double threshold) {
    for (Way way : Way.values()) {
      PatientResult result = solve(model, regimen, grid, threshold, way);
      double tolerance = way == Way.DOPRI ? ADAPTIVE_H : EXACT_H;
      assertEquals(expectedH, result.metric(0, Metric.TIME_ABOVE), tolerance, way + " time_above");
      assertEquals(
          expectedH / grid.endH(),
          result.metric(0, Metric.FRACTION_ABOVE),
          tolerance / grid.endH(),
          way + " fraction_above");
    }
  }

  /** The root of f in [a, b] by Brent's method (Commons Math), to 1e-14 h. */
  private static double root(DoubleUnaryOperator f, double a, double b) {
    return new BrentSolver(1e-14).solve(200, f::applyAsDouble, a, b);
  }

  private static final double CL = 5;
  private static final double V = 50;
  private static final double KE = CL / V;

  @Test
  void aBolusIsAboveTheThresholdUntilItDecaysThroughIt() {
    Model model = Fixtures.oneCompartment(CL, V);
    Regimen regimen = Regimen.of(DoseLine.bolus(Dose.of(100, DoseUnit.MG), 0, 0, 1, "central"));
    // C(t) = 1000 D / V e^(-k t) ng/mL = 2000 e^(-0.1 t): above 350 until ln(2000 / 350) / k.
    double expected = Math.log(2000.0 / 350) / KE;
    assertTrue(Math.abs(expected - Math.rint(expected)) > 0.05, "between grid times");
    assertTimeAbove(expected, model, regimen, TimeGrid.uniform(72, 1), 350);
    // A threshold above the peak is never exceeded; one below the end's value all the time.
    assertTimeAbove(0, model, regimen, TimeGrid.uniform(72, 1), 2500);
    assertTimeAbove(72, model, regimen, TimeGrid.uniform(72, 1), 1);
  }

  @Test
  void anInfusionCrossesUpWhileItRunsAndDownAfterIt() {
    Model model = Fixtures.oneCompartment(CL, V);
    double durationH = 6;
    Regimen regimen = Fixtures.weekly(100, durationH, 1);
    double rateMgPerH = 100 / durationH;
    // During: C = 1000 R / CL (1 - e^(-k t)); after: C(T) e^(-k (t - T)).
    double plateau = 1000 * rateMgPerH / CL;
    double atEnd = plateau * -Math.expm1(-KE * durationH);
    double level = 0.4 * atEnd;
    double up = -Math.log1p(-level / plateau) / KE;
    double down = durationH + Math.log(atEnd / level) / KE;
    assertTimeAbove(down - up, model, regimen, TimeGrid.uniform(168, 1), level);
  }

  @Test
  void anOralPeakInsideOneStepGivesTwoCrossingsThere() {
    double ka = 1.1;
    double f = 0.8;
    Model model = Fixtures.oral(ka, f, CL, V);
    Regimen regimen =
        new Regimen(List.of(DoseLine.bolus(Dose.of(100, DoseUnit.MG), 0, 0, 1, "gut")));
    double scale = 1000 * f * 100 * ka / (V * (ka - KE));
    DoubleUnaryOperator c = t -> scale * (Math.exp(-KE * t) - Math.exp(-ka * t));
    double tmax = Math.log(ka / KE) / (ka - KE);
    // Just below the peak: both crossings lie in the 8-hour step around it.
    double level = 0.97 * c.applyAsDouble(tmax);
    double up = root(t -> c.applyAsDouble(t) - level, 0, tmax);
    double down = root(t -> c.applyAsDouble(t) - level, tmax, 48);
    assertTrue(up > 0 && down < 8, "both crossings inside the first step: " + up + ", " + down);
    assertTimeAbove(down - up, model, regimen, TimeGrid.uniform(96, 8), level);
  }

  @Test
  void aDipBelowTheThresholdInsideOneStepGivesTwoCrossingsThere() {
    // The chain a -> b -> c of MinimumTest, dosed into a twice, 12 h apart: c falls on after the
    // second dose until the dose reaches it, a dip inside one 4-hour step.
    double k1 = 1.0;
    double k2 = 0.5;
    double k3 = 0.08;
    Model model =
        Fixtures.model(
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
            """
                .formatted(k1, k2, k3, V));
    Regimen regimen =
        new Regimen(List.of(DoseLine.bolus(Dose.of(100, DoseUnit.MG), 0, 12, 2, "a")));
    double[] k = {k1, k2, k3};
    double[] weight = new double[3];
    for (int i = 0; i < 3; i++) {
      double product = 1;
      for (int j = 0; j < 3; j++) {
        product *= j == i ? 1 : k[j] - k[i];
      }
      weight[i] = 1000 * 100 * k1 * k2 / (V * product);
    }
    DoubleUnaryOperator single =
        t -> {
          double sum = 0;
          for (int i = 0; i < 3; i++) {
            sum += t < 0 ? 0 : weight[i] * Math.exp(-k[i] * t);
          }
          return sum;
        };
    DoubleUnaryOperator c = t -> single.applyAsDouble(t) + single.applyAsDouble(t - 12);
    DoubleUnaryOperator slope = t -> (c.applyAsDouble(t + 1e-6) - c.applyAsDouble(t - 1e-6)) / 2e-6;
    double dip = root(slope, 12.01, 15);
    double level =
        0.5 * (c.applyAsDouble(dip) + Math.min(c.applyAsDouble(12), c.applyAsDouble(16)));
    double firstPeak = root(slope, 0.5, 11.99);
    // Above from the first rise to the dip's first crossing, and from its second on to the fall.
    double up = root(t -> c.applyAsDouble(t) - level, 0, firstPeak);
    double intoDip = root(t -> c.applyAsDouble(t) - level, 12, dip);
    double outOfDip = root(t -> c.applyAsDouble(t) - level, dip, 16);
    double secondPeak = root(slope, 16, 30);
    double down = root(t -> c.applyAsDouble(t) - level, secondPeak, 200);
    assertTrue(intoDip > 12 && outOfDip < 16, "the dip lies inside the step [12, 16]");
    assertTimeAbove(
        (intoDip - up) + (down - outOfDip), model, regimen, TimeGrid.uniform(200, 4), level);
  }
}
