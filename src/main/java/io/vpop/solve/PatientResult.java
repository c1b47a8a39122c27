package io.vpop.solve;

/**
 * What a solver writes for one patient: the outputs on the time grid and the metrics, plus a
 * status. Reused from patient to patient, so solving allocates nothing.
 *
 * <p>Layout: {@code concentrations[output * gridSize + i]}, {@code metrics[output * METRICS +
 * metric.ordinal()]}.
 */
public final class PatientResult {
  /** The number of metrics per output. */
  public static final int METRICS = Metric.values().length;

  /** Why a solve succeeded or failed. */
  public enum Status {
    OK,
    /** A value became NaN or infinite. */
    NON_FINITE,
    /** The adaptive step size fell below the smallest step the time resolution allows. */
    STEP_SIZE_UNDERFLOW,
    /** The adaptive integrator took more steps than it is allowed. */
    STEP_LIMIT
  }

  private final int outputs;
  private final int gridSize;
  final double[] concentrations;
  final double[] metrics;
  Status status = Status.OK;

  public PatientResult(int outputs, int gridSize) {
    this.outputs = outputs;
    this.gridSize = gridSize;
    this.concentrations = new double[outputs * gridSize];
    this.metrics = new double[outputs * METRICS];
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
    return metrics[output * METRICS + metric.ordinal()];
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
          i % METRICS == Metric.AUC_0_INF.ordinal() && metrics[i] == Double.POSITIVE_INFINITY;
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

  /** Marks the solve failed: every value NaN. */
  void fail(Status reason) {
    status = reason;
    java.util.Arrays.fill(metrics, Double.NaN);
    java.util.Arrays.fill(concentrations, Double.NaN);
  }
}
