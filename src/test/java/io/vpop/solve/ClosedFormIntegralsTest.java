package io.vpop.solve;

import static io.vpop.solve.Fixtures.TEMSIROLIMUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.batch.Metric;
import io.vpop.batch.Status;
import io.vpop.regimen.Regimen;
import org.junit.jupiter.api.Test;

/**
 * The exact solver's two ways to the AUC check each other on 1,000 random children: the integrals
 * from the factors of -K, W (-K)^-1 (b D(t) - A(t)), and the integrals carried segment by segment
 * by the augmented matrix of Van Loan (the only way before, and still the way where -K is nearly
 * singular). Every metric and grid value agrees to 1e-10 relative.
 */
class ClosedFormIntegralsTest {
  private static final int PATIENTS = 1_000;
  private static final double TOLERANCE = 1e-10;

  @Test
  void closedFormAndCarriedIntegralsAgree() {
    Regimen regimen = Fixtures.weekly(25, 1.0, 4);
    TimeGrid grid = TimeGrid.uniform(672, 1);
    Schedule schedule = new Schedule(regimen, grid);
    CompartmentSystem system = new CompartmentSystem(TEMSIROLIMUS);
    ExactSolver closedForm = new ExactSolver(system, schedule);
    ExactSolver carried = new ExactSolver(system, schedule, Double.POSITIVE_INFINITY);
    PatientResult expected = new PatientResult(system.outputs(), grid.size());
    PatientResult actual = new PatientResult(system.outputs(), grid.size());
    double[][] parameters = new double[PATIENTS][];
    double[] doses = new double[PATIENTS];
    Fixtures.randomPediatricPatients(17L, parameters, doses);
    for (int patient = 0; patient < PATIENTS; patient++) {
      double[] dose = {doses[patient]};
      carried.solve(parameters[patient], dose, expected);
      closedForm.solve(parameters[patient], dose, actual);
      assertEquals(Status.OK, actual.status(), "patient " + patient);
      for (int k = 0; k < system.outputs(); k++) {
        for (Metric metric : Metric.ALL) {
          assertClose(
              expected.metric(k, metric),
              actual.metric(k, metric),
              "patient " + patient + ", output " + k + ", " + metric);
        }
        for (int g = 0; g < grid.size(); g++) {
          assertClose(
              expected.concentration(k, g),
              actual.concentration(k, g),
              "patient " + patient + ", output " + k + ", time " + grid.time(g));
        }
      }
    }
  }

  private static void assertClose(double expected, double actual, String what) {
    assertTrue(
        Math.abs(expected - actual) <= TOLERANCE * Math.abs(expected),
        what + ": carried " + expected + ", closed form " + actual);
  }
}
