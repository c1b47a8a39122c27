package io.vpop.stats;

import io.vpop.Workers;
import io.vpop.batch.BandCounter;
import io.vpop.batch.BatchResult;
import io.vpop.batch.Metric;
import io.vpop.batch.PatientBatch;
import io.vpop.batch.Status;
import io.vpop.model.Output;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

/**
 * The statistics of the patients [first, end) of a run: every metric of every output ({@link
 * SampleAccumulator}), the concentration-time bands ({@link BandAccumulator}), the attainment of
 * each target, and the patients whose solve failed (left out of all of them and counted, the first
 * few listed by index and reason).
 *
 * <p>Aggregates merge: the aggregate of [a, b) {@linkplain #merge merged} with that of [b, c) is
 * the aggregate of [a, c), the same to the last bit whatever the split, because every part adds
 * exactly (exact sums, bucket counts, attained counts, values kept for exact percentiles or counted
 * in a sketch). An aggregate {@linkplain #write writes} itself in a compact versioned binary form,
 * so shards of one population can be run apart (on other machines) and merged in index order. Not
 * thread-safe.
 */
public final class RunAggregate {
  /** How many failed patients are listed by index in the report. */
  public static final int FAILURES_LISTED = 10;

  /** The version of the written form; a reader takes only its own. */
  private static final int FORMAT_VERSION = 1;

  /** The first bytes of a written aggregate: "vpopAGG" and the format version. */
  private static final long MAGIC = 0x7670_6f70_4147_4700L | FORMAT_VERSION;

  /**
   * What an aggregate keeps, and of which population; aggregates merge only with aggregates of the
   * same shape.
   *
   * @param population which virtual patients: scenario, regimen, grid and seed, in words
   * @param outputs the model's outputs
   * @param gridSize the output times of the bands
   * @param targets the targets whose attainment is counted
   * @param exactLimit values per metric kept for exact percentiles before a sketch takes over
   * @param bands whether concentration-time bands are kept (a bucket count per output time)
   */
  public record Shape(
      String population,
      List<Output> outputs,
      int gridSize,
      List<Target> targets,
      int exactLimit,
      boolean bands) {
    public Shape {
      outputs = List.copyOf(outputs);
      targets = List.copyOf(targets);
    }
  }

  /** A failed patient: its run-wide index (0-based) and why. */
  private record Failure(long index, Status status) {}

  private final Shape shape;
  private final long first;
  private long end;
  private long failed;
  private final List<Failure> failures = new ArrayList<>();
  private final SampleAccumulator[] metrics;
  private final BandAccumulator bands;
  private final long[] attained;

  /** An empty aggregate whose first patient will have index {@code first}. */
  public RunAggregate(Shape shape, long first) {
    this.shape = shape;
    this.first = first;
    this.end = first;
    this.metrics = new SampleAccumulator[shape.outputs().size() * Metric.COUNT];
    for (int i = 0; i < metrics.length; i++) {
      metrics[i] = new SampleAccumulator(shape.exactLimit());
    }
    this.bands =
        shape.bands() ? new BandAccumulator(shape.outputs().size(), shape.gridSize()) : null;
    this.attained = new long[shape.targets().size()];
  }

  public Shape shape() {
    return shape;
  }

  /** The index of the first patient. */
  public long first() {
    return first;
  }

  /** One past the index of the last patient. */
  public long end() {
    return end;
  }

  /**
   * Starts taking a run's solved batches. When this aggregate keeps bands it asks for the backend's
   * band counter ({@code counter}); without one, the batches must bring their profiles.
   *
   * @param counter asked once, and only when bands are kept
   * @param workers threads for the statistics
   */
  public Feed feed(Supplier<Optional<BandCounter>> counter, Workers workers) {
    return new Feed(bands == null ? Optional.empty() : counter.get(), workers);
  }

  /** Takes one run's batches, in index order, into the aggregate. */
  public final class Feed {
    private final Optional<BandCounter> counter;
    private final Workers workers;

    private Feed(Optional<BandCounter> counter, Workers workers) {
      this.counter = counter;
      this.workers = workers;
    }

    /** Whether the batches' results must keep every patient's profile (for bands counted here). */
    public boolean needsProfiles() {
      return bands != null && counter.isEmpty();
    }

