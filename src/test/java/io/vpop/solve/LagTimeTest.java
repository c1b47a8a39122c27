package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vpop.InvalidInputException;
import io.vpop.batch.Metric;
import io.vpop.batch.Status;
import io.vpop.scenario.Scenario;
import io.vpop.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lag time on the gut (the model file's {@code lag_time}) through a scenario, as a user writes
 * it: one-compartment first-order absorption with F and ALAG against the lagged Bateman function,
 * single dose and at steady state (the accumulation factors), in both solvers; and the one-line
 * errors for a lag that does not fit.
 */
class LagTimeTest {
  private static final double KA = 1.1;
  private static final double F = 0.6;
  private static final double CL = 4;
  private static final double V = 40;
  private static final double KE = CL / V;
  private static final double DOSE_MG = 50;
  private static final double TAU = 12;

  /** Between grid times (0.25 h apart), so lagged doses split segments. */
  private static final double LAG_H = 0.8;

  private static final double EXACT = 1e-10;
  private static final double ADAPTIVE = 1e-7;

  /** Amplitude of the Bateman function, ng/mL: 1000 F D ka / (V (ka - k)). */
  private static final double SCALE = 1000 * F * DOSE_MG * KA / (V * (KA - KE));

  @TempDir Path directory;

  private Scenario scenario(double lagH, String regimen, String grid) throws IOException {
    return scenario(lagH, "CL: { omega: 0.3, source: \"[A] test\" }", regimen, grid);
  }

  private Scenario scenario(double lagH, String omegas, String regimen, String grid)
      throws IOException {
    Files.writeString(
        directory.resolve("oral-lag.yaml"),
        Fixtures.oralText(KA, F, lagH, CL, V) + "variability:\n  all: { " + omegas + " }\n");
    return ScenarioLoader.parse(
        Fixtures.sampledAdultsScenario("oral-lag.yaml", 70, regimen, grid), "lag.yaml", directory);
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
    assertEquals(expected, actual, tolerance * Math.max(Math.abs(expected), 1e-3), what);
  }

  private static void assertProfile(
      PatientResult result, TimeGrid grid, DoubleUnaryOperator c, boolean exact) {
    for (int g = 0; g < grid.size(); g++) {
      double t = grid.time(g);
      assertClose(c.applyAsDouble(t), result.concentration(0, g), exact, "at " + t + " h");
    }
  }

  @Test
  void aLaggedOralDoseFollowsTheShiftedBateman() throws IOException {
    Scenario scenario =
        scenario(
            LAG_H,
            "{ dose: 50, unit: mg, route: bolus, compartment: gut }",
            "{ end_h: 48, step_h: 0.25 }");
    // C(t) = 0 before the lag, then SCALE (e^(-k (t - L)) - e^(-ka (t - L))).
    DoubleUnaryOperator c =
        t -> t < LAG_H ? 0 : SCALE * (Math.exp(-KE * (t - LAG_H)) - Math.exp(-KA * (t - LAG_H)));
    double tmax = LAG_H + Math.log(KA / KE) / (KA - KE);
    double horizon = 48 - LAG_H;
    double auc = SCALE * (-Math.expm1(-KE * horizon) / KE - -Math.expm1(-KA * horizon) / KA);
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult result = solve(scenario, exact);
      assertProfile(result, scenario.grid(), c, exact);
      assertClose(c.applyAsDouble(tmax), result.metric(0, Metric.CMAX), exact, "cmax");
      assertEquals(tmax, result.metric(0, Metric.TMAX), exact ? 1e-8 : 1e-5, "tmax");
      assertClose(auc, result.metric(0, Metric.AUC_0_T), exact, "auc_0_t");
      // All of F D arrives, late or not: AUC to infinity is F D / CL.
      assertClose(1000 * F * DOSE_MG / CL, result.metric(0, Metric.AUC_0_INF), exact, "auc_inf");
    }
  }

  @Test
  void aLaggedOralDoseAtSteadyStateCarriesTheAccumulationFactors() throws IOException {
    Scenario scenario =
        scenario(
            LAG_H,
            "{ dose: 50, unit: mg, route: bolus, compartment: gut, interval_h: 12, count: 1,"
                + " steady_state: true }",
            "{ end_h: 12, step_h: 0.25 }");
    double slow = -Math.expm1(-KE * TAU);
    double fast = -Math.expm1(-KA * TAU);
    // Before the lag the dose given at 0 h has not arrived: what is left of the one an interval
    // earlier, arriving at L - tau.
    DoubleUnaryOperator c =
        t -> {
          double since = t < LAG_H ? t - LAG_H + TAU : t - LAG_H;
          return SCALE * (Math.exp(-KE * since) / slow - Math.exp(-KA * since) / fast);
        };
    double tmax = LAG_H + Math.log(KA * slow / (KE * fast)) / (KA - KE);
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult result = solve(scenario, exact);
      assertProfile(result, scenario.grid(), c, exact);
      assertClose(c.applyAsDouble(tmax), result.metric(0, Metric.CMAX), exact, "cmax");
      assertEquals(tmax, result.metric(0, Metric.TMAX), exact ? 1e-8 : 1e-5, "tmax");
      // The trough at the next nominal dose equals the value at 0 h: the state is periodic.
      assertClose(c.applyAsDouble(0), result.metric(0, Metric.TROUGH), exact, "trough");
      // The concentration falls on until the lagged dose starts to be absorbed: SCALE (1 / (1 -
      // e^(-k tau)) - 1 / (1 - e^(-ka tau))).
      assertClose(SCALE * (1 / slow - 1 / fast), result.metric(0, Metric.CMIN), exact, "cmin");
      assertClose(1000 * F * DOSE_MG / CL, result.metric(0, Metric.AUC_TAU), exact, "auc_tau");
    }
  }

  @Test
  void aLagMustEndBeforeTheNextDose() throws IOException {
    Scenario scenario =
        scenario(
            12,
            "{ dose: 50, unit: mg, route: bolus, compartment: gut, interval_h: 12, count: 4 }",
            "{ end_h: 48," + " step_h: 1 }");
    InvalidInputException error =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidInputException.class, scenario::schedule);
    assertEquals(
        "regimen[0].interval_h: 12.0 is not allowed; allowed: longer than the lag time 12.0 h,"
            + " so that each dose is in before the next is given",
        error.getMessage());
  }

  /**
   * Patients whose ALAG varies (omega 0.4): each patient's own lag, drawn here between grid times
   * and beyond the first interval's half, shifts each of its four doses (12 h apart) in its own
   * Bateman sum; consecutive patients with one lag share a schedule. A patient whose lag does not
   * end before its next dose fails alone, and the next one is solved.
   */
  @Test
  void eachPatientsLagShiftsItsOwnDoses() throws IOException {
    Scenario scenario =
        scenario(
            LAG_H,
            "CL: { omega: 0.3, source: \"[A] test\" }, ALAG: { omega: 0.4, source: \"[A] test\" }",
            "{ dose: 50, unit: mg, route: bolus, compartment: gut, interval_h: 12, count: 4 }",
            "{ end_h: 72, step_h: 0.5 }");
    Schedule schedule = scenario.schedule();
    CompartmentSystem system = new CompartmentSystem(scenario.model());
    int lagIndex = scenario.model().parameterIndex("ALAG");
    double[] lags = {0.8, 0.8, 3.137, 11.99, 0.01, 12.5, 5.25, 5.25, 0.8};
    for (SolverKind kind : SolverKind.values()) {
      boolean exact = kind == SolverKind.EXACT;
      PatientSolver solver = kind.create(system, schedule);
      PatientResult result = new PatientResult(system.outputs(), schedule.grid().size());
      for (double lag : lags) {
        double[] parameters = scenario.parameterSet().values();
        parameters[lagIndex] = lag;
        solver.solve(parameters, new double[] {DOSE_MG}, result);
        if (lag >= TAU) {
          assertEquals(Status.TIMING_OUT_OF_RANGE, result.status(), "lag " + lag);
          continue;
        }
        assertEquals(Status.OK, result.status(), "lag " + lag);
        DoubleUnaryOperator c =
            t -> {
              double sum = 0;
              for (int k = 0; k < 4; k++) {
                double since = t - k * TAU - lag;
                if (since > 0) {
                  sum += SCALE * (Math.exp(-KE * since) - Math.exp(-KA * since));
                }
              }
              return sum;
            };
        assertProfile(result, scenario.grid(), c, exact);
        // The trough is drawn at 48 h, an interval after the last dose is given (not arrives).
        assertClose(c.applyAsDouble(48), result.metric(0, Metric.TROUGH), exact, "trough " + lag);
        double auc = 0;
        for (int k = 0; k < 4; k++) {
          double since = 72 - k * TAU - lag;
          auc += SCALE * (-Math.expm1(-KE * since) / KE - -Math.expm1(-KA * since) / KA);
        }
        assertClose(auc, result.metric(0, Metric.AUC_0_T), exact, "auc_0_t " + lag);
      }
    }
  }
}
