package io.vpop.population;

import io.vpop.model.Model;
import io.vpop.model.Omega;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;

/**
 * Draws a patient's random effects eta ~ N(0, Omega) as L z, with L the lower Cholesky factor of
 * Omega and z standard normal, so correlations in a user's Omega carry over. Immutable and
 * thread-safe.
 */
public final class EtaSampler {
  private final int[] parameterIndex;
  private final double[][] factor;

  /**
   * @param omega a variability set of {@code model}
   */
  public EtaSampler(Model model, Omega omega) {
    this.parameterIndex =
        omega.entries().stream().mapToInt(e -> model.parameterIndex(e.parameter())).toArray();
    this.factor = omega.choleskyFactor();
  }

  /** The number of normal deviates one draw consumes. */
  public int deviates() {
    return parameterIndex.length;
  }

  /**
   * Draws eta.
   *
   * @param normal the patient's standard normal deviates
   * @param deviates work array of at least {@link #deviates()} values
   * @param eta receives eta per model parameter (0 for parameters that do not vary)
   */
  public void sample(NormalizedGaussianSampler normal, double[] deviates, double[] eta) {
    java.util.Arrays.fill(eta, 0.0);
    for (int j = 0; j < parameterIndex.length; j++) {
      deviates[j] = normal.sample();
    }
    for (int i = 0; i < parameterIndex.length; i++) {
      double value = 0;
      for (int j = 0; j <= i; j++) {
        value += factor[i][j] * deviates[j];
      }
      eta[parameterIndex[i]] = value;
    }
  }
}
