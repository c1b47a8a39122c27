package io.vpop.solve;

import io.vpop.batch.BatchResult;
import io.vpop.batch.Metric;
import io.vpop.batch.Status;

/**
 * What a solver writes for one patient: the outputs on the time grid and the metrics, plus a
 * status. Reused from patient to patient, so solving allocates nothing.
 *
 * <p>Layout: grid value (output, g) at {@code concentrations[base + (output * gridSize + g) *
 * stride]}: the result's own array (base 0, stride 1), or, after {@link #writeInto}, straight into
 * a slot of a batch's profiles (the layout the CUDA kernels write, and no copy afterwards); {@code
 * metrics[output * Metric.COUNT + metric.ordinal()]}.
 */
public final class PatientResult {
  private final int outputs;
  private final int gridSize;
  private final double[] own;
  double[] concentrations;
  private int base;
  private int stride = 1;
  private boolean profile = true;
  final double[] metrics;
  Status status = Status.OK;

  public PatientResult(int outputs, int gridSize) {
    this.outputs = outputs;
    this.gridSize = gridSize;
    this.own = new double[outputs * gridSize];
    this.concentrations = own;
    this.metrics = new double[outputs * Metric.COUNT];
  }

  /**
   * A result that keeps no grid values, for runs that need only the metrics: a solver may then skip
   * the output times that change none of them ({@link ExactSolver}).
   */
  public static PatientResult metricsOnly(int outputs, int gridSize) {
    PatientResult result = new PatientResult(outputs, gridSize);
    result.profile = false;
    return result;
  }

  /**
   * Whether the grid values are kept: false for {@link #metricsOnly} and batches without profiles.
   */
  public boolean keepsProfile() {
    return profile;
  }

  public int outputs() {
    return outputs;
  }

  public int gridSize() {
    return gridSize;
  }

  /**
   * Output {@code output} at grid time {@code i}, in the output's unit (ng/mL for concentrations).
   */
  public double concentration(int output, int i) {
    return concentrations[index(output, i)];
  }

  /** Where grid value {@code g} of {@code output} lies in {@link #concentrations}. */
  int index(int output, int g) {
    return base + (output * gridSize + g) * stride;
  }

  /**
   * Sends the grid values of the next solves into slot {@code i} of a batch's result, where it
   * keeps profiles; where it does not, they are not kept ({@link #keepsProfile}).
   */
  public void writeInto(BatchResult result, int i) {
    double[] rows = result.concentrationRow();
    profile = rows != null;
    concentrations = rows != null ? rows : own;
    base = rows != null ? i : 0;
    stride = rows != null ? result.capacity() : 1;
  }

  /** A metric of an output, in the unit {@link Metric#unit} gives. */
  public double metric(int output, Metric metric) {
    return metrics[output * Metric.COUNT + metric.ordinal()];
  }

  public Status status() {
    return status;
  }

  /**
   * Whether every metric is finite; AUC(0-inf) may be +infinity (no elimination path), but not NaN.
   * (The grid values are checked as they are written: {@link MetricAccumulator#gridFinite}.)
   */
  boolean metricsFinite() {
    for (int i = 0; i < metrics.length; i++) {
      boolean infiniteArea =
          i % Metric.COUNT == Metric.AUC_0_INF.ordinal() && metrics[i] == Double.POSITIVE_INFINITY;
      if (!Double.isFinite(metrics[i]) && !infiniteArea) {
        return false;
      }
    }
    return true;
  }

  /**
   * Copies this solution's status and metrics into slot {@code i} of a batch's result; its grid
   * values are there already ({@link #writeInto}).
   */
  public void storeInto(BatchResult result, int i) {
    result.setStatus(i, status);
    double[] batchMetrics = result.metricArray();
    for (int k = 0; k < outputs; k++) {
      for (Metric metric : Metric.ALL) {
        batchMetrics[result.metricOffset(k, metric) + i] = metric(k, metric);
      }
    }
  }

  /** Marks the solve failed: every value NaN. */
  void fail(Status reason) {
    status = reason;
    java.util.Arrays.fill(metrics, Double.NaN);
    if (!profile) {
      return;
    }
    for (int k = 0; k < outputs; k++) {
      for (int g = 0; g < gridSize; g++) {
        concentrations[index(k, g)] = Double.NaN;
      }
    }
  }
}
