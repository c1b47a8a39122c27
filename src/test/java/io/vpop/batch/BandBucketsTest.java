package io.vpop.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The band buckets: their edges, their midpoints and the values outside them. */
class BandBucketsTest {
  @Test
  void everyBucketStartsAtItsLowerBoundAndItsMidpointIsWithinTheBound() {
    for (int bucket = 1; bucket < BandBuckets.COUNT - 1; bucket++) {
      double lower = BandBuckets.lowerBound(bucket);
      double upper = BandBuckets.lowerBound(bucket + 1);
      assertEquals(bucket, BandBuckets.of(lower), "lower bound of " + bucket);
      assertEquals(bucket - 1, BandBuckets.of(Math.nextDown(lower)), "below " + bucket);
      assertEquals(bucket, BandBuckets.of(Math.nextDown(upper)), "top of " + bucket);
      double middle = BandBuckets.value(bucket);
      double worst = Math.max((middle - lower) / lower, (upper - middle) / upper);
      assertTrue(worst <= BandBuckets.RELATIVE_ERROR, "bucket " + bucket + ": " + worst);
    }
    assertEquals(0, BandBuckets.of(0));
    assertEquals(0, BandBuckets.of(-3));
    assertEquals(0, BandBuckets.of(Double.NaN));
    assertEquals(1, BandBuckets.of(Math.scalb(1.0, BandBuckets.MIN_EXPONENT)));
    assertEquals(BandBuckets.COUNT - 1, BandBuckets.of(Math.scalb(1.0, BandBuckets.MAX_EXPONENT)));
    assertEquals(BandBuckets.COUNT - 1, BandBuckets.of(Double.POSITIVE_INFINITY));
  }

  /** BandAccumulator counts by the unchecked bucket first, trusting it inside 1..COUNT - 2. */
  @Test
  void theUncheckedBucketIsTheBucketInRangeAndOutsideTheHeldBucketsElsewhere() {
    for (int bucket = 1; bucket < BandBuckets.COUNT - 1; bucket++) {
      double lower = BandBuckets.lowerBound(bucket);
      assertEquals(bucket, BandBuckets.unchecked(lower), "lower bound of " + bucket);
      assertEquals(bucket, BandBuckets.unchecked(BandBuckets.value(bucket)), "middle of " + bucket);
    }
    double[] outside = {
      0,
      -0.0,
      -3,
      -Double.MIN_VALUE,
      Double.MIN_VALUE,
      Double.NaN,
      -Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.MAX_VALUE,
      Math.nextDown(Math.scalb(1.0, BandBuckets.MIN_EXPONENT)),
      Math.scalb(1.0, BandBuckets.MAX_EXPONENT)
    };
    for (double value : outside) {
      int bucket = BandBuckets.unchecked(value);
      assertTrue(bucket < 1 || bucket > BandBuckets.COUNT - 2, value + " gave bucket " + bucket);
    }
  }
}
