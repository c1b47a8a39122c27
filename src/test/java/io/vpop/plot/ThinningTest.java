package io.vpop.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A fine grid is thinned for drawing, but every series keeps its peaks and troughs. */
class ThinningTest {
  @Test
  void smallGridsAreDrawnWhole() {
    assertArrayEquals(
        IntStream.range(0, 673).toArray(), Thinning.keep(673, List.of(new double[673])));
  }

  @Test
  void fineGridsKeepEveryBucketsExtremes() {
    int points = 50_001;
    double[] weekly = new double[points];
    double[] spiky = new double[points];
    for (int i = 0; i < points; i++) {
      double t = i * 0.01344;
      weekly[i] = Math.exp(-(t % 168) / 20);
      spiky[i] = i == 31_337 ? 1e3 : (i == 4_242 ? -5 : Math.sin(t));
    }
    int[] kept = Thinning.keep(points, List.of(weekly, spiky));
    assertTrue(kept.length <= 2 * 2 * Thinning.BUCKETS + 2, "points drawn: " + kept.length);
    assertEquals(0, kept[0]);
    assertEquals(points - 1, kept[kept.length - 1]);
    for (int k = 1; k < kept.length; k++) {
      assertTrue(kept[k] > kept[k - 1], "in order, no repeats");
    }
    assertTrue(Arrays.binarySearch(kept, 31_337) >= 0, "the spike");
    assertTrue(Arrays.binarySearch(kept, 4_242) >= 0, "the dip");
    // The doses' peaks: every point where the weekly curve restarts at 1.
    for (int i = 1; i < points; i++) {
      if (weekly[i] > weekly[i - 1]) {
        assertTrue(Arrays.binarySearch(kept, i) >= 0, "peak at " + i);
      }
    }
  }
}
