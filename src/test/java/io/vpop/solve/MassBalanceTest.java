package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.batch.Metric;
import io.vpop.model.Model;
import io.vpop.regimen.Regimen;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * With Fm = 1 and no elimination of sirolimus, nothing leaves the body: temsirolimus in its three
 * compartments plus sirolimus converted back to temsirolimus mass (x MW_tem / MW_sir) equals the
 * amount infused so far, at every time, and its AUC is the integral of the amount infused (-K is
 * singular here: the exact solver carries the integrals instead of solving with -K). The check uses
 * the shipped model file with one more output, the body's molar-corrected amount (an output is
 * data, like the rest of the model).
 */
class MassBalanceTest {
  private static final double TOLERANCE = 1e-9;
  private static final TimeGrid GRID = TimeGrid.uniform(672, 0.5);
  private static final Regimen REGIMEN = Fixtures.weekly(25, 0.5, 4);

  @Test
  void exactSolverConservesTheMolarAmount() throws IOException {
    assertConserved(Fixtures.exact(modelWithBodyAmount(), parameters(), REGIMEN, GRID));
  }

  @Test
  void dormandPrinceConservesTheMolarAmount() throws IOException {
    assertConserved(
        Fixtures.dopri(
            modelWithBodyAmount(),
            parameters(),
            REGIMEN,
            GRID,
            Fixtures.DP_RTOL,
            Fixtures.DP_ATOL));
  }

  @Test
  void exactSolverIntegratesTheInfusedAmount() throws IOException {
    PatientResult result = Fixtures.exact(modelWithBodyAmount(), parameters(), REGIMEN, GRID);
    int body = result.outputs() - 1;
    assertEquals(
        infusedIntegral(0, 672),
        result.metric(body, Metric.AUC_0_T),
        TOLERANCE * infusedIntegral(0, 672),
        "AUC(0-672 h) of the body amount, mg*h");
    assertEquals(
        infusedIntegral(504, 672),
        result.metric(body, Metric.AUC_TAU),
        TOLERANCE * infusedIntegral(504, 672),
        "AUC over the last weekly interval of the body amount, mg*h");
    assertEquals(Double.POSITIVE_INFINITY, result.metric(body, Metric.AUC_0_INF));
  }

  /** The integral from a to b (h) of the amount infused by then, mg*h, in closed form. */
  private static double infusedIntegral(double a, double b) {
    return infusedAntiderivative(b) - infusedAntiderivative(a);
  }

  private static double infusedAntiderivative(double t) {
    double rate = 25 / 0.5;
    double duration = 0.5;
    double sum = 0;
    for (int k = 0; k < 4; k++) {
      double since = t - 168 * k;
      if (since > duration) {
        sum += rate * (duration * duration / 2 + duration * (since - duration));
      } else if (since > 0) {
        sum += rate * since * since / 2;
      }
    }
    return sum;
  }

  private static void assertConserved(PatientResult result) {
    int body = result.outputs() - 1;
    double rate = 25 / 0.5;
    for (int i = 0; i < GRID.size(); i++) {
      double t = GRID.time(i);
      double infused = 0;
      for (int k = 0; k < 4; k++) {
        infused += rate * Math.min(Math.max(t - 168 * k, 0), 0.5);
      }
      double amount = result.concentration(body, i);
      assertTrue(
          Math.abs(amount - infused) <= TOLERANCE * Math.max(infused, 1e-300),
          "at " + t + " h: body " + amount + " mg, infused " + infused + " mg");
    }
  }

  private static double[] parameters() {
    Model model = Fixtures.TEMSIROLIMUS;
    double[] p = Fixtures.typicalAdult(25);
    p[model.parameterIndex("Fm")] = 1.0;
    p[model.parameterIndex("CLm")] = 0.0;
    return p;
  }

  private static Model modelWithBodyAmount() throws IOException {
    String text;
    try (InputStream in = Model.class.getResourceAsStream("/io/vpop/models/temsirolimus.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    double molar = 1030.3 / 914.2;
    String body =
        "  - { name: body, measure: amount, compartments: [temsirolimus_central, temsirolimus_shallow,"
            + " temsirolimus_deep, sirolimus_central, sirolimus_peripheral], factors: [1, 1, 1, %s, %s] }\n"
                .formatted(molar, molar);
    String marker = "  - { name: sum,";
    int end = text.indexOf('\n', text.indexOf(marker)) + 1;
    return Fixtures.model(text.substring(0, end) + body + text.substring(end));
  }
}
