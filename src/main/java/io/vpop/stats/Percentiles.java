package io.vpop.stats;

import org.apache.commons.numbers.arrays.Selection;

/**
 * The percentile levels vpop reports, and the exact percentile definition: Hyndman and Fan's type 7
 * (the default of R and NumPy), linear interpolation between order statistics at rank h = (n - 1)
 * p.
 */
public final class Percentiles {
  /** Reported levels, in percent. */
  private static final double[] LEVELS = {2.5, 5, 10, 25, 50, 75, 90, 95, 97.5};

  private Percentiles() {}

  /** The number of reported levels. */
  public static int count() {
    return LEVELS.length;
  }

  /** Level {@code i} in percent. */
  public static double level(int i) {
    return LEVELS[i];
  }

  /**
   * The index of a reported level.
   *
   * @param percent the level in percent, one of the reported levels
   * @throws IllegalArgumentException if vpop does not report that level
   */
  public static int indexOf(double percent) {
    for (int i = 0; i < LEVELS.length; i++) {
      if (LEVELS[i] == percent) {
        return i;
      }
    }
    throw new IllegalArgumentException("percentile " + percent + " is not a reported level");
  }

  /** A label for level i: p2.5, p5, ... */
  public static String label(int i) {
    double level = LEVELS[i];
    return level == Math.rint(level) ? "p" + (int) level : "p" + level;
  }

  /**
   * The type-7 percentile of unsorted values: {@link #exact} of a copy in which only the order
   * statistics it reads are in their sorted places (selection, linear time, instead of a sort).
   *
   * @param percent the level, 0 to 100
   */
  public static double of(double[] values, double percent) {
    int n = values.length;
    int below = (int) Math.floor((n - 1) * percent / 100);
    double[] copy = values.clone();
    Selection.select(copy, below >= n - 1 ? new int[] {n - 1} : new int[] {below, below + 1});
    return exact(copy, n, percent);
  }

  /**
   * The type-7 percentiles of every reported level of the first {@code n} values (n &gt; 0) of an
   * unsorted array: {@link #exact} of a copy in which only the order statistics they read are in
   * their sorted places.
   */
  public static double[] reported(double[] values, int n) {
    double[] copy = java.util.Arrays.copyOf(values, n);
    int[] ranks = new int[2 * LEVELS.length];
    for (int i = 0; i < LEVELS.length; i++) {
      int below = (int) Math.floor((n - 1) * LEVELS[i] / 100);
      ranks[2 * i] = Math.min(below, n - 1);
      ranks[2 * i + 1] = Math.min(below + 1, n - 1);
    }
    Selection.select(copy, ranks);
    double[] percentiles = new double[LEVELS.length];
    for (int i = 0; i < LEVELS.length; i++) {
      percentiles[i] = exact(copy, n, LEVELS[i]);
    }
    return percentiles;
  }

  /**
   * The type-7 percentile of the first {@code n} values of a sorted array.
   *
   * @param percent the level, 0 to 100
   */
  public static double exact(double[] sorted, int n, double percent) {
    double h = (n - 1) * percent / 100;
    int below = (int) Math.floor(h);
    if (below >= n - 1) {
      return sorted[n - 1];
    }
    return sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]);
  }
}
