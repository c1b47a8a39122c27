package io.vpop.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import java.util.Arrays;

/**
 * Streaming statistics of one quantity, fed in patient index order. The mean and SD (Welford's
 * update) and the geometric mean are computed from every value. Percentiles are exact (type 7,
 * {@link Percentiles}) while at most {@code exactLimit} values have arrived; beyond that every
 * value goes into a DDSketch of relative accuracy {@value #SKETCH_RELATIVE_ERROR} (each percentile
 * within that relative error of a value whose rank is the requested one), whose counts do not
 * depend on the order of arrival. Memory is bounded by the limit, not the number of patients. Not
 * thread-safe.
 */
public final class SampleAccumulator {
  /** The sketch's relative error bound on a percentile. */
  public static final double SKETCH_RELATIVE_ERROR = 1e-3;

  /** The default number of values kept for exact percentiles. */
  public static final int DEFAULT_EXACT_LIMIT = 1_000_000;

  private final int exactLimit;
  private double[] values = new double[1024];
  private DDSketch sketch;
  private long sketchInfinities;
  private long count;
  private double mean;
  private double sumOfSquares;
  private double logSum;
  private long nonPositive;

  public SampleAccumulator(int exactLimit) {
    this.exactLimit = exactLimit;
  }

  /** Adds a value (finite or +infinity, &gt;= 0 up to rounding). */
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
      sketch(value);
      return;
    }
    if (count > exactLimit) {
      sketch = DDSketches.unboundedDense(SKETCH_RELATIVE_ERROR);
      for (int i = 0; i < count - 1; i++) {
        sketch(values[i]);
      }
      sketch(value);
      values = null;
      return;
    }
    if (count > values.length) {
      values = Arrays.copyOf(values, (int) Math.min(exactLimit, 2L * values.length));
    }
    values[(int) count - 1] = value;
  }

  /**
   * Infinities (an AUC(0-inf) with no elimination) are counted beside the sketch, which takes none.
   */
  private void sketch(double value) {
    if (value == Double.POSITIVE_INFINITY) {
      sketchInfinities++;
    } else {
      sketch.accept(value);
    }
  }

  /** A percentile from the sketch, infinities above every finite value. */
  double sketchPercentile(double percent) {
    double finite = sketch.getCount();
    double rank = percent / 100 * (count - 1);
    if (rank > finite - 1 || finite == 0) {
      return Double.POSITIVE_INFINITY;
    }
    return sketch.getValueAtQuantile(finite > 1 ? rank / (finite - 1) : 0);
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
      double[] sorted = sortedValues();
      for (int i = 0; i < levels; i++) {
        percentiles[i] = Percentiles.exact(sorted, sorted.length, Percentiles.level(i));
      }
    } else {
      for (int i = 0; i < levels; i++) {
        percentiles[i] = sketchPercentile(Percentiles.level(i));
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
   * A sorted copy of the values kept for exact percentiles; null once the sketch has taken over.
   */
  double[] sortedValues() {
    if (sketch != null) {
      return null;
    }
    double[] sorted = Arrays.copyOf(values, (int) count);
    Arrays.sort(sorted);
    return sorted;
  }

  /** The number of values so far. */
  long count() {
    return count;
  }
}
