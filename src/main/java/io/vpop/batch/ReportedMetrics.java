package io.vpop.batch;

import java.util.List;

/**
 * Which metrics of which outputs the reports show: every metric of every output, but those that
 * need a threshold ({@link Metric#needsThreshold}) only for the outputs that have one. The solvers
 * compute them all (0 where there is no threshold); only the reports leave them out.
 */
public final class ReportedMetrics {
  /** Every metric but the threshold ones, for runs without a threshold. */
  public static final ReportedMetrics WITHOUT_THRESHOLDS = new ReportedMetrics(new boolean[0]);

  private final boolean[] hasThreshold;

  /**
   * @param hasThreshold whether each output has a threshold
   */
  public ReportedMetrics(boolean[] hasThreshold) {
    this.hasThreshold = hasThreshold.clone();
  }

  /** Whether reports show {@code metric} of output k. */
  public boolean shows(int k, Metric metric) {
    return !metric.needsThreshold() || (k < hasThreshold.length && hasThreshold[k]);
  }

  /** The metrics shown for at least one output, in order: the columns of a table by metric. */
  public List<Metric> anyOutput() {
    return Metric.ALL.stream()
        .filter(metric -> !metric.needsThreshold() || contains(hasThreshold))
        .toList();
  }

  private static boolean contains(boolean[] flags) {
    for (boolean flag : flags) {
      if (flag) {
        return true;
      }
    }
    return false;
  }
}
