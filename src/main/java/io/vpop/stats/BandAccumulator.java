package io.vpop.stats;

import io.vpop.Parallel;
import java.util.concurrent.ExecutorService;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Concentration-time percentile bands: for every output and grid time, an HdrHistogram of the
 * patients' values at {@value #SIGNIFICANT_DIGITS} significant digits (relative error 10^-2) on a
 * resolution of {@value #RESOLUTION_NG_ML} (in the output's unit; smaller values count as 0).
 * Histogram counts add exactly, so the bands are the same for any thread count, batch size or
 * order. Memory is fixed by the grid (about 20 KB per output and time), not by the number of
 * patients.
 */
public final class BandAccumulator {
  /** Significant digits of each band histogram. */
  public static final int SIGNIFICANT_DIGITS = 2;

  /** Relative error bound of a band percentile. */
  public static final double RELATIVE_ERROR = Math.pow(10, -SIGNIFICANT_DIGITS);

  /** The smallest value told from 0, in the output's unit. */
  public static final double RESOLUTION_NG_ML = 1e-6;

  private final int outputs;
  private final int gridSize;
  private final IntCountsHistogram[] histograms;

  public BandAccumulator(int outputs, int gridSize) {
    this.outputs = outputs;
    this.gridSize = gridSize;
    this.histograms = new IntCountsHistogram[outputs * gridSize];
    for (int i = 0; i < histograms.length; i++) {
      histograms[i] = new IntCountsHistogram(SIGNIFICANT_DIGITS);
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
  public void record(Rows rows, ExecutorService executor, int threads) {
    Parallel.forChunks(
        executor, threads, outputs * gridSize, (piece, from, to) -> recordRows(rows, from, to));
  }

  private void recordRows(Rows rows, int from, int to) {
    double[] values = rows.values();
    int size = rows.size();
    for (int row = from; row < to; row++) {
      int k = row / gridSize;
      int g = row % gridSize;
      int offset = rows.offset(k, g);
      IntCountsHistogram histogram = histograms[row];
      for (int i = 0; i < size; i++) {
        if (rows.included(i)) {
          histogram.recordValue(Math.max(0, Math.round(values[offset + i] / RESOLUTION_NG_ML)));
        }
      }
    }
  }

  /** Percentile {@code percent} of output k at grid time g, in the output's unit. */
  public double percentile(int k, int g, double percent) {
    IntCountsHistogram histogram = histograms[k * gridSize + g];
    return histogram.medianEquivalentValue(histogram.getValueAtPercentile(percent))
        * RESOLUTION_NG_ML;
  }
}
