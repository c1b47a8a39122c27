package io.vpop.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.Workers;
import io.vpop.batch.BandBuckets;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The percentiles read from band bucket counts. */
class BandAccumulatorTest {
  /**
   * Log-normal values spread over 30 orders of magnitude, added in random order: each percentile is
   * within the bucket bound of the sorted value of its rank, for every level of {@link
   * Percentiles}.
   */
  @Test
  void percentilesAreWithinTheBoundOfTheValueOfTheirRank() {
    int n = 200_001;
    double[] values = logNormal(n, 8, 17L);
    BandAccumulator bands = new BandAccumulator(1, 1);
    record(bands, values, 1);
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    for (int level = 0; level < Percentiles.count(); level++) {
      double percent = Percentiles.level(level);
      double expected = sorted[(int) Math.floor(percent / 100 * (n - 1))];
      double actual = bands.percentile(0, 0, percent);
      assertEquals(expected, actual, expected * BandBuckets.RELATIVE_ERROR, "P" + percent);
    }
    assertTrue(Double.isNaN(new BandAccumulator(1, 1).percentile(0, 0, 50)));
  }

  /** Counts made elsewhere (as the GPU makes them) give the same bands as values recorded here. */
  @Test
  void addedCountsEqualRecordedValuesInAnyOrderAndSplit() {
    double[] values = logNormal(50_000, 2, 5L);
    BandAccumulator recorded = new BandAccumulator(1, 2);
    record(recorded, values, 2);
    int[] counts = new int[2 * BandBuckets.COUNT];
    for (double value : values) {
      counts[BandBuckets.of(value)]++;
      counts[BandBuckets.COUNT + BandBuckets.of(2 * value)]++;
    }
    BandAccumulator added = new BandAccumulator(1, 2);
    int[] half = counts.clone();
    for (int i = 0; i < half.length; i++) {
      half[i] /= 2;
      counts[i] -= half[i];
    }
    added.add(half);
    added.add(counts);
    double[] reversed = values.clone();
    for (int i = 0; i < reversed.length / 2; i++) {
      double swap = reversed[i];
      reversed[i] = reversed[reversed.length - 1 - i];
      reversed[reversed.length - 1 - i] = swap;
    }
    BandAccumulator backwards = new BandAccumulator(1, 2);
    record(backwards, Arrays.copyOfRange(reversed, 0, 20_000), 2);
    record(backwards, Arrays.copyOfRange(reversed, 20_000, reversed.length), 2);
    for (int g = 0; g < 2; g++) {
      for (int level = 0; level < Percentiles.count(); level++) {
        double percent = Percentiles.level(level);
        double expected = recorded.percentile(0, g, percent);
        assertEquals(expected, added.percentile(0, g, percent), "added, time " + g);
        assertEquals(expected, backwards.percentile(0, g, percent), "backwards, time " + g);
      }
    }
  }

  /**
   * Zeros (before the first dose) and values beyond 2^64 are counted apart from the window: the
   * percentiles that fall on them are 0 and 2^64, the others stay within the bound, and equal
   * counts are told from counts one value apart.
   */
  @Test
  void zerosAndHugeValuesAreCountedApart() {
    double[] values = logNormal(10_000, 1, 9L);
    for (int i = 0; i < 3_000; i++) {
      values[i] = 0;
    }
    for (int i = 3_000; i < 3_100; i++) {
      values[i] = 1e30;
    }
    BandAccumulator bands = new BandAccumulator(1, 1);
    record(bands, values, 1);
    assertEquals(0, bands.percentile(0, 0, 25));
    assertEquals(Math.scalb(1.0, BandBuckets.MAX_EXPONENT), bands.percentile(0, 0, 99.5));
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double median = sorted[(int) Math.floor(0.5 * (values.length - 1))];
    assertEquals(median, bands.percentile(0, 0, 50), median * BandBuckets.RELATIVE_ERROR);

    BandAccumulator same = new BandAccumulator(1, 1);
    record(same, values, 1);
    assertTrue(bands.sameCounts(same));
    record(same, new double[] {median}, 1);
    assertFalse(bands.sameCounts(same));
  }

  private static double[] logNormal(int n, double sigma, long seed) {
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
    ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = Math.exp(sigma * normal.sample());
    }
    return values;
  }

  /**
   * Slots left out (failed patients) are not counted, whatever their value: the bands of a batch
   * with every third slot excluded are those of the included values alone.
   */
  @Test
  void excludedSlotsAreNotCounted() {
    double[] values = logNormal(3_000, 2, 5L);
    BandAccumulator withExcluded = new BandAccumulator(1, 2);
    record(withExcluded, values, 2, i -> i % 3 != 0);
    double[] kept =
        java.util.stream.IntStream.range(0, values.length)
            .filter(i -> i % 3 != 0)
            .mapToDouble(i -> values[i])
            .toArray();
    BandAccumulator alone = new BandAccumulator(1, 2);
    record(alone, kept, 2);
    for (int g = 0; g < 2; g++) {
      for (int level = 0; level < Percentiles.count(); level++) {
        double percent = Percentiles.level(level);
        assertEquals(alone.percentile(0, g, percent), withExcluded.percentile(0, g, percent));
      }
    }
  }

  /** Records the values at time 0 and twice the values at time 1 (if the grid has it). */
  private static void record(BandAccumulator bands, double[] values, int gridSize) {
    record(bands, values, gridSize, i -> true);
  }

  /** As above, counting only the slots {@code included} accepts. */
  private static void record(
      BandAccumulator bands,
      double[] values,
      int gridSize,
      java.util.function.IntPredicate included) {
    double[] rows = new double[values.length * gridSize];
    for (int g = 0; g < gridSize; g++) {
      for (int i = 0; i < values.length; i++) {
        rows[g * values.length + i] = (g + 1) * values[i];
      }
    }
    try (Workers workers = new Workers(2)) {
      bands.record(
          new BandAccumulator.Rows() {
            @Override
            public double[] values() {
              return rows;
            }

            @Override
            public int offset(int k, int g) {
              return g * values.length;
            }

            @Override
            public boolean included(int i) {
              return included.test(i);
            }

            @Override
            public int size() {
              return values.length;
            }
          },
          workers);
    }
  }
}
