package io.vpop.sweep;

import io.vpop.InvalidInputException;
import io.vpop.batch.Metric;
import io.vpop.stats.Percentiles;
import java.util.Arrays;

/**
 * The exposure number a sweep compares: a statistic (median, mean, geometric mean or a percentile)
 * of one metric of one output over a population's patients.
 *
 * @param output the output's index
 * @param outputName its name, e.g. {@code sum}
 * @param metric the metric
 * @param unit the metric's unit for that output
 * @param statistic {@code mean}, {@code geometric_mean} or a percentile {@code pN} (p50 is the
 *     median)
 */
public record Exposure(
    int output, String outputName, Metric metric, String unit, String statistic) {
  public Exposure {
    if (!statistic.equals("mean")
        && !statistic.equals("geometric_mean")
        && percent(statistic) < 0) {
      throw new InvalidInputException(
          "exposure.statistic",
          statistic,
          "mean, geometric_mean, or a percentile p0 to p100 (p50: median)");
    }
  }

  private static double percent(String statistic) {
    if (!statistic.startsWith("p")) {
      return -1;
    }
    try {
      double percent = Double.parseDouble(statistic.substring(1));
      return percent >= 0 && percent <= 100 ? percent : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The statistic of the values (percentiles by type 7, {@link Percentiles}). */
  public double of(double[] values) {
    switch (statistic) {
      case "mean":
        return Arrays.stream(values).average().orElse(Double.NaN);
      case "geometric_mean":
        return Math.exp(Arrays.stream(values).map(Math::log).average().orElse(Double.NaN));
      default:
        return Percentiles.of(values, percent(statistic));
    }
  }

  /** E.g. {@code p50 of sum auc_tau (ng*h/mL)}. */
  public String description() {
    return statistic + " of " + outputName + " " + metric.key() + " (" + unit + ")";
  }
}
