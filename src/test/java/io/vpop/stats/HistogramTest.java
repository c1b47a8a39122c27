package io.vpop.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Histograms count every value once, in round bins or beside them, and hide none. */
class HistogramTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"0.7, 1", "1, 1", "1.2, 2", "2.1, 2.5", "3, 5", "7, 10", "0.013, 0.02", "420, 500"})
  void widthsAreRound(double raw, double expected) {
    assertEquals(expected, Histogram.roundWidth(raw, 1), expected * 1e-12);
  }

  @Test
  void everyValueIsInABinOrCountedOutside() {
    UniformRandomProvider random = RandomSource.PHILOX_4X64.create(7L);
    double[] values = new double[5000];
    for (int i = 0; i < values.length; i++) {
      // Log-normal, as exposures are, with a few far outliers.
      values[i] = 5800 * Math.exp(0.3 * gaussian(random)) + (i % 1000 == 0 ? 1e5 : 0);
    }
    Arrays.sort(values);
    Histogram histogram =
        Histogram.of(
            percent -> Percentiles.exact(values, values.length, percent),
            values,
            values.length,
            40,
            0);
    double inBins = Arrays.stream(histogram.counts()).sum();
    assertEquals(values.length, inBins + histogram.below() + histogram.above(), 0);
    long below = Arrays.stream(values).filter(v -> v < histogram.low()).count();
    long above = Arrays.stream(values).filter(v -> v > histogram.high()).count();
    assertEquals(below, histogram.below(), 0);
    assertEquals(above, histogram.above(), 0);
    assertTrue(above >= 5, "the outliers are counted above the bars: " + above);
    // Edges are multiples of the round width, and the bars cover the 0.5th-99.5th percentiles.
    assertEquals(0, Math.IEEEremainder(histogram.low(), histogram.width()), 1e-9);
    assertTrue(histogram.low() <= Percentiles.exact(values, values.length, 0.5));
    assertTrue(histogram.high() >= Percentiles.exact(values, values.length, 99.5));
    assertTrue(histogram.counts().length <= 42, "about 40 bins: " + histogram.counts().length);
    assertEquals(Percentiles.exact(values, values.length, 50), histogram.median(), 0);
    for (int b = 0; b < histogram.counts().length; b++) {
      double from = histogram.low() + b * histogram.width();
      double to = from + histogram.width();
      boolean last = b == histogram.counts().length - 1;
      long count =
          Arrays.stream(values).filter(v -> v >= from && (last ? v <= to : v < to)).count();
      assertEquals(count, histogram.counts()[b], 0, "bin " + b);
    }
  }

  @Test
  void identicalValuesMakeOneBin() {
    double[] values = {168.5, 168.5, 168.5};
    Histogram histogram = Histogram.of(percent -> 168.5, values, values.length, 40, 0);
    assertEquals(1, histogram.counts().length);
    assertEquals(3, histogram.counts()[0], 0);
    assertTrue(histogram.low() <= 168.5 && histogram.high() >= 168.5);
  }

  private static double gaussian(UniformRandomProvider random) {
    // Box-Muller: enough for a test population.
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
