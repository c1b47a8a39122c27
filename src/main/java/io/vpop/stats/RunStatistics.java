package io.vpop.stats;

import io.vpop.Parallel;
import io.vpop.backend.BatchResult;
import io.vpop.model.Output;
import io.vpop.solve.Metric;
import io.vpop.solve.PatientResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.DoubleUnaryOperator;

/**
 * The statistics of a run, fed batch by batch in patient index order: every metric of every output
 * ({@link SampleAccumulator}), the concentration-time bands ({@link BandAccumulator}) and the
 * attainment of each target. A patient whose solve failed is left out of all of them and counted,
 * with the first few indices and reasons kept for the report. The numbers depend only on the
 * patients, not on the thread count or the batch size. Not thread-safe: one caller feeds it.
 */
public final class RunStatistics {

  /** How many failed patients are listed by index in the report. */
  public static final int FAILURES_LISTED = 10;

  private final List<Output> outputs;
  private final int gridSize;
  private final List<Target> targets;
  private final SampleAccumulator[] metrics;
  private final BandAccumulator bands;
  private final long[] attained;
  private long patients;
  private long included;
  private final List<String> failures = new ArrayList<>();
  private long failed;

  /**
   * @param exactLimit values per metric kept for exact percentiles before the sketch takes over
   * @param withBands whether to keep concentration-time bands (they cost a bucket count per output
   *     time)
   */
  public RunStatistics(
      List<Output> outputs, int gridSize, List<Target> targets, int exactLimit, boolean withBands) {
    this.outputs = List.copyOf(outputs);
    this.gridSize = gridSize;
    this.targets = List.copyOf(targets);
    this.metrics = new SampleAccumulator[outputs.size() * PatientResult.METRICS];
    for (int i = 0; i < metrics.length; i++) {
      metrics[i] = new SampleAccumulator(exactLimit);
    }
    this.bands = withBands ? new BandAccumulator(outputs.size(), gridSize) : null;
    this.attained = new long[targets.size()];
  }

  /**
   * Whether the bands need every patient's profile from a backend: true when this run keeps bands
   * and the backend does not count them itself.
   */
  public boolean needsProfiles(boolean backendCountsBands) {
    return bands != null && !backendCountsBands;
  }

  /**
   * Whether the bands take a backend's counts ({@link #addBandCounts}): when this run keeps bands
   * and the backend counts them.
   */
  public boolean takesBandCounts(boolean backendCountsBands) {
    return bands != null && backendCountsBands;
  }

  /**
   * Adds a batch of results: its metrics, and its profiles to the bands unless the backend counts
   * them.
   *
   * @param firstIndex the run-wide index of slot 0
   * @param size the number of slots filled
   */
  public void accept(
      BatchResult result, long firstIndex, int size, ExecutorService executor, int threads) {
    for (int i = 0; i < size; i++) {
      patients++;
      PatientResult.Status status = result.status(i);
      if (status != PatientResult.Status.OK) {
        failed++;
        if (failures.size() < FAILURES_LISTED) {
          failures.add(
              "patient "
                  + (firstIndex + i + 1)
                  + ": "
                  + status.name().toLowerCase(java.util.Locale.ROOT));
        }
        continue;
      }
      included++;
      for (int t = 0; t < targets.size(); t++) {
        Target target = targets.get(t);
        if (target
            .comparison()
            .holds(result.metric(target.output(), target.metric(), i), target.threshold())) {
          attained[t]++;
        }
      }
    }
    // Each accumulator takes its values in patient order on one thread: the same for any split.
    Parallel.forChunks(
        executor,
        threads,
        metrics.length,
        (piece, from, to) -> {
          for (int m = from; m < to; m++) {
            int k = m / PatientResult.METRICS;
            Metric metric = Metric.ALL.get(m % PatientResult.METRICS);
            for (int i = 0; i < size; i++) {
              if (result.status(i) == PatientResult.Status.OK) {
                metrics[m].add(result.metric(k, metric, i));
              }
            }
          }
        });
    if (bands == null || result.countsBands()) {
      // Counted bands arrive at the end of the run, through addBandCounts.
      return;
    }
    if (!result.hasProfiles()) {
      throw new IllegalArgumentException(
          "a run with bands needs profiles or counts, and this result has neither");
    }
    bands.recordProfiles(result, size, executor, threads);
  }

  /**
   * Adds band counts made by a backend that counts bands ({@link
   * io.vpop.backend.Backend#takeBandCounts}).
   */
  public void addBandCounts(int[] counts) {
    bands.add(counts);
  }

  /** Patients seen. */
  public long patients() {
    return patients;
  }

  /** Patients whose solve failed (left out of the statistics). */
  public long failed() {
    return failed;
  }

  /** The first {@value #FAILURES_LISTED} failures, as "patient N: reason". */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** The statistics of a metric of output k. */
  public Summary summary(int k, Metric metric) {
    return metrics[k * PatientResult.METRICS + metric.ordinal()].summary();
  }

  /** Whether the run keeps concentration-time bands. */
  public boolean hasBands() {
    return bands != null;
  }

  /**
   * Percentile level {@code level} (index into {@link Percentiles}) of output k at grid time g; NaN
   * when the run keeps no bands.
   */
  public double band(int k, int g, int level) {
    return bands == null ? Double.NaN : bands.percentile(k, g, Percentiles.level(level));
  }

  public int gridSize() {
    return gridSize;
  }

  public List<Output> outputs() {
    return outputs;
  }

  /** The attainment of every target, in scenario order. */
  public List<Attainment> attainment() {
    List<Attainment> result = new ArrayList<>();
    for (int t = 0; t < targets.size(); t++) {
      result.add(Attainment.of(targets.get(t), attained[t], included));
    }
    return result;
  }

  /** Quantiles drawn from a sketch to rebuild a histogram for plotting. */
  private static final int PLOT_QUANTILES = 2000;

  /**
   * Counts of a metric's values in {@code bins} equal bins between its 0.5th and 99.5th percentile
   * (values outside go to the end bins): from all values, or, once the sketch has taken over, from
   * {@value #PLOT_QUANTILES} evenly spaced quantiles each standing for its share of the patients.
   *
   * @return {lower edge of bin 0, bin width, count 0, count 1, ...}
   */
  public double[] histogram(int k, Metric metric, int bins) {
    SampleAccumulator accumulator = metrics[k * PatientResult.METRICS + metric.ordinal()];
    double[] exact = accumulator.sortedValues();
    DoubleUnaryOperator percentile =
        exact != null
            ? percent -> Percentiles.exact(exact, exact.length, percent)
            : accumulator::sketchPercentile;
    double low = percentile.applyAsDouble(0.5);
    double high = percentile.applyAsDouble(99.5);
    double width = high > low ? (high - low) / bins : 1;
    double[] result = new double[2 + bins];
    result[0] = low;
    result[1] = width;
    if (exact != null) {
      for (double value : exact) {
        result[2 + bin(value, low, width, bins)]++;
      }
    } else {
      double share = (double) accumulator.count() / PLOT_QUANTILES;
      for (int j = 0; j < PLOT_QUANTILES; j++) {
        double value = percentile.applyAsDouble(100 * (j + 0.5) / PLOT_QUANTILES);
        result[2 + bin(value, low, width, bins)] += share;
      }
    }
    return result;
  }

  private static int bin(double value, double low, double width, int bins) {
    return (int) Math.max(0, Math.min(bins - 1, Math.floor((value - low) / width)));
  }
}
