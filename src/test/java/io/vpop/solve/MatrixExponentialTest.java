package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class MatrixExponentialTest {
  @Test
  void aJordanBlockGivesTheSecularTerm() {
    // exp([[a, 1], [0, a]] t) = e^(a t) [[1, t], [0, 1]]: the defective case of coinciding rates.
    double a = -0.37;
    double t = 11.5;
    double[] out = new double[4];
    new MatrixExponential(2).compute(new double[] {a, 1, 0, a}, t, out);
    double decay = Math.exp(a * t);
    assertEquals(decay, out[0], 1e-14 * decay);
    assertEquals(t * decay, out[1], 1e-14 * t * decay);
    assertEquals(0, out[2], 0);
    assertEquals(decay, out[3], 1e-14 * decay);
  }

  @Test
  void matchesAnEigenDecompositionOnRandomCompartmentMatrices() {
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(42L);
    int n = 4;
    for (int trial = 0; trial < 200; trial++) {
      // A mammillary-like matrix V^-1 Q with symmetric flows: real, distinct (almost surely)
      // eigenvalues.
      double[] volume = new double[n];
      for (int i = 0; i < n; i++) {
        volume[i] = 1 + 100 * rng.nextDouble();
      }
      double[][] k = new double[n][n];
      for (int j = 1; j < n; j++) {
        double q = 20 * rng.nextDouble();
        k[0][0] -= q / volume[0];
        k[j][0] += q / volume[0];
        k[j][j] -= q / volume[j];
        k[0][j] += q / volume[j];
      }
      k[0][0] -= 30 * rng.nextDouble() / volume[0];
      double t = 200 * rng.nextDouble();
      RealMatrix expected = exponential(new Array2DRowRealMatrix(k), t);
      double[] flat = new double[n * n];
      for (int i = 0; i < n; i++) {
        System.arraycopy(k[i], 0, flat, i * n, n);
      }
      double[] out = new double[n * n];
      new MatrixExponential(n).compute(flat, t, out);
      double scale = expected.getNorm();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          assertEquals(expected.getEntry(i, j), out[i * n + j], 1e-12 * scale, "trial " + trial);
        }
      }
    }
  }

  @Test
  void theBlockedProductEqualsThePlainTripleLoopToTheBit() {
    // Blocks of three rows by two columns and the rows and columns left over: every size from 1 to
    // 9 takes each path; every entry must sum its products in the same order as the plain loop.
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(7L);
    for (int n = 1; n <= 9; n++) {
      double[] a = new double[n * n];
      double[] b = new double[n * n];
      for (int i = 0; i < n * n; i++) {
        a[i] = rng.nextDouble() - 0.5;
        b[i] = (rng.nextDouble() - 0.5) * 1e3;
      }
      double[] product = new double[n * n];
      new MatrixExponential(n).multiply(a, b, product);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double sum = 0;
          for (int k = 0; k < n; k++) {
            sum += a[i * n + k] * b[k * n + j];
          }
          assertEquals(sum, product[i * n + j], 0, "n " + n + ", entry " + i + ", " + j);
        }
      }
    }
  }

  private static RealMatrix exponential(RealMatrix k, double t) {
    EigenDecomposition eigen = new EigenDecomposition(k);
    RealMatrix d = eigen.getD().copy();
    for (int i = 0; i < d.getRowDimension(); i++) {
      d.setEntry(i, i, Math.exp(d.getEntry(i, i) * t));
    }
    RealMatrix inverse = new LUDecomposition(eigen.getV()).getSolver().getInverse();
    return eigen.getV().multiply(d).multiply(inverse);
  }
}
