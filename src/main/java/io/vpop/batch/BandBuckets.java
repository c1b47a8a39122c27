package io.vpop.batch;

/**
 * The buckets the concentration-time bands count values in: {@value #PER_OCTAVE} equal buckets per
 * power of two between 2^{@value #MIN_EXPONENT} and 2^{@value #MAX_EXPONENT} (in the output's
 * unit), one bucket below (zero, negative or smaller) and one above. A bucket is read straight from
 * the bits of the value (exponent and the top {@value #SUB_BUCKET_BITS} bits of the significand),
 * with no floating-point arithmetic, so the CUDA kernel ({@code vp_band_bucket} in
 * cuda/vpop_solve.cuh) puts every value in the same bucket as Java does, and bands reduced on the
 * GPU equal the CPU's.
 *
 * <p>A bucket's midpoint is within {@link #RELATIVE_ERROR} (2^-7, 0.78 %) of every value in it.
 * This is the log-linear layout of HdrHistogram and DDSketch's linear mapping; it is written out
 * here, not taken from either, because the kernel must reproduce it bit for bit.
 */
public final class BandBuckets {
  /** Significand bits that select a bucket inside an octave. */
  public static final int SUB_BUCKET_BITS = 6;

  /** Buckets per power of two. */
  public static final int PER_OCTAVE = 1 << SUB_BUCKET_BITS;

  /** 2^-64, about 5.4e-20: smaller values (and zero) share the lowest bucket. */
  public static final int MIN_EXPONENT = -64;

  /** 2^64, about 1.8e19: larger values share the highest bucket. */
  public static final int MAX_EXPONENT = 64;

  /** All buckets: the one below, the log-linear ones, the one above. */
  public static final int COUNT = (MAX_EXPONENT - MIN_EXPONENT) * PER_OCTAVE + 2;

  /** The largest relative distance from a bucket's midpoint to a value in it. */
  public static final double RELATIVE_ERROR = 1.0 / (2 * PER_OCTAVE);

  private static final int SIGNIFICAND_BITS = 52;
  private static final int EXPONENT_BIAS = 1023;
  private static final double LOWEST = Math.scalb(1.0, MIN_EXPONENT);
  private static final double HIGHEST = Math.scalb(1.0, MAX_EXPONENT);

  /** The key (exponent and top significand bits) of LOWEST, which is bucket 1. */
  private static final long FIRST_KEY = (long) (EXPONENT_BIAS + MIN_EXPONENT) << SUB_BUCKET_BITS;

  private BandBuckets() {}

  /** The bucket of a value: 0 below 2^-64 (and for NaN), COUNT - 1 from 2^64 on. */
  public static int of(double value) {
    if (!(value >= LOWEST)) {
      return 0;
    }
    if (value >= HIGHEST) {
      return COUNT - 1;
    }
    return unchecked(value);
  }

  /**
   * The bucket of a value from its bits alone, without {@link #of}'s range checks: the same bucket
   * for every value from 2^-64 up to 2^64, and for any other (zero, negative, NaN, infinite, or
   * outside that range) a number outside 1..COUNT - 2, since the bits of positive doubles are in
   * the order of their values and a sign bit makes the number larger than any bucket. A counter
   * that holds only buckets within 1..COUNT - 2 may take this first and leave the rest to {@link
   * #of}.
   */
  public static int unchecked(double value) {
    long bits = Double.doubleToRawLongBits(value);
    return (int) ((bits >>> (SIGNIFICAND_BITS - SUB_BUCKET_BITS)) - FIRST_KEY) + 1;
  }

  /** The smallest value of bucket {@code bucket} (1 to COUNT - 1). */
  static double lowerBound(int bucket) {
    return Double.longBitsToDouble(
        (FIRST_KEY + bucket - 1) << (SIGNIFICAND_BITS - SUB_BUCKET_BITS));
  }

  /**
   * The value a bucket stands for: 0 for the lowest, 2^64 for the highest, the midpoint of the
   * others.
   */
  public static double value(int bucket) {
    if (bucket == 0) {
      return 0;
    }
    if (bucket == COUNT - 1) {
      return HIGHEST;
    }
    return (lowerBound(bucket) + lowerBound(bucket + 1)) / 2;
  }
}
