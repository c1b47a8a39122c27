package io.vpop.solve;

/**
 * exp(M t) of a small dense matrix by scaling and squaring with a truncated Taylor series (Moler
 * and Van Loan, "Nineteen dubious ways to compute the exponential of a matrix, twenty-five years
 * later", SIAM Review 45(1), 2003, method 3): scale so that ||M t / 2^s||_1 &lt;= {@value #THETA},
 * sum the Taylor series to degree {@value #DEGREE} (truncation error below theta^(q+1)/(q+1)! =
 * 2.1e-17 relative), then square s times. The polynomial is evaluated by Paterson and Stockmeyer's
 * scheme ("On the number of nonscalar multiplications necessary to evaluate polynomials", SIAM J.
 * Comput. 2(1), 1973): the powers A^2, A^3, A^4, then Horner's rule in A^4 over blocks of {@value
 * #BLOCK} terms, 6 matrix products where Horner's rule in A takes 15.
 *
 * <p>It needs no eigenvalues, so coinciding or nearly coinciding rate constants (a defective
 * matrix) and a zero rate (no elimination) are no special case. One instance per thread: it owns
 * its work arrays and allocates nothing per call.
 */
final class MatrixExponential {
  /** Largest 1-norm of the scaled matrix. */
  static final double THETA = 0.75;

  /** Degree of the Taylor polynomial. */
  static final int DEGREE = 16;

  /** Terms per block of the Paterson-Stockmeyer scheme: I, A, A^2, A^3. */
  static final int BLOCK = 4;

  /** 1/k! for k = 0..DEGREE, each the previous divided by k. */
  private static final double[] INVERSE_FACTORIALS = new double[DEGREE + 1];

  static {
    if (DEGREE % BLOCK != 0) {
      // The evaluation below takes whole blocks: another degree would drop terms.
      throw new AssertionError("DEGREE must be a multiple of BLOCK");
    }
    INVERSE_FACTORIALS[0] = 1.0;
    for (int k = 1; k <= DEGREE; k++) {
      INVERSE_FACTORIALS[k] = INVERSE_FACTORIALS[k - 1] / k;
    }
  }

  private final int n;
  private final double[] scaled;
  private final double[] square;
  private final double[] cube;
  private final double[] fourth;
  private final double[] work;

  /**
   * @param n the matrix dimension
   */
  MatrixExponential(int n) {
    this.n = n;
    this.scaled = new double[n * n];
    this.square = new double[n * n];
    this.cube = new double[n * n];
    this.fourth = new double[n * n];
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
    multiply(scaled, scaled, square);
    multiply(square, scaled, cube);
    multiply(square, square, fourth);
    // P = A^4 / 16! + B3, then P = A^4 P + Bj for j = 2, 1, 0, where Bj is the block of the
    // terms of degree 4j to 4j + 3.
    for (int i = 0; i < size; i++) {
      out[i] = INVERSE_FACTORIALS[DEGREE] * fourth[i];
    }
    addBlock(DEGREE / BLOCK - 1, out);
    for (int block = DEGREE / BLOCK - 2; block >= 0; block--) {
      multiply(fourth, out, work);
      System.arraycopy(work, 0, out, 0, size);
      addBlock(block, out);
    }
    for (int s = 0; s < squarings; s++) {
      multiply(out, out, work);
      System.arraycopy(work, 0, out, 0, size);
    }
  }

  /** out += the Taylor terms of degree 4 block to 4 block + 3: c0 I + c1 A + c2 A^2 + c3 A^3. */
  private void addBlock(int block, double[] out) {
    int first = BLOCK * block;
    for (int i = 0; i < n * n; i++) {
      out[i] +=
          INVERSE_FACTORIALS[first + 1] * scaled[i]
              + INVERSE_FACTORIALS[first + 2] * square[i]
              + INVERSE_FACTORIALS[first + 3] * cube[i];
    }
    for (int i = 0; i < n; i++) {
      out[i * n + i] += INVERSE_FACTORIALS[first];
    }
  }

  /**
   * c = a b, all row-major n x n; c must be distinct from a and b. Entries are summed in blocks of
   * three rows by two columns, six sums side by side in registers, so that their additions overlap
   * instead of waiting for each other and each entry of a and b is loaded once per block; each
   * entry still sums its products in the order k = 0..n-1, as a plain triple loop does, to the same
   * bits.
   */
  void multiply(double[] a, double[] b, double[] c) {
    int i = 0;
    for (; i + 3 <= n; i += 3) {
      int row0 = i * n;
      int row1 = row0 + n;
      int row2 = row1 + n;
      int j = 0;
      for (; j + 2 <= n; j += 2) {
        double sum00 = 0;
        double sum01 = 0;
        double sum10 = 0;
        double sum11 = 0;
        double sum20 = 0;
        double sum21 = 0;
        int at = j;
        for (int k = 0; k < n; k++) {
          double b0 = b[at];
          double b1 = b[at + 1];
          double a0 = a[row0 + k];
          double a1 = a[row1 + k];
          double a2 = a[row2 + k];
          sum00 += a0 * b0;
          sum01 += a0 * b1;
          sum10 += a1 * b0;
          sum11 += a1 * b1;
          sum20 += a2 * b0;
          sum21 += a2 * b1;
          at += n;
        }
        c[row0 + j] = sum00;
        c[row0 + j + 1] = sum01;
        c[row1 + j] = sum10;
        c[row1 + j + 1] = sum11;
        c[row2 + j] = sum20;
        c[row2 + j + 1] = sum21;
      }
      for (; j < n; j++) {
        double sum0 = 0;
        double sum1 = 0;
        double sum2 = 0;
        for (int k = 0; k < n; k++) {
          double bk = b[k * n + j];
          sum0 += a[row0 + k] * bk;
          sum1 += a[row1 + k] * bk;
          sum2 += a[row2 + k] * bk;
        }
        c[row0 + j] = sum0;
        c[row1 + j] = sum1;
        c[row2 + j] = sum2;
      }
    }
    for (; i < n; i++) {
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
