package io.vpop.solve;

import static io.vpop.solve.Fixtures.TEMSIROLIMUS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.batch.Metric;
import io.vpop.model.Model;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour of the integrator and the event handling that both solvers share. */
class DormandPrinceTest {
  private static final TimeGrid GRID = TimeGrid.uniform(336, 0.5);

  @Test
  void twoConsecutiveInfusionsEqualOneLongInfusion() {
    // 25 mg over 1 h is 12.5 mg over [0, 0.5] followed by 12.5 mg over [0.5, 1]: the same input.
    Regimen one = Regimen.of(new DoseLine(Dose.of(25, DoseUnit.MG), 1.0, 0, 0, 1));
    Regimen two =
        new Regimen(
            List.of(
                new DoseLine(Dose.of(12.5, DoseUnit.MG), 0.5, 0, 0, 1),
                new DoseLine(Dose.of(12.5, DoseUnit.MG), 0.5, 0.5, 0, 1)));
    double[] p = Fixtures.typicalAdult(25);
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult a = solve(exact, TEMSIROLIMUS, p, one);
      PatientResult b = solve(exact, TEMSIROLIMUS, p, two);
      for (int k = 0; k < a.outputs(); k++) {
        for (Metric metric : List.of(Metric.AUC_0_T, Metric.CMAX, Metric.TMAX)) {
          double x = a.metric(k, metric);
          double y = b.metric(k, metric);
          assertTrue(
              Fixtures.relativeDifference(x, y) <= (exact ? 1e-12 : 1e-8),
              (exact ? "exact " : "dopri5 ") + metric + ": " + x + " vs " + y);
        }
      }
    }
  }

  @Test
  void errorShrinksWithTheToleranceAndStaysWithinASmallMultipleOfIt() {
    double[] p = Fixtures.typicalAdult(25);
    Regimen regimen = Fixtures.weekly(25, 0.5, 2);
    TimeGrid grid = TimeGrid.uniform(336, 1);
    PatientResult exact = Fixtures.exact(TEMSIROLIMUS, p, regimen, grid);
    double previous = Double.POSITIVE_INFINITY;
    for (double rtol : new double[] {1e-5, 1e-7, 1e-9, 1e-11}) {
      PatientResult dopri = Fixtures.dopri(TEMSIROLIMUS, p, regimen, grid, rtol, rtol * 1e-6);
      double error = 0;
      for (int k = 0; k < exact.outputs(); k++) {
        error =
            Math.max(
                error,
                Fixtures.relativeDifference(
                    exact.metric(k, Metric.AUC_0_T), dopri.metric(k, Metric.AUC_0_T)));
        error =
            Math.max(
                error,
                Fixtures.relativeDifference(
                    exact.metric(k, Metric.CMAX), dopri.metric(k, Metric.CMAX)));
      }
      assertTrue(error <= 100 * rtol, "rtol " + rtol + ": error " + error);
      assertTrue(
          error < previous || error < 1e-13,
          "rtol " + rtol + ": error " + error + " >= " + previous);
      previous = error;
    }
  }

  private static PatientResult solve(boolean exact, Model model, double[] p, Regimen regimen) {
    return exact
        ? Fixtures.exact(model, p, regimen, GRID)
        : Fixtures.dopri(model, p, regimen, GRID, Fixtures.DP_RTOL, Fixtures.DP_ATOL);
  }
}