    /**
     * Adds a solved batch: its metrics and target attainment, and its profiles to the bands unless
     * the backend counts them.
     *
     * @throws IllegalArgumentException if the batch does not start where the aggregate ends, or
     *     lacks the profiles the bands need
     */
    public void accept(PatientBatch batch, BatchResult result) {
      if (batch.size() > 0 && batch.index(0) != end) {
        throw new IllegalArgumentException(
            "a batch from patient " + batch.index(0) + " for an aggregate ending at " + end);
      }
      if (needsProfiles() && !result.hasProfiles()) {
        throw new IllegalArgumentException("the bands need the batch's profiles");
      }
      int size = batch.size();
      countPatients(result, size);
      // Each accumulator takes its values on one thread: the same for any split.
      workers.forChunks(metrics.length, (piece, from, to) -> addMetrics(result, size, from, to));
      if (needsProfiles()) {
        bands.recordProfiles(result, size, workers);
      }
    }

    /** Ends the run: takes the band counts the backend made of its batches. */
    public void finish() {
      counter.ifPresent(c -> bands.add(c.take()));
    }
  }

  private void countPatients(BatchResult result, int size) {
    for (int i = 0; i < size; i++) {
      Status status = result.status(i);
      if (status != Status.OK) {
        failed++;
        if (failures.size() < FAILURES_LISTED) {
          failures.add(new Failure(end + i, status));
        }
        continue;
      }
      for (int t = 0; t < attained.length; t++) {
        Target target = shape.targets().get(t);
        double value = result.metric(target.output(), target.metric(), i);
        if (target.attainedBy(value)) {
          attained[t]++;
        }
      }
    }
    end += size;
  }

  private void addMetrics(BatchResult result, int size, int from, int to) {
    for (int m = from; m < to; m++) {
      int k = m / Metric.COUNT;
      Metric metric = Metric.ALL.get(m % Metric.COUNT);
      for (int i = 0; i < size; i++) {
        if (result.status(i) == Status.OK) {
          metrics[m].add(result.metric(k, metric, i));
        }
      }
    }
  }

  /**
   * Adds the aggregate of the patients that follow: this becomes the aggregate of [first, {@code
   * next.end()}).
   *
   * @throws IllegalArgumentException if {@code next} has another shape or does not start where this
   *     ends
   */
  public void merge(RunAggregate next) {
    if (!next.shape.equals(shape)) {
      throw new IllegalArgumentException("aggregates of different shapes do not merge");
    }
    if (next.first != end) {
      throw new IllegalArgumentException(
          "an aggregate from patient " + next.first + " after one ending at " + end);
    }
    failed += next.failed;
    for (Failure failure : next.failures) {
      if (failures.size() < FAILURES_LISTED) {
        failures.add(failure);
      }
    }
    for (int m = 0; m < metrics.length; m++) {
      metrics[m].merge(next.metrics[m]);
    }
    if (bands != null) {
      bands.merge(next.bands);
    }
    for (int t = 0; t < attained.length; t++) {
      attained[t] += next.attained[t];
    }
    end = next.end;
  }

  /**
   * Writes the aggregate: a magic number with the format version, a fingerprint of the shape, the
   * patient range, failures, attained counts, every metric's accumulator and the band counts.
   */
  public void write(OutputStream stream) throws IOException {
    DataOutputStream out = new DataOutputStream(stream);
    out.writeLong(MAGIC);
    out.writeUTF(fingerprint(shape));
    out.writeLong(first);
    out.writeLong(end);
    out.writeLong(failed);
    out.writeInt(failures.size());
    for (Failure failure : failures) {
      out.writeLong(failure.index());
      out.writeByte(failure.status().ordinal());
    }
    for (long count : attained) {
      out.writeLong(count);
    }
    for (SampleAccumulator accumulator : metrics) {
      accumulator.write(out);
    }
    if (bands != null) {
      bands.write(out);
    }
    out.flush();
  }

