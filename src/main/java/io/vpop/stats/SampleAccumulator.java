package io.vpop.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming statistics of one quantity. The mean, SD and geometric mean are computed from exact
 * sums of every value, of its square and of its logarithm ({@link ExactSum}), each rounded once
 * when read, so they do not depend on the order of the values. Percentiles are exact (type 7,
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
  private final ExactSum sum = new ExactSum();

  /** The sum of the squares: each square split exactly into its rounded value and the rest. */
  private final ExactSum sumOfSquares = new ExactSum();

  private final ExactSum logSum = new ExactSum();
  private long nonPositive;

  public SampleAccumulator(int exactLimit) {
    this.exactLimit = exactLimit;
  }

  /** Adds a value (finite or +infinity, &gt;= 0 up to rounding). */
  public void add(double value) {
    count++;
    sum.add(value);
    double square = value * value;
    sumOfSquares.add(square);
    sumOfSquares.add(Math.fma(value, value, -square));
    if (value > 0) {
      logSum.add(Math.log(value));
    } else {
      nonPositive++;
    }
    if (sketch == null && count > exactLimit) {
      startSketch(count - 1);
    }
    if (sketch != null) {
      sketch(value);
      return;
    }
    keep(count);
    values[(int) count - 1] = value;
  }

  /** Makes room for {@code kept} exact values. */
  private void keep(long kept) {
    if (kept > values.length) {
      values =
          Arrays.copyOf(values, (int) Math.min(exactLimit, Math.max(kept, 2L * values.length)));
    }
  }

  /** Moves the first {@code kept} exact values into a new sketch, which takes every value after. */
  private void startSketch(long kept) {
    sketch = DDSketches.unboundedDense(SKETCH_RELATIVE_ERROR);
    for (int i = 0; i < kept; i++) {
      sketch(values[i]);
    }
    values = null;
  }

  /**
   * Adds the values of another accumulator of the same exact limit, as if they had arrived here one
   * by one: the statistics are the same to the last bit, whatever the order of the two.
   *
   * @throws IllegalArgumentException for another exact limit
   */
  public void merge(SampleAccumulator other) {
    if (other.exactLimit != exactLimit) {
      throw new IllegalArgumentException(
          "exact limits " + exactLimit + " and " + other.exactLimit + " do not merge");
    }
    long before = count;
    count += other.count;
    sum.add(other.sum);
    sumOfSquares.add(other.sumOfSquares);
    logSum.add(other.logSum);
    nonPositive += other.nonPositive;
    if (sketch == null && (other.sketch != null || count > exactLimit)) {
      startSketch(before);
    }
    if (sketch == null) {
      keep(count);
      System.arraycopy(other.values, 0, values, (int) before, (int) other.count);
    } else if (other.sketch == null) {
      for (int i = 0; i < other.count; i++) {
        sketch(other.values[i]);
      }
    } else {
      sketch.mergeWith(other.sketch);
      sketchInfinities += other.sketchInfinities;
    }
  }

  /** Writes the accumulator for {@link #read}: its sums, then its exact values or its sketch. */
  void write(DataOutput out) throws IOException {
    out.writeLong(count);
    out.writeLong(nonPositive);
    sum.write(out);
    sumOfSquares.write(out);
    logSum.write(out);
    out.writeBoolean(sketch != null);
    if (sketch == null) {
      for (int i = 0; i < count; i++) {
        out.writeDouble(values[i]);
      }
    } else {
      out.writeLong(sketchInfinities);
      Store positive = sketch.getPositiveValueStore();
      Store negative = sketch.getNegativeValueStore();
      long zeros =
          Math.round(sketch.getCount() - positive.getTotalCount() - negative.getTotalCount());
      VarLong.write(out, zeros);
      writeBins(out, positive);
      writeBins(out, negative);
    }
  }

  /** A sketch store's bins that are not empty, by index: the same counts, the same bytes. */
  private static void writeBins(DataOutput out, Store store) throws IOException {
    List<Bin> bins = new ArrayList<>();
    store.getAscendingIterator().forEachRemaining(bins::add);
    bins.removeIf(bin -> bin.getCount() == 0);
    out.writeInt(bins.size());
    for (Bin bin : bins) {
      out.writeInt(bin.getIndex());
      VarLong.write(out, Math.round(bin.getCount()));
    }
  }

  private static void readBins(DataInput in, Store store) throws IOException {
    int bins = in.readInt();
    for (int b = 0; b < bins; b++) {
      int index = in.readInt();
      long count = VarLong.read(in);
      if (count < 1) {
        throw new IOException("a sketch bin of count " + count);
      }
      store.add(index, count);
    }
  }

  /**
   * Reads an accumulator written by {@link #write}.
   *
   * @throws IOException if the data is not such an accumulator
   */
  static SampleAccumulator read(DataInput in, int exactLimit) throws IOException {
    SampleAccumulator accumulator = new SampleAccumulator(exactLimit);
    accumulator.count = in.readLong();
    accumulator.nonPositive = in.readLong();
    accumulator.sum.add(ExactSum.read(in));
    accumulator.sumOfSquares.add(ExactSum.read(in));
    accumulator.logSum.add(ExactSum.read(in));
    boolean sketched = in.readBoolean();
    if (accumulator.count < 0 || sketched == accumulator.count <= exactLimit) {
      throw new IOException(
          accumulator.count + " values " + (sketched ? "in a sketch" : "kept exactly"));
    }
    if (!sketched) {
      accumulator.keep(accumulator.count);
      for (int i = 0; i < accumulator.count; i++) {
        accumulator.values[i] = in.readDouble();
      }
      return accumulator;
    }
    accumulator.sketchInfinities = in.readLong();
    DDSketch sketch = DDSketches.unboundedDense(SKETCH_RELATIVE_ERROR);
    long zeros = VarLong.read(in);
    if (zeros > 0) {
      sketch.accept(0, zeros);
    }
    readBins(in, sketch.getPositiveValueStore());
    readBins(in, sketch.getNegativeValueStore());
    accumulator.sketch = sketch;
    accumulator.values = null;
    return accumulator;
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
      percentiles = Percentiles.reported(values, (int) count);
    } else {
      for (int i = 0; i < levels; i++) {
        percentiles[i] = sketchPercentile(Percentiles.level(i));
      }
    }
    double mean = mean();
    double sd = count > 1 ? standardDeviation() : Double.NaN;
    double geometricMean =
        nonPositive == 0
            ? Math.exp(
                logSum.finite()
                    ? ExactSum.quotient(
                        logSum.units(), BigInteger.valueOf(count), ExactSum.UNIT_EXPONENT)
                    : logSum.nonFinite())
            : Double.NaN;
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

  /** The sum over the count, correctly rounded; +-inf or NaN when a value was not finite. */
  private double mean() {
    if (!sum.finite()) {
      return sum.nonFinite();
    }
    return ExactSum.quotient(sum.units(), BigInteger.valueOf(count), ExactSum.UNIT_EXPONENT);
  }

  /**
   * The sample SD: the variance (n S2 - S1^2) / (n (n - 1)) from the exact sums S1 and S2, rounded
   * once, then its square root; NaN when a value was not finite.
   */
  private double standardDeviation() {
    if (!sum.finite() || !sumOfSquares.finite()) {
      return Double.NaN;
    }
    BigInteger n = BigInteger.valueOf(count);
    BigInteger sumUnits = sum.units();
    // S2 is in units of 2^-1074, S1^2 in units of 2^-2148: bring S2 to the finer unit.
    BigInteger numerator =
        n.multiply(sumOfSquares.units())
            .shiftLeft(-ExactSum.UNIT_EXPONENT)
            .subtract(sumUnits.multiply(sumUnits));
    return Math.sqrt(
        ExactSum.quotient(
            numerator, n.multiply(n.subtract(BigInteger.ONE)), 2 * ExactSum.UNIT_EXPONENT));
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
