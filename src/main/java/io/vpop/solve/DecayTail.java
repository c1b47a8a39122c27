package io.vpop.solve;

/**
 * The area under each output after the horizon, when dosing stops there and the linear system
 * decays freely: integral from T to infinity of W e^(K s) A(T) ds = W (-K)^-1 A(T). Solved by
 * Gaussian elimination with partial pivoting on -K. When -K is singular (a compartment with no path
 * out of the body) the area is infinite. One instance per solver; allocates nothing per call.
 */
final class DecayTail {
  /** A pivot smaller than this, relative to the largest entry of -K, counts as zero. */
  private static final double SINGULAR = 1e-13;

  private final int n;
  private final double[] matrix;
  private final double[] solution;

  DecayTail(int n) {
    this.n = n;
    this.matrix = new double[n * n];
    this.solution = new double[n];
  }

  /**
   * @param rates K, row-major n x n
   * @param amounts A(T), at least n values
   * @param weights W, row-major outputs x n
   * @param tails receives the area after T of each output
   */
  void compute(double[] rates, double[] amounts, double[] weights, double[] tails) {
    double largest = 0;
    for (int i = 0; i < n * n; i++) {
      matrix[i] = -rates[i];
      largest = Math.max(largest, Math.abs(matrix[i]));
    }
    System.arraycopy(amounts, 0, solution, 0, n);
    boolean singular = !(largest > 0);
    for (int column = 0; column < n && !singular; column++) {
      int pivot = column;
      for (int row = column + 1; row < n; row++) {
        if (Math.abs(matrix[row * n + column]) > Math.abs(matrix[pivot * n + column])) {
          pivot = row;
        }
      }
      if (!(Math.abs(matrix[pivot * n + column]) > SINGULAR * largest)) {
        singular = true;
        break;
      }
      if (pivot != column) {
        for (int j = 0; j < n; j++) {
          double swap = matrix[column * n + j];
          matrix[column * n + j] = matrix[pivot * n + j];
          matrix[pivot * n + j] = swap;
        }
        double swap = solution[column];
        solution[column] = solution[pivot];
        solution[pivot] = swap;
      }
      for (int row = column + 1; row < n; row++) {
        double factor = matrix[row * n + column] / matrix[column * n + column];
        if (factor != 0) {
          for (int j = column; j < n; j++) {
            matrix[row * n + j] -= factor * matrix[column * n + j];
          }
          solution[row] -= factor * solution[column];
        }
      }
    }
    int outputs = tails.length;
    if (singular) {
      java.util.Arrays.fill(tails, Double.POSITIVE_INFINITY);
      return;
    }
    for (int row = n - 1; row >= 0; row--) {
      double sum = solution[row];
      for (int j = row + 1; j < n; j++) {
        sum -= matrix[row * n + j] * solution[j];
      }
      solution[row] = sum / matrix[row * n + row];
    }
    for (int k = 0; k < outputs; k++) {
      double tail = 0;
      for (int i = 0; i < n; i++) {
        tail += weights[k * n + i] * solution[i];
      }
      tails[k] = tail;
    }
  }
}
