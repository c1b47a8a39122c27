package io.vpop.model;

import java.util.List;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;

/**
 * Between-subject variability: individual parameter = typical x exp(eta) (a bioavailability's logit
 * shifted by eta instead, {@link Model#individualParameters}), eta multivariate normal with mean 0
 * and covariance Omega on the log scale, built from the standard deviations {@code omega} and the
 * correlations. The shipped sets are diagonal (no correlations were published); a user's file may
 * add them.
 *
 * @param name e.g. {@code adult} or {@code pediatric}
 * @param entries one per parameter that varies, in the order of the covariance matrix
 * @param correlations pairs of those parameters and their correlation; pairs not listed are
 *     uncorrelated
 */
public record Omega(String name, List<Entry> entries, List<Correlation> correlations) {
  public Omega {
    entries = List.copyOf(entries);
    correlations = List.copyOf(correlations);
  }

  /**
   * @param parameter the parameter that varies
   * @param omega standard deviation of eta (log scale), &gt;= 0
   * @param source where the value comes from
   */
  public record Entry(String parameter, double omega, String source) {}

  /**
   * @param first a parameter of the set
   * @param second another parameter of the set
   * @param correlation their correlation, in (-1, 1)
   * @param source where the value comes from
   */
  public record Correlation(String first, String second, double correlation, String source) {}

  /** The covariance matrix of eta, in the order of {@link #entries()}. */
  public double[][] covariance() {
    int n = entries.size();
    double[][] covariance = new double[n][n];
    for (int i = 0; i < n; i++) {
      covariance[i][i] = entries.get(i).omega() * entries.get(i).omega();
    }
    List<String> names = entries.stream().map(Entry::parameter).toList();
    for (Correlation c : correlations) {
      int i = names.indexOf(c.first());
      int j = names.indexOf(c.second());
      double value = c.correlation() * entries.get(i).omega() * entries.get(j).omega();
      covariance[i][j] = value;
      covariance[j][i] = value;
    }
    return covariance;
  }

  /**
   * The lower-triangular Cholesky factor L of the covariance (L L^T = Omega), row-major, so eta = L
   * z for standard normal z. Parameters with omega 0 give zero rows.
   *
   * @throws IllegalStateException if the covariance is not positive semi-definite
   */
  public double[][] choleskyFactor() {
    int n = entries.size();
    int[] varying =
        java.util.stream.IntStream.range(0, n).filter(i -> entries.get(i).omega() > 0).toArray();
    double[][] full = covariance();
    double[][] reduced = new double[varying.length][varying.length];
    for (int i = 0; i < varying.length; i++) {
      for (int j = 0; j < varying.length; j++) {
        reduced[i][j] = full[varying[i]][varying[j]];
      }
    }
    double[][] factor = new double[n][n];
    if (varying.length == 0) {
      return factor;
    }
    double[][] lower;
    try {
      lower =
          new CholeskyDecomposition(new Array2DRowRealMatrix(reduced), 1e-12, 1e-14)
              .getL()
              .getData();
    } catch (MathIllegalArgumentException e) {
      throw new IllegalStateException("Omega " + name + " is not positive definite", e);
    }
    for (int i = 0; i < varying.length; i++) {
      for (int j = 0; j <= i; j++) {
        factor[varying[i]][varying[j]] = lower[i][j];
      }
    }
    return factor;
  }

  /** Whether the covariance is positive definite on the parameters with omega &gt; 0. */
  public boolean positiveDefinite() {
    try {
      choleskyFactor();
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }
}