  /**
   * Reads an aggregate written by {@link #write} for a run of this shape.
   *
   * @throws IOException if the data is not an aggregate of this format version and shape
   */
  public static RunAggregate read(InputStream stream, Shape shape) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    long magic = in.readLong();
    if (magic != MAGIC) {
      throw new IOException(
          String.format(Locale.ROOT, "not a vpop aggregate of format %d", FORMAT_VERSION));
    }
    if (!in.readUTF().equals(fingerprint(shape))) {
      throw new IOException("an aggregate of another run's shape");
    }
    RunAggregate aggregate = new RunAggregate(shape, in.readLong());
    aggregate.end = in.readLong();
    aggregate.failed = in.readLong();
    int listed = in.readInt();
    Status[] statuses = Status.values();
    for (int f = 0; f < listed; f++) {
      long index = in.readLong();
      int status = in.readUnsignedByte();
      if (status >= statuses.length || f >= FAILURES_LISTED) {
        throw new IOException("failure " + f + " with status " + status);
      }
      aggregate.failures.add(new Failure(index, statuses[status]));
    }
    for (int t = 0; t < aggregate.attained.length; t++) {
      aggregate.attained[t] = in.readLong();
    }
    for (int m = 0; m < aggregate.metrics.length; m++) {
      aggregate.metrics[m] = SampleAccumulator.read(in, shape.exactLimit());
    }
    if (shape.bands()) {
      aggregate.bands.merge(BandAccumulator.read(in, shape.outputs().size(), shape.gridSize()));
    }
    aggregate.checkCounts();
    return aggregate;
  }

  /** Checks that the counts read agree with each other. */
  private void checkCounts() throws IOException {
    long included = patients() - failed;
    boolean agree = end >= first && failed >= 0 && included >= 0;
    agree &= failures.size() == Math.min(failed, FAILURES_LISTED);
    for (Failure failure : failures) {
      agree &= failure.index() >= first && failure.index() < end;
    }
    for (long count : attained) {
      agree &= count >= 0 && count <= included;
    }
    for (SampleAccumulator accumulator : metrics) {
      agree &= accumulator.count() == included;
    }
    if (!agree) {
      throw new IOException(
          "an aggregate of patients [" + first + ", " + end + ") whose counts disagree");
    }
  }

  /** What the reader must agree on: population, outputs, grid size, targets, limit and bands. */
  private static String fingerprint(Shape shape) {
    StringBuilder text = new StringBuilder(shape.population()).append(';');
    for (Output output : shape.outputs()) {
      text.append(output.name()).append(' ').append(output.unit()).append(';');
    }
    text.append(shape.gridSize()).append(';');
    for (Target target : shape.targets()) {
      text.append(target.description()).append(';');
    }
    return text.append(shape.exactLimit()).append(';').append(shape.bands()).toString();
  }

  /** Patients seen. */
  public long patients() {
    return end - first;
  }

  /** Patients whose solve failed (left out of the statistics). */
  public long failed() {
    return failed;
  }

  /** The first {@value #FAILURES_LISTED} failures, as "patient N: reason" (N counted from 1). */
  public List<String> failures() {
    List<String> lines = new ArrayList<>();
    for (Failure failure : failures) {
      lines.add(
          "patient "
              + (failure.index() + 1)
              + ": "
              + failure.status().name().toLowerCase(Locale.ROOT));
    }
    return lines;
  }

  /** The statistics of a metric of output k. */
  public Summary summary(int k, Metric metric) {
    return metrics[k * Metric.COUNT + metric.ordinal()].summary();
  }

  /** Whether the run keeps concentration-time bands. */
  public boolean hasBands() {
    return bands != null;
  }

  /** The band counts, for comparing two runs' bands; empty when the run keeps none. */
  public Optional<BandAccumulator> bands() {
    return Optional.ofNullable(bands);
  }

  /**
   * Percentile level {@code level} (index into {@link Percentiles}) of output k at grid time g; NaN
   * when the run keeps no bands.
   */
  public double band(int k, int g, int level) {
    return bands == null ? Double.NaN : bands.percentile(k, g, Percentiles.level(level));
  }

  public int gridSize() {
    return shape.gridSize();
  }

  public List<Output> outputs() {
    return shape.outputs();
  }

  /** The attainment of every target, in scenario order. */
  public List<Attainment> attainment() {
    List<Attainment> result = new ArrayList<>();
    for (int t = 0; t < attained.length; t++) {
      result.add(Attainment.of(shape.targets().get(t), attained[t], patients() - failed));
    }
    return result;
  }

  /** Quantiles drawn from a sketch to rebuild a histogram for plotting. */
  private static final int PLOT_QUANTILES = 2000;

  /**
   * A histogram of a metric in about {@code bins} round bins over its 0.5th to 99.5th percentile,
   * counting the values outside: from all values, or, once the sketch has taken over, from {@value
   * #PLOT_QUANTILES} evenly spaced quantiles each standing for its share of the patients.
   *
   * @return the histogram, or null when no patient has a value
   */
  public Histogram histogram(int k, Metric metric, int bins) {
    SampleAccumulator accumulator = metrics[k * Metric.COUNT + metric.ordinal()];
    if (accumulator.count() == 0) {
      return null;
    }
    double[] exact = accumulator.sortedValues();
    DoubleUnaryOperator percentile =
        exact != null
            ? percent -> Percentiles.exact(exact, exact.length, percent)
            : accumulator::sketchPercentile;
    return Histogram.of(percentile, exact, accumulator.count(), bins, PLOT_QUANTILES);
  }
}
