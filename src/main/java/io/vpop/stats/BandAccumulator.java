package io.vpop.stats;

import io.vpop.Parallel;
import java.util.concurrent.ExecutorService;

/**
 * Concentration-time percentile bands: for every output and grid time, the patients' values counted
 * in {@link BandBuckets} (relative error at most {@value BandBuckets#RELATIVE_ERROR}). Counts add
 * exactly, so the bands are the same for any thread count, batch size or order, and for values
 * counted here or counted on the GPU and added with {@link #add}. Each row keeps only the span of
 * buckets its values reached (a few hundred for a population), so memory is fixed by the grid, not
 * by the number of patients.
 */
public final class BandAccumulator {
  private final int outputs;
  private final int gridSize;
  private final Row[] rows;

  public BandAccumulator(int outputs, int gridSize) {
    this.outputs = outputs;
    this.gridSize = gridSize;
    this.rows = new Row[outputs * gridSize];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new Row();
    }
  }

  /** Where the values of one output and time start in a row-major source array. */
  public interface Rows {
    /** The backing array. */
    double[] values();

    /** The offset of output k, grid time g. */
    int offset(int k, int g);

    /** Whether slot i is included. */
    boolean included(int i);

    /** The number of slots. */
    int size();
  }

  /** Records a batch, splitting the (output, time) rows over the executor's threads. */
  public void record(Rows values, ExecutorService executor, int threads) {
    Parallel.forChunks(
        executor, threads, outputs * gridSize, (piece, from, to) -> recordRows(values, from, to));
  }

  private void recordRows(Rows values, int from, int to) {
    double[] array = values.values();
    int size = values.size();
    for (int row = from; row < to; row++) {
      int offset = values.offset(row / gridSize, row % gridSize);
      Row counts = rows[row];
      for (int i = 0; i < size; i++) {
        if (values.included(i)) {
          counts.add(BandBuckets.of(array[offset + i]), 1);
        }
      }
    }
  }

  /**
   * Adds bucket counts made elsewhere (by the GPU): {@code counts[row * BandBuckets.COUNT + b]} for
   * row {@code k * gridSize + g}.
   */
  public void add(int[] counts) {
    for (int row = 0; row < rows.length; row++) {
      int base = row * BandBuckets.COUNT;
      for (int b = 0; b < BandBuckets.COUNT; b++) {
        if (counts[base + b] != 0) {
          rows[row].add(b, counts[base + b]);
        }
      }
    }
  }

  /**
   * Percentile {@code percent} of output k at grid time g, in the output's unit: the value of the
   * bucket holding the value of rank {@code percent / 100 * (n - 1)} (counting from 0, DDSketch's
   * rule); NaN with no values.
   */
  public double percentile(int k, int g, double percent) {
    return rows[k * gridSize + g].percentile(percent / 100);
  }

  /** The counts of one output and time, over the buckets from {@code first} on. */
  private static final class Row {
    private long[] counts = new long[0];
    private int first;
    private long total;

    void add(int bucket, long count) {
      if (counts.length == 0) {
        counts = new long[16];
        first = Math.max(0, Math.min(bucket - 8, BandBuckets.COUNT - counts.length));
      } else if (bucket < first || bucket >= first + counts.length) {
        int low = Math.min(first, bucket);
        int high = Math.max(first + counts.length, bucket + 1);
        // Grow by half again in the direction needed, so a row is resized O(log span) times.
        int length = Math.min(BandBuckets.COUNT, Math.max(high - low, counts.length * 3 / 2));
        int start =
            bucket < first ? Math.max(0, high - length) : Math.min(low, BandBuckets.COUNT - length);
        long[] grown = new long[length];
        System.arraycopy(counts, 0, grown, first - start, counts.length);
        counts = grown;
        first = start;
      }
      counts[bucket - first] += count;
      total += count;
    }

    double percentile(double quantile) {
      if (total == 0) {
        return Double.NaN;
      }
      double rank = quantile * (total - 1);
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen > rank) {
          return BandBuckets.value(first + i);
        }
      }
      throw new IllegalStateException("rank " + rank + " beyond " + total + " values");
    }
  }
}
