package io.vpop.solve;

/**
 * Brent's method for a root of a continuous function on a bracketing interval (R. P. Brent,
 * Algorithms for Minimization without Derivatives, 1973, ch. 4): inverse quadratic interpolation or
 * secant steps, falling back to bisection, so it converges superlinearly and never leaves the
 * bracket. Stateless.
 */
final class RootFinder {
  /** A function of one variable evaluated in place by a solver (no allocation per call). */
  interface Function {
    double value(double x);
  }

  private static final int MAX_ITERATIONS = 100;

  private RootFinder() {}

  /**
   * A root of {@code f} in [a, b], where f(a) and f(b) have opposite signs (or one is 0).
   *
   * @param fa f(a), already known
   * @param fb f(b), already known
   * @param tolerance absolute tolerance on x
   */
  static double brent(Function f, double a, double b, double fa, double fb, double tolerance) {
    double c = a;
    double fc = fa;
    double d = b - a;
    double e = d;
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
        c = a;
        fc = fa;
        d = b - a;
        e = d;
      }
      if (Math.abs(fc) < Math.abs(fb)) {
        a = b;
        b = c;
        c = a;
        fa = fb;
        fb = fc;
        fc = fa;
      }
      double tol = 2 * Math.ulp(b) + 0.5 * tolerance;
      double m = 0.5 * (c - b);
      if (Math.abs(m) <= tol || fb == 0) {
        return b;
      }
      if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
        double s = fb / fa;
        double p;
        double q;
        if (a == c) {
          p = 2 * m * s;
          q = 1 - s;
        } else {
          double r = fb / fc;
          double t = fa / fc;
          p = s * (2 * m * t * (t - r) - (b - a) * (r - 1));
          q = (t - 1) * (r - 1) * (s - 1);
        }
        if (p > 0) {
          q = -q;
        } else {
          p = -p;
        }
        if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
          e = d;
          d = p / q;
        } else {
          d = m;
          e = m;
        }
      } else {
        d = m;
        e = m;
      }
      a = b;
      fa = fb;
      b += Math.abs(d) > tol ? d : (m > 0 ? tol : -tol);
      fb = f.value(b);
    }
    return b;
  }
}
