package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.model.Model;
import io.vpop.regimen.Regimen;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * With Fm = 1 and no elimination of sirolimus, nothing leaves the body: temsirolimus in its three
 * compartments plus sirolimus converted back to temsirolimus mass (x MW_tem / MW_sir) equals the
 * amount infused so far, at every time. The check uses the shipped model file with one more output,
 * the body's molar-corrected amount (an output is data, like the rest of the model).
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
