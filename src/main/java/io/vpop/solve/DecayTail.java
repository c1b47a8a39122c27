package io.vpop.solve;

/**
 * The linear algebra of -K, the negated rate matrix: its LU factors (Gaussian elimination with
 * partial pivoting, rows swapped whole), solves with them, and the area under each output after the
 * horizon, when dosing stops there and the linear system decays freely: integral from T to infinity
 * of W e^(K s) A(T) ds = W (-K)^-1 A(T). When -K is singular (a compartment with no path out of the
 * body) the area is infinite. One instance per solver; allocates nothing per call.
 */
final class DecayTail {
  /** A pivot smaller than this, relative to the largest entry of -K, counts as zero. */
  private static final double SINGULAR = 1e-13;

  private final int n;
  private final double[] factors;
  private final int[] pivots;
  private final double[] solution;
  private boolean singular;

  DecayTail(int n) {
    this.n = n;
    this.factors = new double[n * n];
    this.pivots = new int[n];
    this.solution = new double[n];
  }

  /**
   * Factors -K: U in the upper triangle, L's multipliers below it, the row swaps in {@link
   * #pivots}.
   *
   * @param rates K, row-major n x n
   * @return the smallest pivot relative to the largest entry of -K, or 0 when -K counts as singular
   */
  double factor(double[] rates) {
    double largest = 0;
    for (int i = 0; i < n * n; i++) {
      factors[i] = -rates[i];
      largest = Math.max(largest, Math.abs(factors[i]));
    }
    singular = !(largest > 0);
    double smallest = Double.POSITIVE_INFINITY;
    for (int column = 0; column < n && !singular; column++) {
      int pivot = column;
      for (int row = column + 1; row < n; row++) {
        if (Math.abs(factors[row * n + column]) > Math.abs(factors[pivot * n + column])) {
          pivot = row;
        }
      }
      double magnitude = Math.abs(factors[pivot * n + column]);
      if (!(magnitude > SINGULAR * largest)) {
        singular = true;
        break;
      }
      smallest = Math.min(smallest, magnitude);
      pivots[column] = pivot;
      if (pivot != column) {
        for (int j = 0; j < n; j++) {
          double swap = factors[column * n + j];
          factors[column * n + j] = factors[pivot * n + j];
          factors[pivot * n + j] = swap;
        }
      }
      for (int row = column + 1; row < n; row++) {
        double multiplier = factors[row * n + column] / factors[column * n + column];
        factors[row * n + column] = multiplier;
        if (multiplier != 0) {
          for (int j = column + 1; j < n; j++) {
            factors[row * n + j] -= multiplier * factors[column * n + j];
          }
        }
      }
    }
    return singular ? 0 : smallest / largest;
  }

  /**
   * out = (-K)^-1 v, with the factors of the last {@link #factor}, which found -K regular.
   *
   * @param v n values; may be {@code out}
   */
  void solve(double[] v, double[] out) {
    System.arraycopy(v, 0, solution, 0, n);
    for (int column = 0; column < n; column++) {
      int pivot = pivots[column];
      if (pivot != column) {
        double swap = solution[column];
        solution[column] = solution[pivot];
        solution[pivot] = swap;
      }
      for (int row = column + 1; row < n; row++) {
        double multiplier = factors[row * n + column];
        if (multiplier != 0) {
          solution[row] -= multiplier * solution[column];
        }
      }
    }
    for (int row = n - 1; row >= 0; row--) {
      double sum = solution[row];
      for (int j = row + 1; j < n; j++) {
        sum -= factors[row * n + j] * solution[j];
      }
      solution[row] = sum / factors[row * n + row];
    }
    System.arraycopy(solution, 0, out, 0, n);
  }

  /**
   * The area after T of each output, W (-K)^-1 A(T), with the factors of the last {@link #factor};
   * infinite when it found -K singular.
   *
   * @param amounts A(T), at least n values
   * @param weights W, row-major outputs x n
   * @param tails receives the area after T of each output
   */
  void areas(double[] amounts, double[] weights, double[] tails) {
    if (singular) {
      java.util.Arrays.fill(tails, Double.POSITIVE_INFINITY);
      return;
    }
    solve(amounts, solution);
    for (int k = 0; k < tails.length; k++) {
      double tail = 0;
      for (int i = 0; i < n; i++) {
        tail += weights[k * n + i] * solution[i];
      }
      tails[k] = tail;
    }
  }

  /** {@link #factor} and {@link #areas} in one call. */
  void compute(double[] rates, double[] amounts, double[] weights, double[] tails) {
    factor(rates);
    areas(amounts, weights, tails);
  }
}
