package io.vpop.model;

/**
 * How a measured value scatters around an output's exact prediction (IPRED), as NONMEM's $ERROR
 * writes it with standard normal deviates: additive {@code DV = IPRED + a eps}, proportional {@code
 * DV = IPRED (1 + b eps)}, combined {@code DV = IPRED + sqrt(a^2 + b^2 IPRED^2) eps} (NONMEM's
 * {@code Y = IPRED + IPRED*EPS(1) + EPS(2)} with two independent errors, in one deviate: the same
 * distribution) and exponential {@code DV = IPRED exp(b eps)}. Simulated values are not clipped: an
 * additive error may give a DV below 0, as NONMEM's simulation does; a lower limit of
 * quantification flags them instead.
 *
 * @param form which of the four
 * @param additiveSd a, in the output's unit (0 for the proportional and exponential forms)
 * @param relativeSd b, dimensionless: the proportional SD, or the SD on the log scale for the
 *     exponential form (0 for the additive form)
 * @param source where the SDs come from
 */
public record ResidualError(Form form, double additiveSd, double relativeSd, String source) {
  /** The error model's shape. */
  public enum Form {
    ADDITIVE,
    PROPORTIONAL,
    COMBINED,
    EXPONENTIAL
  }

  /** The observed value for an exact prediction and a standard normal deviate. */
  public double observe(double ipred, double eps) {
    switch (form) {
      case ADDITIVE:
        return ipred + additiveSd * eps;
      case PROPORTIONAL:
        return ipred * (1 + relativeSd * eps);
      case COMBINED:
        return ipred + sd(ipred) * eps;
      default:
        return ipred * Math.exp(relativeSd * eps);
    }
  }

  /**
   * The SD of the observed value around {@code ipred} for the additive, proportional and combined
   * forms, in the output's unit (the exponential form's is not normal: its log is).
   */
  public double sd(double ipred) {
    return Math.sqrt(additiveSd * additiveSd + relativeSd * relativeSd * ipred * ipred);
  }
}
