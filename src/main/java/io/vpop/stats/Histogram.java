package io.vpop.stats;

import java.util.function.DoubleUnaryOperator;

/**
 * Counts of a metric's values in equal bins with round edges that cover its 0.5th to 99.5th
 * percentile; the values outside are counted, not hidden in the end bins.
 *
 * @param low the lower edge of the first bin
 * @param width the bins' width, a round number (1, 2, 2.5 or 5 times a power of ten)
 * @param counts patients per bin (fractional when estimated from a sketch)
 * @param below patients below {@code low}
 * @param above patients above the last bin's upper edge
 * @param median the median of all values
 * @param estimated whether the counts come from a quantile sketch rather than every value
 */
public record Histogram(
    double low,
    double width,
    double[] counts,
    double below,
    double above,
    double median,
    boolean estimated) {

  /** The upper edge of the last bin. */
  public double high() {
    return low + width * counts.length;
  }

  /**
   * A histogram of at most about {@code bins} bins.
   *
   * @param percentile the values' percentile function (percent to value)
   * @param values every value, or null when only the percentile function is known
   * @param count how many values there are
   * @param samples with {@code values} null: how many evenly spaced quantiles stand for the values,
   *     each for its share of {@code count}
   */
  static Histogram of(
      DoubleUnaryOperator percentile, double[] values, long count, int bins, int samples) {
    double from = percentile.applyAsDouble(0.5);
    double to = percentile.applyAsDouble(99.5);
    double width = roundWidth((to - from) / bins, Math.max(Math.abs(from), Math.abs(to)));
    double low = Math.floor(from / width) * width;
    int binCount = Math.max(1, (int) Math.ceil((to - low) / width - 1e-9));
    double high = low + width * binCount;
    double[] points = values;
    double weight = 1;
    if (values == null) {
      points = new double[samples];
      for (int j = 0; j < samples; j++) {
        points[j] = percentile.applyAsDouble(100 * (j + 0.5) / samples);
      }
      weight = (double) count / samples;
    }
    double[] counts = new double[binCount];
    double below = 0;
    double above = 0;
    for (double value : points) {
      if (value < low) {
        below += weight;
      } else if (value > high) {
        above += weight;
      } else {
        counts[Math.min(binCount - 1, (int) Math.floor((value - low) / width))] += weight;
      }
    }
    return new Histogram(
        low, width, counts, below, above, percentile.applyAsDouble(50), values == null);
  }

  /**
   * The smallest round width (1, 2, 2.5 or 5 times a power of ten) at least {@code raw}; for a
   * range of zero width, a hundredth of the values' size (or 1 at zero).
   */
  static double roundWidth(double raw, double size) {
    if (!(raw > 0)) {
      raw = size > 0 ? size / 100 : 1;
    }
    double decade = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double multiple : new double[] {1, 2, 2.5, 5, 10}) {
      if (multiple * decade >= raw * (1 - 1e-12)) {
        return multiple * decade;
      }
    }
    return 10 * decade;
  }
}
