package io.vpop.solve;

import io.vpop.batch.BatchResult;
import io.vpop.batch.Metric;
import io.vpop.batch.Status;

/**
 * What a solver writes for one patient: the outputs on the time grid and the metrics, plus a
 * status. Reused from patient to patient, so solving allocates nothing.
 *
 * <p>Layout: {@code concentrations[output * gridSize + i]}, {@code metrics[output * Metric.COUNT +
 * metric.ordinal()]}.
 */
public final class PatientResult {
  private final int outputs;
  private final int gridSize;
  final double[] concentrations;
  final double[] metrics;
  Status status = Status.OK;

  public PatientResult(int outputs, int gridSize) {
    this.outputs = outputs;
    this.gridSize = gridSize;
    this.concentrations = new double[outputs * gridSize];
    this.metrics = new double[outputs * Metric.COUNT];
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
    return concentrations[output * gridSize + i];
  }

  /** A metric of an output, in the unit {@link Metric#unit} gives. */
  public double metric(int output, Metric metric) {
    return metrics[output * Metric.COUNT + metric.ordinal()];
  }

  public Status status() {
    return status;
  }

  /**
   * Whether every value is finite; AUC(0-inf) may be +infinity (no elimination path), but not NaN.
   */
  boolean allFinite() {
    for (int i = 0; i < metrics.length; i++) {
      boolean infiniteArea =
          i % Metric.COUNT == Metric.AUC_0_INF.ordinal() && metrics[i] == Double.POSITIVE_INFINITY;
      if (!Double.isFinite(metrics[i]) && !infiniteArea) {
        return false;
      }
    }
    for (double value : concentrations) {
      if (!Double.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Copies this solution into slot {@code i} of a batch's result, the grid values too when the
   * result keeps profiles.
   */
  public void storeInto(BatchResult result, int i) {
    result.setStatus(i, status);
    double[] batchMetrics = result.metricArray();
    for (int k = 0; k < outputs; k++) {
      for (Metric metric : Metric.ALL) {
        batchMetrics[result.metricOffset(k, metric) + i] = metric(k, metric);
      }
    }
    double[] rows = result.concentrationRow();
    if (rows != null) {
      for (int k = 0; k < outputs; k++) {
        for (int g = 0; g < gridSize; g++) {
          rows[result.rowOffset(k, g) + i] = concentrations[k * gridSize + g];
        }
      }
    }
  }

  /** Marks the solve failed: every value NaN. */
  void fail(Status reason) {
    status = reason;
    java.util.Arrays.fill(metrics, Double.NaN);
    java.util.Arrays.fill(concentrations, Double.NaN);
  }
}
