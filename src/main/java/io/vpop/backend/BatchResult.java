package io.vpop.backend;

import io.vpop.solve.Metric;
import io.vpop.solve.PatientResult;

/**
 * What a backend writes for a batch, structure-of-arrays like the batch itself: {@code
 * metric(output, metric, i)} at {@code [(output * METRICS + metric) * capacity + i]} and a status
 * per patient; if asked for, the grid values ("profiles") at {@code [(output * gridSize + g) *
 * capacity + i]} (all patients of one output and time side by side, as the band statistics read
 * them). A result may instead ask the backend to count the batch's bands itself ({@link
 * #countsBands}): a GPU keeps the counts of the whole run on the device ({@link
 * Backend#takeBandCounts}), because profiles are too large to cross the bus for millions of
 * patients; only a backend that {@link Backend#countsBands() counts bands} takes such a result.
 * Reused from batch to batch.
 */
public final class BatchResult {
  private final int capacity;
  private final int outputs;
  private final int gridSize;
  final double[] metrics;
  final double[] concentrations;
  private final boolean countsBands;
  final PatientResult.Status[] status;

  /**
   * @param profiles whether the grid values of every patient are kept
   * @param countsBands whether the backend is to count the batch's bands
   */
  public BatchResult(
      int capacity, int outputs, int gridSize, boolean profiles, boolean countsBands) {
    this.capacity = capacity;
    this.outputs = outputs;
    this.gridSize = gridSize;
    this.metrics = new double[outputs * PatientResult.METRICS * capacity];
    this.concentrations = profiles ? new double[outputs * gridSize * capacity] : null;
    this.countsBands = countsBands;
    this.status = new PatientResult.Status[capacity];
  }

  /** Whether the grid values of every patient are kept. */
  public boolean hasProfiles() {
    return concentrations != null;
  }

  /** Whether the backend is to count the batch's bands (and keep the counts until taken). */
  public boolean countsBands() {
    return countsBands;
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
    return metrics[(output * PatientResult.METRICS + metric.ordinal()) * capacity + i];
  }

  /** Output {@code output} at grid time {@code g} for slot {@code i}. */
  public double concentration(int output, int g, int i) {
    return concentrations[(output * gridSize + g) * capacity + i];
  }

  /**
   * The values of all slots for one output and grid time start at this offset of {@link
   * #concentrationRow}.
   */
  public int rowOffset(int output, int g) {
    return (output * gridSize + g) * capacity;
  }

  /**
   * The backing array of grid values (read-only by convention), for statistics that scan a whole
   * row.
   */
  public double[] concentrationRow() {
    return concentrations;
  }

  public PatientResult.Status status(int i) {
    return status[i];
  }

  /** Copies one patient's solution into slot {@code i}. */
  void store(int i, PatientResult result) {
    status[i] = result.status();
    for (int k = 0; k < outputs; k++) {
      for (Metric metric : Metric.ALL) {
        metrics[(k * PatientResult.METRICS + metric.ordinal()) * capacity + i] =
            result.metric(k, metric);
      }
      if (concentrations != null) {
        for (int g = 0; g < gridSize; g++) {
          concentrations[(k * gridSize + g) * capacity + i] = result.concentration(k, g);
        }
      }
    }
  }
}
