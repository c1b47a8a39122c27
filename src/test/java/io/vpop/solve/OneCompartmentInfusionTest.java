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
import org.junit.jupiter.api.Test;

/**
 * Both solvers against the closed form of a one-compartment model with repeated zero-order
 * infusions: C(t) is the superposition of R/CL (1 - e^-k(t-s)) while infusing and its decay
 * afterwards, k = CL/V, and the AUC integrates the same expressions.
 */
class OneCompartmentInfusionTest {
  private static final double CL = 3.7;
  private static final double V = 41.0;
  private static final double DOSE_MG = 120;
  private static final double DURATION_H = 1.5;
  private static final double INTERVAL_H = 12;
  private static final int DOSES = 3;
  private static final double HORIZON_H = 48;
  private static final double TOLERANCE = 1e-10;

  private final Model model = Fixtures.oneCompartment(CL, V);
  private final Regimen regimen =
      Regimen.of(new DoseLine(Dose.of(DOSE_MG, DoseUnit.MG), DURATION_H, 0, INTERVAL_H, DOSES));
  private final TimeGrid grid = TimeGrid.uniform(HORIZON_H, 0.25);
  private final double[] parameters = {CL, V};

  /** Concentration in ng/mL. */
  private static double concentration(double t) {
    double k = CL / V;
    double rate = DOSE_MG / DURATION_H;
    double c = 0;
    for (int d = 0; d < DOSES; d++) {
      double u = t - d * INTERVAL_H;
      if (u <= 0) {
        continue;
      }
      double plateau = rate / CL * 1000;
      c +=
          u <= DURATION_H
              ? plateau * -Math.expm1(-k * u)
              : plateau * -Math.expm1(-k * DURATION_H) * Math.exp(-k * (u - DURATION_H));
    }
    return c;
  }

  /** AUC from 0 to t in ng*h/mL. */
  private static double auc(double t) {
    double k = CL / V;
    double rate = DOSE_MG / DURATION_H;
    double area = 0;
    for (int d = 0; d < DOSES; d++) {
      double u = t - d * INTERVAL_H;
      if (u <= 0) {
        continue;
      }
      double plateau = rate / CL * 1000;
      double during = Math.min(u, DURATION_H);
      area += plateau * (during + Math.expm1(-k * during) / k);
      if (u > DURATION_H) {
        double end = plateau * -Math.expm1(-k * DURATION_H);
        area += end * -Math.expm1(-k * (u - DURATION_H)) / k;
      }
    }
    return area;
  }

  @Test
  void exactSolverMatchesTheClosedForm() {
    assertMatchesClosedForm(Fixtures.exact(model, parameters, regimen, grid));
  }

  @Test
  void dormandPrinceAtTightToleranceMatchesTheClosedForm() {
    assertMatchesClosedForm(Fixtures.dopri(model, parameters, regimen, grid, 1e-13, 1e-16));
  }

  private void assertMatchesClosedForm(PatientResult result) {
    assertEquals(Status.OK, result.status());
    for (int i = 0; i < grid.size(); i++) {
      double expected = concentration(grid.time(i));
      double actual = result.concentration(0, i);
      assertTrue(
          Fixtures.relativeDifference(expected, actual) <= TOLERANCE,
          "C(" + grid.time(i) + " h): expected " + expected + ", got " + actual);
    }
    double lastStart = (DOSES - 1) * INTERVAL_H;
    double lastEnd = lastStart + DURATION_H;
    assertRelative(auc(HORIZON_H), result.metric(0, Metric.AUC_0_T), "auc_0_t");
    assertRelative(
        auc(lastStart + INTERVAL_H) - auc(lastStart), result.metric(0, Metric.AUC_TAU), "auc_tau");
    assertRelative(concentration(lastEnd), result.metric(0, Metric.CMAX), "cmax");
    assertEquals(lastEnd, result.metric(0, Metric.TMAX), 1e-12, "tmax");
    assertRelative(
        concentration(lastStart + INTERVAL_H), result.metric(0, Metric.TROUGH), "trough");
  }

  private static void assertRelative(double expected, double actual, String what) {
    assertTrue(
        Fixtures.relativeDifference(expected, actual) <= TOLERANCE,
        what + ": expected " + expected + ", got " + actual);
  }
}
