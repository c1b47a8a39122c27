package io.vpop.solve;

/**
 * The amounts at 0 h of a patient at the periodic steady state of a regimen's steady-state lines
 * ({@link Schedule#steadyStateInterval}): for a line of interval tau, the amounts its
 * administrations at -tau, -2 tau, ... leave at 0 h, just before its administration at 0 h. With x1
 * the amounts one administration leaves one interval later (starting from none) and Phi = exp(K
 * tau), the administration at -j tau leaves Phi^(j-1) x1, so the sum is the geometric series (I -
 * Phi)^-1 x1: one linear solve, exact for the linear system, where simulating many doses only
 * approaches it. Lines add (superposition), each with its own interval.
 *
 * <p>x1 and Phi come from exp(R t) of the solvers' reduced matrix R = [K b; 0 0], b the dosing
 * compartment's unit vector: its first n rows and columns are exp(K t), its last column the amounts
 * of a unit-rate infusion over t. A bolus into compartment c leaves x1 = exp(K tau) e_c D; an
 * infusion at rate r over d leaves x(d) = r [exp(R d)]_b, then x1 = exp(K (tau - d)) x(d), and Phi
 * is the corner of exp(R (tau - d)) exp(R d). A line with lag time L gives its dose at L into each
 * interval, so x1 is what one administration leaves tau - L later (free decay over tau - L - d
 * after its infusion), and Phi gains the factor exp(R L). One instance per solver; allocates
 * nothing per call.
 */
final class SteadyState {
  private final int n;
  private final int width;
  private final MatrixExponential exponential;
  private final double[] generator;
  private final double[] first;
  private final double[] second;
  private final double[] product;
  private final double[] shifted;
  private final double[] oneInterval;
  private final double[] atEnd;
  private final DecayTail factors;

  /**
   * @param n the number of compartments
   */
  SteadyState(int n) {
    this.n = n;
    this.width = n + 1;
    this.exponential = new MatrixExponential(width);
    this.generator = new double[width * width];
    this.first = new double[width * width];
    this.second = new double[width * width];
    this.product = new double[width * width];
    this.shifted = new double[n * n];
    this.oneInterval = new double[n];
    this.atEnd = new double[n];
    this.factors = new DecayTail(n);
  }

  /**
   * Adds the steady-state amounts at 0 h of every steady-state line to {@code amounts}; makes them
   * NaN when I - Phi is singular for a line (an amount that never leaves the body has no steady
   * state), so the solve fails as non-finite.
   *
   * @param rates K, row-major n x n
   * @param dosing the compartment infusions go into
   * @param doseCompartments the compartment of each line's boluses
   * @param doseMg the amount per administration of each line that arrives (F times the dose), in mg
   * @param amounts at least n values, in mg
   */
  void add(
      Schedule schedule,
      double[] rates,
      int dosing,
      int[] doseCompartments,
      double[] doseMg,
      double[] amounts) {
    java.util.Arrays.fill(generator, 0.0);
    for (int i = 0; i < n; i++) {
      System.arraycopy(rates, i * n, generator, i * width, n);
    }
    generator[dosing * width + n] = 1.0;
    for (int line = 0; line < schedule.lines(); line++) {
      double interval = schedule.steadyStateInterval(line);
      if (interval == 0) {
        continue;
      }
      double duration = schedule.duration(line);
      double lag = schedule.lag(line);
      // Phi = exp(K tau): the first n rows and columns of the last exponential or product.
      double[] phi = first;
      if (duration == 0) {
        // A bolus (the only line without a duration).
        exponential.compute(generator, interval - lag, first);
        int compartment = doseCompartments[line];
        for (int i = 0; i < n; i++) {
          oneInterval[i] = first[i * width + compartment] * doseMg[line];
        }
      } else {
        double rate = doseMg[line] / duration;
        exponential.compute(generator, duration, first);
        for (int i = 0; i < n; i++) {
          atEnd[i] = first[i * width + n] * rate;
        }
        if (interval - lag > duration) {
          exponential.compute(generator, interval - lag - duration, second);
          for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
              sum += second[i * width + j] * atEnd[j];
            }
            oneInterval[i] = sum;
          }
          exponential.multiply(second, first, product);
          phi = product;
        } else {
          // An infusion that lasts the whole interval: a constant rate.
          System.arraycopy(atEnd, 0, oneInterval, 0, n);
        }
      }
      if (lag > 0) {
        exponential.compute(generator, lag, second);
        double[] lagged = phi == product ? first : product;
        exponential.multiply(phi, second, lagged);
        phi = lagged;
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          shifted[i * n + j] = phi[i * width + j] - (i == j ? 1.0 : 0.0);
        }
      }
      // factor takes the negation of its matrix: Phi - I gives the factors of I - Phi.
      if (!(factors.factor(shifted) > 0)) {
        java.util.Arrays.fill(amounts, 0, n, Double.NaN);
        return;
      }
      factors.solve(oneInterval, oneInterval);
      for (int i = 0; i < n; i++) {
        amounts[i] += oneInterval[i];
      }
    }
  }
}
