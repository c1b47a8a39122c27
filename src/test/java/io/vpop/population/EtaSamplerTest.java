package io.vpop.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vpop.InvalidInputException;
import io.vpop.model.Model;
import io.vpop.model.ModelLoader;
import io.vpop.model.Omega;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.rng.core.source64.Philox4x64;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

/**
 * Etas drawn through the Cholesky factor reproduce Omega: variances within 2 %, correlations within
 * 0.02.
 */
class EtaSamplerTest {
  private static final int DRAWS = 100_000;
  private static final Model MODEL = ModelLoader.builtIn("temsirolimus", "model");

  @Test
  void theShippedPediatricOmegaIsReproduced() {
    Omega omega = MODEL.variability().get("pediatric");
    double[][] eta = draw(omega);
    for (int i = 0; i < omega.entries().size(); i++) {
      double expected = omega.entries().get(i).omega() * omega.entries().get(i).omega();
      assertEquals(
          expected,
          ChildSamplingTest.variance(eta[i]),
          0.02 * expected,
          omega.entries().get(i).parameter());
    }
  }

  @Test
  void aSuppliedCorrelatedOmegaIsReproduced() {
    Omega omega =
        new Omega(
            "correlated",
            List.of(
                new Omega.Entry("CL", 0.4, "[A] test"),
                new Omega.Entry("V1", 0.3, "[A] test"),
                new Omega.Entry("CLm", 0.6, "[A] test")),
            List.of(
                new Omega.Correlation("CL", "V1", 0.6, "[A] test"),
                new Omega.Correlation("CL", "CLm", -0.3, "[A] test")));
    double[][] eta = draw(omega);
    double[][] covariance = omega.covariance();
    for (int i = 0; i < 3; i++) {
      assertEquals(covariance[i][i], ChildSamplingTest.variance(eta[i]), 0.02 * covariance[i][i]);
      for (int j = 0; j < i; j++) {
        double expected = covariance[i][j] / Math.sqrt(covariance[i][i] * covariance[j][j]);
        double sampled =
            ChildSamplingTest.covariance(eta[i], eta[j])
                / Math.sqrt(
                    ChildSamplingTest.variance(eta[i]) * ChildSamplingTest.variance(eta[j]));
        assertEquals(
            expected,
            sampled,
            0.02,
            omega.entries().get(i).parameter() + "-" + omega.entries().get(j).parameter());
      }
    }
  }

  @Test
  void aModelFileWithAnOmegaThatIsNotPositiveDefiniteIsRejected() throws Exception {
    String text;
    try (var in = Model.class.getResourceAsStream("/io/vpop/models/temsirolimus.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String correlations =
        "    correlations:\n"
            + "      - { between: [CL, V1], correlation: 0.9, source: \"[A] test\" }\n"
            + "      - { between: [CL, Q3], correlation: 0.9, source: \"[A] test\" }\n"
            + "      - { between: [V1, Q3], correlation: -0.9, source: \"[A] test\" }\n";
    String marker = "    Vm: { omega: 0.930";
    int end = text.indexOf('\n', text.indexOf(marker)) + 1;
    String broken = text.substring(0, end) + correlations + text.substring(end);
    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () ->
                ModelLoader.parse(
                    new ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8)), "t.yaml"));
    assertEquals("variability.pediatric.correlations", error.field());
  }

  /** eta[entry][draw]. */
  private static double[][] draw(Omega omega) {
    EtaSampler sampler = new EtaSampler(MODEL, omega);
    var rng = new Philox4x64(new long[] {5, 6, 0, 0, 0, 0});
    var normal = ZigguratSampler.NormalizedGaussian.of(rng);
    double[] deviates = new double[sampler.deviates()];
    double[] eta = new double[MODEL.parameterNames().size()];
    double[][] draws = new double[omega.entries().size()][DRAWS];
    for (int d = 0; d < DRAWS; d++) {
      sampler.sample(normal, deviates, eta);
      for (int i = 0; i < omega.entries().size(); i++) {
        draws[i][d] = eta[MODEL.parameterIndex(omega.entries().get(i).parameter())];
      }
    }
    return draws;
  }
}
