package io.vpop.population;

/**
 * The LMS description of a skewed distribution at one age (Cole and Green, Stat Med 1992;11:1305):
 * the value at standard normal deviate z is M (1 + L S z)^(1/L), or M exp(S z) when L = 0.
 *
 * <p>Beyond |z| = {@code zLimit} the curve is continued linearly with the slope over the last unit
 * of z on that side. With the limit 3 this is what the WHO growth standards do (WHO Child Growth
 * Standards, 2006, ch. 7): where L &lt; 0 the LMS formula bends sharply and is undefined once 1 + L
 * S z &lt;= 0. A curve fitted to tabulated percentiles is continued beyond the last one it was
 * fitted to instead (the NHANES fits: z = 1.645), so no tail comes from extrapolating the fit.
 * {@link #zScore} inverts {@link #value} exactly, extension included.
 *
 * @param l the Box-Cox power L
 * @param m the median M, in the unit of the measure
 * @param s the coefficient of variation S
 * @param zLimit where the linear continuation starts, &gt;= 1
 */
public record Lms(double l, double m, double s, double zLimit) {
  /** Where the WHO linear extension starts. */
  static final double WHO_Z_LIMIT = 3;

  private static final double L_ZERO = 1e-12;

  /** A growth-reference curve, continued linearly beyond |z| = 3 as the WHO standards do. */
  public Lms(double l, double m, double s) {
    this(l, m, s, WHO_Z_LIMIT);
  }

  /** The value at standard normal deviate z. */
  public double value(double z) {
    if (z > zLimit) {
      double top = raw(zLimit);
      return top + (z - zLimit) * (top - raw(zLimit - 1));
    }
    if (z < -zLimit) {
      double bottom = raw(-zLimit);
      return bottom + (z + zLimit) * (raw(-zLimit + 1) - bottom);
    }
    return raw(z);
  }

  /** The z-score of a value (the inverse of {@link #value}). */
  public double zScore(double x) {
    double top = raw(zLimit);
    if (x > top) {
      return zLimit + (x - top) / (top - raw(zLimit - 1));
    }
    double bottom = raw(-zLimit);
    if (x < bottom) {
      return -zLimit + (x - bottom) / (raw(-zLimit + 1) - bottom);
    }
    return Math.abs(l) < L_ZERO ? Math.log(x / m) / s : (Math.pow(x / m, l) - 1) / (l * s);
  }

  private double raw(double z) {
    return Math.abs(l) < L_ZERO ? m * Math.exp(s * z) : m * Math.pow(1 + l * s * z, 1 / l);
  }
}
