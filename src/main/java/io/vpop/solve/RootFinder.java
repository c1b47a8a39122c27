package io.vpop.solve;

/**
 * Roots on a bracketing interval, for locating the peaks of outputs (where their slope turns from +
 * to -). Stateless; the functions are evaluated in place by the solvers, so nothing is allocated
 * per call.
 */
final class RootFinder {
  /** A function of one variable. */
  interface Function {
    double value(double x);
  }

  /** A function of one variable whose derivative at the last point evaluated is known. */
  interface DifferentiableFunction extends Function {
    /** The derivative at the point of the last {@link #value} call. */
    double derivative();
  }

  private static final int MAX_ITERATIONS = 100;

  private RootFinder() {}

  /**
   * Newton's method safeguarded by bisection (as "rtsafe" in Numerical Recipes, 3rd ed., section
   * 9.4) for a function that is &gt; 0 at {@code low} and &lt; 0 at {@code high}: a Newton step
   * that leaves the bracket, or goes the wrong way, is replaced by a bisection, so it converges
   * quadratically near the root and never diverges.
   *
   * @param start the first guess, inside the bracket
   * @param tolerance absolute tolerance on x
   */
  static double newton(
      DifferentiableFunction f, double low, double high, double start, double tolerance) {
    double x = start;
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double value = f.value(x);
      if (value > 0) {
        low = x;
      } else if (value < 0) {
        high = x;
      } else {
        return x;
      }
      double derivative = f.derivative();
      double next = derivative < 0 ? x - value / derivative : Double.NaN;
      if (!(next > low && next < high)) {
        next = 0.5 * (low + high);
      }
      if (Math.abs(next - x) <= tolerance || high - low <= tolerance) {
        return next;
      }
      x = next;
    }
    return x;
  }

  /**
   * Brent's method (R. P. Brent, Algorithms for Minimization without Derivatives, 1973, ch. 4):
   * inverse quadratic interpolation or secant steps, falling back to bisection, so it converges
   * superlinearly and never leaves the bracket. A root of {@code f} in [a, b], where f(a) and f(b)
   * have opposite signs (or one is 0).
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
