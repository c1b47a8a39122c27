package io.vpop.population;

/**
 * The LMS description of a skewed distribution at one age (Cole and Green, Stat Med 1992;11:1305):
 * the value at standard normal deviate z is M (1 + L S z)^(1/L), or M exp(S z) when L = 0.
 *
 * <p>Beyond |z| = 3 the curve is continued linearly with the slope between z = 2 and z = 3 on that
 * side, as the WHO growth standards do (WHO Child Growth Standards, 2006, ch. 7): where L &lt; 0
 * the LMS formula bends sharply and is undefined once 1 + L S z &lt;= 0. {@link #zScore} inverts
 * {@link #value} exactly, extension included.
 *
 * @param l the Box-Cox power L
 * @param m the median M, in the unit of the measure
 * @param s the coefficient of variation S
 */
public record Lms(double l, double m, double s) {
  /** Where the WHO linear extension starts. */
  static final double Z_LIMIT = 3;

  private static final double L_ZERO = 1e-12;

  /** The value at standard normal deviate z. */
  public double value(double z) {
    if (z > Z_LIMIT) {
      double top = raw(Z_LIMIT);
      return top + (z - Z_LIMIT) * (top - raw(Z_LIMIT - 1));
    }
    if (z < -Z_LIMIT) {
      double bottom = raw(-Z_LIMIT);
      return bottom + (z + Z_LIMIT) * (raw(-Z_LIMIT + 1) - bottom);
    }
    return raw(z);
  }

  /** The z-score of a value (the inverse of {@link #value}). */
  public double zScore(double x) {
    double top = raw(Z_LIMIT);
    if (x > top) {
      return Z_LIMIT + (x - top) / (top - raw(Z_LIMIT - 1));
    }
    double bottom = raw(-Z_LIMIT);
    if (x < bottom) {
      return -Z_LIMIT + (x - bottom) / (raw(-Z_LIMIT + 1) - bottom);
    }
    return Math.abs(l) < L_ZERO ? Math.log(x / m) / s : (Math.pow(x / m, l) - 1) / (l * s);
  }

  private double raw(double z) {
    return Math.abs(l) < L_ZERO ? m * Math.exp(s * z) : m * Math.pow(1 + l * s * z, 1 / l);
  }
}
