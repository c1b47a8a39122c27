package io.vpop.solve;

/**
 * exp(M t) of a small dense matrix by scaling and squaring with a truncated Taylor series (Moler
 * and Van Loan, "Nineteen dubious ways to compute the exponential of a matrix, twenty-five years
 * later", SIAM Review 45(1), 2003, method 3): scale so that ||M t / 2^s||_1 &lt;= {@value #THETA},
 * sum the Taylor series to degree {@value #DEGREE} by Horner's rule (truncation error below
 * theta^(q+1)/(q+1)! = 2.3e-17 relative), then square s times.
 *
 * <p>It needs no eigenvalues, so coinciding or nearly coinciding rate constants (a defective
 * matrix) and a zero rate (no elimination) are no special case. One instance per thread: it owns
 * its work arrays and allocates nothing per call.
 */
final class MatrixExponential {
  /** Largest 1-norm of the scaled matrix. */
  static final double THETA = 0.5;

  /** Degree of the Taylor polynomial. */
  static final int DEGREE = 14;

  private final int n;
  private final double[] scaled;
  private final double[] work;

  /**
   * @param n the matrix dimension
   */
  MatrixExponential(int n) {
    this.n = n;
    this.scaled = new double[n * n];
    this.work = new double[n * n];
  }

  /**
   * Computes {@code out = exp(matrix * t)}.
   *
   * @param matrix row-major n x n
   * @param t the time (or any scale), finite and &gt;= 0
   * @param out receives the row-major n x n result; must not be {@code matrix}
   */
  void compute(double[] matrix, double t, double[] out) {
    int size = n * n;
    double norm = 0;
    for (int j = 0; j < n; j++) {
      double column = 0;
      for (int i = 0; i < n; i++) {
        column += Math.abs(matrix[i * n + j]);
      }
      norm = Math.max(norm, column);
    }
    norm *= t;
    if (!(norm < Double.POSITIVE_INFINITY)) {
      // An infinite or NaN rate (a volume that underflowed): the solve fails as non-finite.
      java.util.Arrays.fill(out, 0, size, Double.NaN);
      return;
    }
    int squarings = 0;
    while (norm > THETA) {
      norm *= 0.5;
      squarings++;
    }
    double scale = Math.scalb(t, -squarings);
    for (int i = 0; i < size; i++) {
      scaled[i] = matrix[i] * scale;
    }
    // Horner: P = I + A/q, then P = I + A P / k for k = q-1 .. 1, giving sum_{k=0..q} A^k / k!.
    for (int i = 0; i < size; i++) {
      out[i] = scaled[i] / DEGREE;
    }
    addIdentity(out);
    for (int k = DEGREE - 1; k >= 1; k--) {
      multiply(scaled, out, work);
      double inverse = 1.0 / k;
      for (int i = 0; i < size; i++) {
        out[i] = work[i] * inverse;
      }
      addIdentity(out);
    }
    for (int s = 0; s < squarings; s++) {
      multiply(out, out, work);
      System.arraycopy(work, 0, out, 0, size);
    }
  }

  private void addIdentity(double[] a) {
    for (int i = 0; i < n; i++) {
      a[i * n + i] += 1.0;
    }
  }

  /** c = a b, all row-major n x n; c must be distinct from a and b. */
  private void multiply(double[] a, double[] b, double[] c) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
          sum += a[i * n + k] * b[k * n + j];
        }
        c[i * n + j] = sum;
      }
    }
  }
}
