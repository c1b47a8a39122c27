package io.vpop.stats;

import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * Probability of target attainment: the fraction of patients that attain a target, with its exact
 * binomial (Clopper-Pearson) 95 % interval: lower = Beta(x, n - x + 1) quantile 0.025, upper =
 * Beta(x + 1, n - x) quantile 0.975 (0 and 1 at the edges).
 *
 * @param target the target
 * @param attained patients that attain it
 * @param patients patients counted
 * @param fraction attained / patients
 * @param lower95 lower bound of the 95 % interval
 * @param upper95 upper bound of the 95 % interval
 */
public record Attainment(
    Target target, long attained, long patients, double fraction, double lower95, double upper95) {
  /** The attainment of {@code attained} out of {@code patients}. */
  public static Attainment of(Target target, long attained, long patients) {
    if (patients == 0) {
      return new Attainment(target, 0, 0, Double.NaN, Double.NaN, Double.NaN);
    }
    double lower =
        attained == 0
            ? 0
            : BetaDistribution.of(attained, patients - attained + 1)
                .inverseCumulativeProbability(0.025);
    double upper =
        attained == patients
            ? 1
            : BetaDistribution.of(attained + 1, patients - attained)
                .inverseCumulativeProbability(0.975);
    return new Attainment(target, attained, patients, (double) attained / patients, lower, upper);
  }
}
