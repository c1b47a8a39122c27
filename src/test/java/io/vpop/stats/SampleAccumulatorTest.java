package io.vpop.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class SampleAccumulatorTest {
  private static final int VALUES = 1_000_000;

  @Test
  void theSketchAgreesWithTheExactPercentilesWithinItsStatedBound() {
    SampleAccumulator exact = new SampleAccumulator(VALUES);
    SampleAccumulator sketch = new SampleAccumulator(1000);
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(3L);
    ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
    for (int i = 0; i < VALUES; i++) {
      double value = 1543 * Math.exp(0.4 * normal.sample());
      exact.add(value);
      sketch.add(value);
    }
    Summary a = exact.summary();
    Summary b = sketch.summary();
    assertTrue(a.exact());
    assertFalse(b.exact());
    assertEquals(SampleAccumulator.SKETCH_RELATIVE_ERROR, b.relativeErrorBound());
    for (int i = 0; i < Percentiles.count(); i++) {
      double x = a.percentiles()[i];
      double y = b.percentiles()[i];
      assertTrue(
          Math.abs(x - y) <= b.relativeErrorBound() * x,
          Percentiles.label(i) + ": exact " + x + ", sketch " + y);
    }
    // Moments are computed from every value on both paths.
    assertEquals(a.mean(), b.mean(), 0);
    assertEquals(a.sd(), b.sd(), 0);
    assertEquals(a.geometricMean(), b.geometricMean(), 0);
  }

  @Test
  void exactPercentilesFollowTypeSeven() {
    SampleAccumulator accumulator = new SampleAccumulator(100);
    for (double value : new double[] {4, 1, 3, 2}) {
      accumulator.add(value);
    }
    Summary summary = accumulator.summary();
    // n = 4: the p-th percentile sits at rank 3p (0-based) between the sorted values 1, 2, 3, 4.
    assertEquals(1 + 3 * 0.05, summary.percentiles()[1], 1e-12);
    assertEquals(2.5, summary.percentiles()[4], 1e-12);
    assertEquals(1 + 3 * 0.975, summary.percentiles()[8], 1e-12);
    assertEquals(2.5, summary.mean(), 1e-12);
    assertEquals(Math.sqrt(5.0 / 3), summary.sd(), 1e-12);
    assertEquals(Math.pow(24, 0.25), summary.geometricMean(), 1e-12);
  }

  @Test
  void theSketchTakesZerosInfinitiesAndAnyRange() {
    SampleAccumulator sketch = new SampleAccumulator(10);
    SampleAccumulator exact = new SampleAccumulator(1000);
    for (int i = 0; i < 100; i++) {
      // 10 zeros, 10 infinities, and 80 values spread over 600 decades.
      double value =
          i < 10 ? 0 : i >= 90 ? Double.POSITIVE_INFINITY : Math.pow(10, -300 + 7.5 * (i - 10));
      sketch.add(value);
      exact.add(value);
    }
    Summary a = exact.summary();
    Summary b = sketch.summary();
    assertFalse(b.exact());
    assertEquals(0, b.percentiles()[0], 0, "p2.5 is a zero");
    assertEquals(Double.POSITIVE_INFINITY, b.percentiles()[8], "p97.5 is infinite");
    for (int i = 1; i < Percentiles.count() - 1; i++) {
      double x = a.percentiles()[i];
      double y = b.percentiles()[i];
      assertTrue(Double.isFinite(y) || !Double.isFinite(x), Percentiles.label(i) + ": " + y);
    }
  }

  /**
   * Parts merged in any order give one accumulator's statistics to the last bit: below the exact
   * limit, across it (exact parts that become a sketch), and between sketches; written and read
   * back, a part is the same part.
   */
  @Test
  void mergedPartsGiveTheStatisticsOfOneAccumulator() throws Exception {
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(8L);
    ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
    double[] values = new double[5000];
    for (int limit : new int[] {10_000, 1200}) {
      // Zeros (the sketch counts them apart) in the second case: no geometric mean there.
      for (int i = 0; i < values.length; i++) {
        values[i] =
            limit < values.length && i % 97 == 0 ? 0 : 1543 * Math.exp(0.4 * normal.sample());
      }
      SampleAccumulator whole = new SampleAccumulator(limit);
      for (double value : values) {
        whole.add(value);
      }
      int[] cuts = {0, 1, 700, 1500, 1501, 4000, values.length};
      SampleAccumulator merged = new SampleAccumulator(limit);
      for (int c = cuts.length - 2; c >= 0; c--) {
        SampleAccumulator part = new SampleAccumulator(limit);
        for (int i = cuts[c]; i < cuts[c + 1]; i++) {
          part.add(values[i]);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        part.write(new java.io.DataOutputStream(bytes));
        merged.merge(
            SampleAccumulator.read(
                new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())),
                limit));
      }
      Summary a = whole.summary();
      Summary b = merged.summary();
      assertEquals(limit > values.length, b.exact(), "limit " + limit);
      assertEquals(limit > values.length, Double.isFinite(b.geometricMean()));
      assertEquals(a.count(), b.count());
      assertEquals(a.mean(), b.mean(), 0, "mean");
      assertEquals(a.sd(), b.sd(), 0, "sd");
      assertEquals(a.geometricMean(), b.geometricMean(), 0, "geometric mean");
      assertTrue(java.util.Arrays.equals(a.percentiles(), b.percentiles()), "limit " + limit);
    }
  }
}
