package io.vpop.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import io.vpop.Parallel;
import java.util.concurrent.ExecutorService;

/**
 * Concentration-time percentile bands: for every output and grid time, a DDSketch of the patients'
 * values of relative accuracy {@value #RELATIVE_ERROR}. Sketch counts add exactly, so the bands are
 * the same for any thread count, batch size or order. Memory is fixed by the grid and the range of
 * the values (a few KB per output and time), not by the number of patients.
 */
public final class BandAccumulator {
  /** Relative error bound of a band percentile. */
  public static final double RELATIVE_ERROR = 1e-2;

  private final int outputs;
  private final int gridSize;
  private final DDSketch[] sketches;

  public BandAccumulator(int outputs, int gridSize) {
    this.outputs = outputs;
    this.gridSize = gridSize;
    this.sketches = new DDSketch[outputs * gridSize];
    for (int i = 0; i < sketches.length; i++) {
      sketches[i] = DDSketches.unboundedDense(RELATIVE_ERROR);
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
      DDSketch sketch = sketches[row];
      for (int i = 0; i < size; i++) {
        if (rows.included(i)) {
          sketch.accept(values[offset + i]);
        }
      }
    }
  }

  /**
   * Percentile {@code percent} of output k at grid time g, in the output's unit; NaN with no
   * values.
   */
  public double percentile(int k, int g, double percent) {
    DDSketch sketch = sketches[k * gridSize + g];
    return sketch.isEmpty() ? Double.NaN : sketch.getValueAtQuantile(percent / 100);
  }
}
