package io.vpop.batch;

/**
 * What a backend writes for a batch, structure-of-arrays like the batch itself: {@code
 * metric(output, metric, i)} at {@code [(output * Metric.COUNT + metric) * capacity + i]} and a
 * status per patient; if asked for, the grid values ("profiles") at {@code [(output * gridSize + g)
 * * capacity + i]} (all patients of one output and time side by side, as the band statistics read
 * them). A backend that counts bands itself needs no profiles for them ({@link BandCounter}).
 * Reused from batch to batch.
 */
public final class BatchResult {
  private final int capacity;
  private final int outputs;
  private final int gridSize;
  private final double[] metrics;
  private final double[] concentrations;
  private final Status[] status;

  /**
   * @param profiles whether the grid values of every patient are kept
   */
  public BatchResult(int capacity, int outputs, int gridSize, boolean profiles) {
    this.capacity = capacity;
    this.outputs = outputs;
    this.gridSize = gridSize;
    this.metrics = new double[outputs * Metric.COUNT * capacity];
    this.concentrations = profiles ? new double[outputs * gridSize * capacity] : null;
    this.status = new Status[capacity];
  }

  /** Whether the grid values of every patient are kept. */
  public boolean hasProfiles() {
    return concentrations != null;
  }

  public int capacity() {
    return capacity;
  }

  public int outputs() {
    return outputs;
  }

  public int gridSize() {
    return gridSize;
  }

  /** A metric of an output for slot {@code i}. */
  public double metric(int output, Metric metric, int i) {
    return metrics[metricOffset(output, metric) + i];
  }

  /** Where the values of one output's metric for slots 0, 1, ... start in {@link #metricArray}. */
  public int metricOffset(int output, Metric metric) {
    return (output * Metric.COUNT + metric.ordinal()) * capacity;
  }

  /** Output {@code output} at grid time {@code g} for slot {@code i}. */
  public double concentration(int output, int g, int i) {
    return concentrations[rowOffset(output, g) + i];
  }

  /**
   * Where the values of all slots for one output and grid time start in {@link #concentrationRow}.
   */
  public int rowOffset(int output, int g) {
    return (output * gridSize + g) * capacity;
  }

  /**
   * The backing array of the metrics ({@link #metricOffset}), which a backend writes as a whole.
   */
  public double[] metricArray() {
    return metrics;
  }

  /**
   * The backing array of grid values ({@link #rowOffset}), for a backend that writes it and for
   * statistics that scan a whole row; null without profiles.
   */
  public double[] concentrationRow() {
    return concentrations;
  }

  public Status status(int i) {
    return status[i];
  }

  /** Sets the status of slot {@code i}. */
  public void setStatus(int i, Status value) {
    status[i] = value;
  }
}
