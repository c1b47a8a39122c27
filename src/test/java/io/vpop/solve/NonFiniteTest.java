package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.batch.Metric;
import io.vpop.batch.Status;
import io.vpop.model.Model;
import io.vpop.regimen.Regimen;
import org.junit.jupiter.api.Test;

/**
 * A patient whose values are not all finite is marked failed with every value NaN, whichever
 * solver; the grid values are checked as they are written, by a sum of 0 times each value.
 */
class NonFiniteTest {
  private static final Regimen REGIMEN = Fixtures.weekly(25, 0.5, 2);
  private static final TimeGrid GRID = TimeGrid.uniform(336, 1);

  @Test
  void aNotANumberClearanceFailsBothSolvers() {
    Model model = Fixtures.TEMSIROLIMUS;
    double[] parameters = Fixtures.typicalAdult(25);
    parameters[model.parameterIndex("CL")] = Double.NaN;
    assertFailed(Fixtures.exact(model, parameters, REGIMEN, GRID));
    assertFailed(
        Fixtures.dopri(model, parameters, REGIMEN, GRID, Fixtures.DP_RTOL, Fixtures.DP_ATOL));
  }

  @Test
  void theGridCheckSeesOneInfiniteValueAmongFiniteOnes() {
    Schedule schedule = new Schedule(REGIMEN, GRID);
    PatientResult result = new PatientResult(1, GRID.size());
    MetricAccumulator metrics = new MetricAccumulator(1, schedule);
    metrics.reset();
    for (int p = 0; p < schedule.points(); p++) {
      // Large, negative and zero values are finite: 0 times each keeps the sum at 0 exactly.
      double value = p % 3 == 0 ? -1e308 : p % 3 == 1 ? 0.0 : 1e300;
      metrics.atPoint(schedule, p, new double[] {value}, 0, new double[] {0}, result);
    }
    assertTrue(metrics.gridFinite());
    metrics.atPoint(
        schedule, 7, new double[] {Double.POSITIVE_INFINITY}, 0, new double[] {0}, result);
    assertFalse(metrics.gridFinite());
    metrics.reset();
    assertTrue(metrics.gridFinite(), "a new patient starts clean");
  }

  private static void assertFailed(PatientResult result) {
    assertEquals(Status.NON_FINITE, result.status());
    for (int k = 0; k < result.outputs(); k++) {
      for (Metric metric : Metric.ALL) {
        assertTrue(Double.isNaN(result.metric(k, metric)), metric.toString());
      }
      for (int g = 0; g < GRID.size(); g++) {
        assertTrue(Double.isNaN(result.concentration(k, g)));
      }
    }
  }
}
