package io.vpop.plot;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Which grid points a figure draws: every one up to {@value #MOST_POINTS}; beyond, in each of
 * {@value #BUCKETS} runs of consecutive points, the highest and the lowest value of each series
 * (and the first and last point), so that peaks and troughs stay where they are at a plot's
 * resolution (a run is narrower than a pixel) while a fine grid no longer makes files of megabytes.
 */
final class Thinning {
  static final int BUCKETS = 1000;
  static final int MOST_POINTS = 2 * BUCKETS;

  private Thinning() {}

  /**
   * The indices kept, in order.
   *
   * @param points the number of grid points
   * @param series the values of each series at every point (NaN where there is none)
   */
  static int[] keep(int points, List<double[]> series) {
    if (points <= MOST_POINTS) {
      return IntStream.range(0, points).toArray();
    }
    boolean[] kept = new boolean[points];
    kept[0] = true;
    kept[points - 1] = true;
    for (int bucket = 0; bucket < BUCKETS; bucket++) {
      int from = (int) ((long) points * bucket / BUCKETS);
      int to = (int) ((long) points * (bucket + 1) / BUCKETS);
      for (double[] values : series) {
        int highest = -1;
        int lowest = -1;
        for (int i = from; i < to; i++) {
          if (Double.isNaN(values[i])) {
            continue;
          }
          if (highest < 0 || values[i] > values[highest]) {
            highest = i;
          }
          if (lowest < 0 || values[i] < values[lowest]) {
            lowest = i;
          }
        }
        if (highest >= 0) {
          kept[highest] = true;
          kept[lowest] = true;
        }
      }
    }
    return IntStream.range(0, points).filter(i -> kept[i]).toArray();
  }
}
