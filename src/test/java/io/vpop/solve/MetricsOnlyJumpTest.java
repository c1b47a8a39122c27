package io.vpop.solve;

import static io.vpop.solve.Fixtures.TEMSIROLIMUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.batch.Metric;
import io.vpop.regimen.Regimen;
import org.junit.jupiter.api.Test;

/**
 * A metrics-only solve jumps from the point where every amount falls to the next change of input
 * (the output times in between can hold no peak and no larger value); a solve that keeps its
 * profile walks every output time. On 1,000 random children the two agree to 1e-10 relative on
 * every metric: weekly doses on an hourly grid that ends with the last interval, one that goes on
 * past it (a run broken at the trough, the jump's slopes then carried into the next run), and one
 * dose followed by 2,000 h, runs far longer than the longest dyadic jump.
 */
class MetricsOnlyJumpTest {
  private static final int PATIENTS = 1_000;
  private static final double TOLERANCE = 1e-10;

  @Test
  void weeklyDosesToTheLastTrough() {
    agree(Fixtures.weekly(25, 0.5, 4), TimeGrid.uniform(672, 1), 1L);
  }

  @Test
  void horizonPastTheLastInterval() {
    agree(Fixtures.weekly(25, 1.0, 3), TimeGrid.uniform(700, 1), 2L);
  }

  @Test
  void runsLongerThanTheLongestJump() {
    agree(Fixtures.weekly(25, 0.5, 1), TimeGrid.uniform(2000, 1), 3L);
  }

  @Test
  void onlyARunWithoutInputCanBeJumped() {
    Schedule schedule = new Schedule(Fixtures.weekly(25, 0.5, 2), TimeGrid.uniform(336, 1));
    for (int s = 0; s < schedule.points() - 1; s++) {
      int end = schedule.runEnd(s);
      assertTrue(end > s, "segment " + s);
      for (int inside = s; inside < end; inside++) {
        assertTrue(end == s + 1 || schedule.activeLines(inside) == 0, "input inside " + s);
        assertEquals(schedule.lengthIndex(s), schedule.lengthIndex(inside), "length " + s);
        boolean bound =
            inside > s
                && (inside == schedule.lastIntervalStart() || inside == schedule.lastIntervalEnd());
        assertFalse(bound, "a bound of the last interval inside the run of " + s);
      }
    }
    // From the hour after the first infusion ends, one run to the second dose at 168 h.
    assertEquals(schedule.lastIntervalStart(), schedule.runEnd(2));
  }

  private static void agree(Regimen regimen, TimeGrid grid, long seed) {
    Schedule schedule = new Schedule(regimen, grid);
    CompartmentSystem system = new CompartmentSystem(TEMSIROLIMUS);
    ExactSolver solver = new ExactSolver(system, schedule);
    PatientResult profile = new PatientResult(system.outputs(), grid.size());
    PatientResult metricsOnly = PatientResult.metricsOnly(system.outputs(), grid.size());
    assertTrue(profile.keepsProfile());
    assertFalse(metricsOnly.keepsProfile());
    double[][] parameters = new double[PATIENTS][];
    double[] doses = new double[PATIENTS];
    Fixtures.randomPediatricPatients(seed, parameters, doses);
    for (int patient = 0; patient < PATIENTS; patient++) {
      double[] dose = {doses[patient]};
      solver.solve(parameters[patient], dose, profile);
      solver.solve(parameters[patient], dose, metricsOnly);
      assertEquals(profile.status(), metricsOnly.status(), "patient " + patient);
      for (int k = 0; k < system.outputs(); k++) {
        for (Metric metric : Metric.ALL) {
          double expected = profile.metric(k, metric);
          double actual = metricsOnly.metric(k, metric);
          assertTrue(
              Math.abs(expected - actual) <= TOLERANCE * Math.abs(expected),
              "patient "
                  + patient
                  + ", output "
                  + k
                  + ", "
                  + metric
                  + ": every output time "
                  + expected
                  + ", jumps "
                  + actual);
        }
      }
    }
  }
}
