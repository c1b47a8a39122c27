package io.vpop.stats;

import java.util.Arrays;
import org.HdrHistogram.DoubleHistogram;

/**
 * Streaming statistics of one quantity, fed in patient index order. The mean and SD (Welford's
 * update) and the geometric mean are computed from every value. Percentiles are exact (type 7,
 * {@link Percentiles}) while at most {@code exactLimit} values have arrived; beyond that every
 * value goes into an HdrHistogram of {@value #SIGNIFICANT_DIGITS} significant digits, whose
 * percentiles are within a relative error of 10^-3 (HdrHistogram's stated value precision) and
 * whose counts do not depend on the order of arrival. Memory is bounded by the limit, not the
 * number of patients. Not thread-safe.
 */
public final class SampleAccumulator {
  /** Significant digits of the histogram sketch. */
  public static final int SIGNIFICANT_DIGITS = 3;

  /** The sketch's relative error bound on a percentile. */
  public static final double SKETCH_RELATIVE_ERROR = Math.pow(10, -SIGNIFICANT_DIGITS);

  /** The default number of values kept for exact percentiles. */
  public static final int DEFAULT_EXACT_LIMIT = 1_000_000;

  /** Range of values the sketch tracks (highest / lowest non-zero). */
  private static final long DYNAMIC_RANGE = 1L << 50;

  private final int exactLimit;
  private double[] values = new double[1024];
  private DoubleHistogram sketch;
  private long count;
  private double mean;
  private double sumOfSquares;
  private double logSum;
  private long nonPositive;

  public SampleAccumulator(int exactLimit) {
    this.exactLimit = exactLimit;
  }

  /** Adds a value (finite, &gt;= 0 by the caller's checks; rounding below 0 is recorded as 0). */
  public void add(double value) {
    count++;
    double delta = value - mean;
    mean += delta / count;
    sumOfSquares += delta * (value - mean);
    if (value > 0) {
      logSum += Math.log(value);
    } else {
      nonPositive++;
    }
    if (sketch != null) {
      sketch.recordValue(Math.max(0, value));
      return;
    }
    if (count > exactLimit) {
      sketch = new DoubleHistogram(DYNAMIC_RANGE, SIGNIFICANT_DIGITS);
      for (int i = 0; i < count - 1; i++) {
        sketch.recordValue(Math.max(0, values[i]));
      }
      sketch.recordValue(Math.max(0, value));
      values = null;
      return;
    }
    if (count > values.length) {
      values = Arrays.copyOf(values, (int) Math.min(exactLimit, 2L * values.length));
    }
    values[(int) count - 1] = value;
  }

  /** The statistics so far. */
  public Summary summary() {
    int levels = Percentiles.count();
    double[] percentiles = new double[levels];
    if (count == 0) {
      Arrays.fill(percentiles, Double.NaN);
      return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, percentiles, true, 0);
    }
    boolean exact = sketch == null;
    if (exact) {
      double[] sorted = Arrays.copyOf(values, (int) count);
      Arrays.sort(sorted);
      for (int i = 0; i < levels; i++) {
        percentiles[i] = Percentiles.exact(sorted, sorted.length, Percentiles.level(i));
      }
    } else {
      for (int i = 0; i < levels; i++) {
        percentiles[i] =
            sketch.medianEquivalentValue(sketch.getValueAtPercentile(Percentiles.level(i)));
      }
    }
    double sd = count > 1 ? Math.sqrt(sumOfSquares / (count - 1)) : Double.NaN;
    double geometricMean = nonPositive == 0 ? Math.exp(logSum / count) : Double.NaN;
    return new Summary(
        count,
        mean,
        sd,
        geometricMean,
        sd / mean,
        percentiles,
        exact,
        exact ? 0 : SKETCH_RELATIVE_ERROR);
  }

  /**
   * The values kept for exact percentiles (null once the sketch has taken over), for histograms.
   */
  double[] exactValues() {
    return sketch == null ? Arrays.copyOf(values, (int) count) : null;
  }

  /** The sketch, once it has taken over. */
  DoubleHistogram sketch() {
    return sketch;
  }
}
