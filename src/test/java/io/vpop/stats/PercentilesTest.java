package io.vpop.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** Type-7 percentiles: known values, and selection equal to sorting, ties included. */
class PercentilesTest {
  @Test
  void typeSevenInterpolatesBetweenOrderStatistics() {
    double[] values = {40, 10, 30, 20};
    // h = 3 p: p50 -> 1.5, between 20 and 30; p10 -> 0.3, between 10 and 20 (R's quantile type 7).
    assertEquals(25.0, Percentiles.of(values, 50));
    assertEquals(13.0, Percentiles.of(values, 10), 1e-12);
    assertEquals(40.0, Percentiles.of(values, 100));
    assertEquals(10.0, Percentiles.of(values, 0));
    assertEquals(7.0, Percentiles.of(new double[] {7}, 95));
  }

  @Test
  void selectionEqualsTheSortedDefinitionAndLeavesItsInputAlone() {
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(5L);
    for (int trial = 0; trial < 500; trial++) {
      int n = 1 + rng.nextInt(60);
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        // Few distinct values: many ties.
        values[i] = rng.nextInt(8) * 1.5;
      }
      double[] before = values.clone();
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      for (double percent : new double[] {0, 2.5, 5, 10, 25, 50, 75, 90, 95, 97.5, 100}) {
        assertEquals(
            Percentiles.exact(sorted, n, percent),
            Percentiles.of(values, percent),
            "n " + n + ", p" + percent);
      }
      assertEquals(Arrays.toString(before), Arrays.toString(values));
    }
  }
}
