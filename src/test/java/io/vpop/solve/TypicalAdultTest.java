package io.vpop.solve;

import static io.vpop.solve.Fixtures.SIROLIMUS_OUT;
import static io.vpop.solve.Fixtures.TEMSIROLIMUS;
import static io.vpop.solve.Fixtures.TEMSIROLIMUS_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.batch.Metric;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import org.junit.jupiter.api.Test;

/**
 * The typical 70 kg adult at 25 mg over 0.5 h reproduces the reference table of
 * shared/reference/temsirolimus.md (an independent eigen-decomposition solution of the same model,
 * which the label's values agree with). The profile runs to 1000 h so AUC(0-t) equals AUC(0-inf)
 * well within the tolerances: the slowest mode (54.6 h) has decayed to 3e-6 of its start.
 */
class TypicalAdultTest {
  private static final TimeGrid GRID = TimeGrid.uniform(1000, 1);
  private static final PatientResult SINGLE_25_MG =
      Fixtures.exact(TEMSIROLIMUS, Fixtures.typicalAdult(25), Fixtures.weekly(25, 0.5, 1), GRID);

  @Test
  void temsirolimusAucIsDoseOverClearance() {
    assertWithin(1543.0, SINGLE_25_MG.metric(TEMSIROLIMUS_OUT, Metric.AUC_0_T), 0.001);
    assertWithin(25000 / 16.2, SINGLE_25_MG.metric(TEMSIROLIMUS_OUT, Metric.AUC_0_T), 1e-6);
  }

  @Test
  void aucToInfinityNeedsNoLongHorizon() {
    PatientResult twoDays =
        Fixtures.exact(
            TEMSIROLIMUS,
            Fixtures.typicalAdult(25),
            Regimen.of(new DoseLine(Dose.of(25, DoseUnit.MG), 0.5, 0, 0, 1)),
            TimeGrid.uniform(48, 1));
    assertWithin(25000 / 16.2, twoDays.metric(TEMSIROLIMUS_OUT, Metric.AUC_0_INF), 1e-9);
    assertWithin(
        SINGLE_25_MG.metric(SIROLIMUS_OUT, Metric.AUC_0_T),
        twoDays.metric(SIROLIMUS_OUT, Metric.AUC_0_INF),
        1e-5);
    // AUC(0-inf) of sirolimus is Fm (MW_sir / MW_tem) dose / CLm, whatever temsirolimus does.
    assertWithin(
        914.2 / 1030.3 * 25000 / 5.32, twoDays.metric(SIROLIMUS_OUT, Metric.AUC_0_INF), 1e-9);
  }

  @Test
  void temsirolimusPeaksAtTheEndOfTheInfusionAt583() {
    assertWithin(583.0, SINGLE_25_MG.metric(TEMSIROLIMUS_OUT, Metric.CMAX), 0.005);
    assertEquals(0.5, SINGLE_25_MG.metric(TEMSIROLIMUS_OUT, Metric.TMAX), 1e-12);
  }

  @Test
  void terminalHalfLivesFromTheSimulatedProfile() {
    assertWithin(17.26, halfLife(TEMSIROLIMUS_OUT, 200, 300), 0.005);
    assertWithin(54.6, halfLife(SIROLIMUS_OUT, 600, 900), 0.005);
  }

  @Test
  void sirolimusToTemsirolimusAucRatioIs2point70() {
    double ratio =
        SINGLE_25_MG.metric(SIROLIMUS_OUT, Metric.AUC_0_T)
            / SINGLE_25_MG.metric(TEMSIROLIMUS_OUT, Metric.AUC_0_T);
    assertWithin(2.70, ratio, 0.005);
    assertWithin(4170, SINGLE_25_MG.metric(SIROLIMUS_OUT, Metric.AUC_0_T), 0.005);
  }

  @Test
  void temsirolimusIsLessThanDoseProportionalWhileSirolimusIsProportional() {
    PatientResult oneMg =
        Fixtures.exact(TEMSIROLIMUS, Fixtures.typicalAdult(1), Fixtures.weekly(1, 0.5, 1), GRID);
    double temsirolimusRatio =
        SINGLE_25_MG.metric(TEMSIROLIMUS_OUT, Metric.AUC_0_T)
            / oneMg.metric(TEMSIROLIMUS_OUT, Metric.AUC_0_T);
    double sirolimusRatio =
        SINGLE_25_MG.metric(SIROLIMUS_OUT, Metric.AUC_0_T)
            / oneMg.metric(SIROLIMUS_OUT, Metric.AUC_0_T);
    assertTrue(
        temsirolimusRatio < 25 * 0.5, "temsirolimus AUC ratio 25 mg / 1 mg: " + temsirolimusRatio);
    // AUC = dose / CL with CL proportional to dose^THETA_DOSE: the ratio is 25^(1 - 0.32).
    assertWithin(Math.pow(25, 1 - 0.32), temsirolimusRatio, 1e-6);
    // All of it forms sirolimus, whose clearance does not depend on the dose.
    assertWithin(25, sirolimusRatio, 1e-4);
  }

  /** ln 2 over the log-linear slope between two grid times, in h. */
  private static double halfLife(int output, int fromH, int toH) {
    double slope =
        Math.log(
                SINGLE_25_MG.concentration(output, toH) / SINGLE_25_MG.concentration(output, fromH))
            / (toH - fromH);
    return -Math.log(2) / slope;
  }

  private static void assertWithin(double expected, double actual, double relative) {
    assertTrue(
        Math.abs(actual - expected) <= relative * Math.abs(expected),
        "expected " + expected + " within " + relative * 100 + " %, got " + actual);
  }
}
