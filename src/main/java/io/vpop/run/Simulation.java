package io.vpop.run;

import io.vpop.InvalidInputException;
import io.vpop.Workers;
import io.vpop.backend.Backend;
import io.vpop.backend.Backends;
import io.vpop.backend.DeviceTime;
import io.vpop.batch.BandCounter;
import io.vpop.batch.BatchResult;
import io.vpop.batch.Metric;
import io.vpop.batch.PatientBatch;
import io.vpop.model.Covariates;
import io.vpop.population.PopulationSampler;
import io.vpop.regimen.Regimen;
import io.vpop.scenario.Scenario;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.PatientResult;
import io.vpop.solve.Schedule;
import io.vpop.stats.RunAggregate;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one way to run a scenario: its typical patient, its virtual population (streaming, into a
 * mergeable {@link RunAggregate}), or the profiles of a range of patients. Every command runs
 * through it. It owns the batching, the double-buffered pipeline, the worker threads and the
 * backend's lifetime; {@link #with} gives a simulation of another scenario that shares them (a
 * sweep's many runs on one backend). Patient i of a run depends only on the seed and i, so a
 * population can be run as ranges, apart, and their aggregates merged in index order. Close the
 * simulation that {@link #open} made; not thread-safe.
 */
public final class Simulation implements AutoCloseable {
  /** Whether a population run keeps concentration-time bands. */
  public enum Bands {
    /** Counted for every output and grid time. */
    KEEP,
    /** Metrics only. */
    SKIP
  }

  /**
   * A population run's answer.
   *
   * @param aggregate the statistics of its patients
   * @param backend the backend's description
   * @param deviceTime the GPU's kernel and copy time, when it ran on one
   * @param seconds the wall time of the run
   */
  public record Outcome(
      RunAggregate aggregate, String backend, Optional<DeviceTime> deviceTime, double seconds) {}

  /**
   * The profiles of a range of patients, solved as one batch; the next call of {@link #profiles} on
   * the same simulation reuses the arrays.
   *
   * @param batch the patients
   * @param result their metrics, statuses and profiles
   */
  public record Profiles(PatientBatch batch, BatchResult result) {}

  private final Scenario scenario;
  private final long seed;
  private final Session session;
  private final boolean ownsSession;
  private final double[] modifierFactors;
  private final CompartmentSystem system;
  private Schedule schedule;
  private Profiles profiles;

  private Simulation(
      Scenario scenario,
      long seed,
      double[] modifierFactors,
      Session session,
      boolean ownsSession) {
    this.scenario = scenario;
    this.seed = seed;
    this.modifierFactors = modifierFactors;
    this.session = session;
    this.ownsSession = ownsSession;
    this.system = session.system(scenario.model(), scenario.regimen().infusionCompartment());
  }

  /**
   * A simulation of a scenario, with its own threads and backend.
   *
   * @throws InvalidInputException naming {@code modifiers} if the scenario's modifiers do not go
   *     together
   */
  public static Simulation open(Scenario scenario, long seed, Execution execution) {
    double[] factors = scenario.modifierFactors("modifiers");
    Session session = new Session(execution);
    try {
      return new Simulation(scenario, seed, factors, session, true);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * A simulation of another scenario with the same seed, threads and backend (kept while the
   * timeline is the same): closed with this one.
   *
   * @throws InvalidInputException naming {@code modifiers} if the scenario's modifiers do not go
   *     together
   */
  public Simulation with(Scenario other) {
    return new Simulation(other, seed, other.modifierFactors("modifiers"), session, false);
  }

  public Scenario scenario() {
    return scenario;
  }

  /** The typical patient of the scenario, solved without variability. */
  public Typical typical() {
    Covariates patient = scenario.typicalPatient();
    Regimen regimen = scenario.regimen();
    double[] doseMg = new double[regimen.lines().size()];
    regimen.resolveMg(patient.weightKg(), patient.bsaM2(), doseMg);
    double[] parameters =
        Typical.parameters(
            scenario.model(), scenario.parameterSet(), patient, regimen, modifierFactors);
    PatientResult result = new PatientResult(system.outputs(), scenario.grid().size());
    session.execution().solver().create(system, schedule()).solve(parameters, doseMg, result);
    return new Typical(patient, doseMg, parameters, result);
  }

  /**
   * An observer of the scenario's {@code observations} for the patients this simulation's runs pass
   * to their sinks, with the run's solver and seed.
   *
   * @throws java.util.NoSuchElementException if the scenario asks for none
   */
  public Observer observer() {
    return new Observer(scenario, system, session.execution().solver(), seed);
  }

  /** What the aggregates of this scenario's runs keep; two aggregates merge when it is equal. */
  public RunAggregate.Shape shape(Bands bands) {
    return new RunAggregate.Shape(
        population(),
        scenario.model().outputs(),
        scenario.grid().size(),
        scenario.targets(),
        session.execution().exactLimit(),
        bands == Bands.KEEP);
  }

  /**
   * Runs the patients of {@code range}: samples, solves and aggregates them batch by batch, passing
   * each batch to {@code sink} as well, in index order.
   *
   * @throws InvalidInputException naming {@code backend} if the CUDA backend was asked for and
   *     cannot run, or {@code batch_size} if the profiles of a batch would not fit in memory
   * @throws IOException from the sink
   */
  public Outcome population(PatientRange range, Bands bands, PatientSink sink) throws IOException {
    long start = System.nanoTime();
    Backend backend = backend(range.size());
    Optional<DeviceTime> before = backend.deviceTime();
    RunAggregate aggregate = new RunAggregate(shape(bands), range.first());
    try {
      run(backend, range, aggregate, sink);
    } catch (IOException | RuntimeException | Error e) {
      session.closeBackend();
      throw e;
    }
    return new Outcome(
        aggregate,
        backend.description(),
        backend.deviceTime().map(after -> after.since(before.orElseThrow())),
        (System.nanoTime() - start) / 1e9);
  }

  /** Samples, solves and aggregates the range on a backend, passing each batch to the sink. */
  private void run(Backend backend, PatientRange range, RunAggregate aggregate, PatientSink sink)
      throws IOException {
    Workers workers = session.workers();
    RunAggregate.Feed feed = aggregate.feed(backend::bandCounter, workers);
    int capacity = backend.batchCapacity();
    boolean profiles = feed.needsProfiles();
    if (profiles) {
      // A backend that overlaps has two batches in flight, each with profiles.
      checkProfileMemory(capacity, backend.overlaps() ? 2 : 1);
    }
    checkStatisticsMemory(range.size(), aggregate.hasBands());
    PopulationRun.run(
        sampler(),
        backend,
        range,
        () ->
            new PopulationRun.Slot(
                batch(capacity),
                new BatchResult(capacity, system.outputs(), scenario.grid().size(), profiles)),
        workers,
        (batch, result) -> {
          feed.accept(batch, result);
          sink.accept(batch, result);
        },
        session.execution().progress());
    feed.finish();
  }

  /**
   * Samples the patients of {@code range} without solving them, batch by batch in index order (the
   * results passed to {@code sink} are empty).
   *
   * @throws IOException from the sink
   */
  public void sample(PatientRange range, PatientSink sink) throws IOException {
    int capacity = Backends.cpuCapacity(session.execution().batchSize(), range.size());
    PatientBatch batch = batch(capacity);
    BatchResult none = new BatchResult(0, system.outputs(), 0, false);
    PopulationSampler sampler = sampler();
    for (long first = range.first(); first < range.end(); first += capacity) {
      int count = (int) Math.min(capacity, range.end() - first);
      sampler.fill(batch, first, count, session.workers());
      sink.accept(batch, none);
      session.execution().progress().done(first + count - range.first());
    }
  }

  /**
   * The patients per batch of this simulation's backend for a run of {@code patients} (making the
   * backend if needed): a range of at most this many can be solved as one batch by {@link
   * #profiles}.
   */
  public int batchCapacity(long patients) {
    return backend(patients).batchCapacity();
  }

  /**
   * The band counter of this simulation's backend for a run of {@code patients} (making the backend
   * if needed), counting the batches solved from now on: empty for a backend that does not count
   * bands itself ({@link Backend#bandCounter}).
   */
  public Optional<BandCounter> bandCounter(long patients) {
    return backend(patients).bandCounter();
  }

  /**
   * Solves the patients of {@code range} as one batch and keeps every profile. The profiles of two
   * such batches (two backends compared) must fit in half the heap.
   *
   * @throws IllegalArgumentException if the range is larger than the {@link #batchCapacity}
   * @throws InvalidInputException naming {@code batch_size} if the profiles would not fit in memory
   */
  public Profiles profiles(PatientRange range) {
    Backend backend = backend(range.size());
    int capacity = backend.batchCapacity();
    if (range.size() > capacity) {
      throw new IllegalArgumentException(
          range.size() + " patients for a backend of " + capacity + " per batch");
    }
    if (profiles == null || profiles.batch().capacity() != capacity) {
      checkProfileMemory(capacity, 2);
      profiles =
          new Profiles(
              batch(capacity),
              new BatchResult(capacity, system.outputs(), scenario.grid().size(), true));
    }
    sampler().fill(profiles.batch(), range.first(), (int) range.size(), session.workers());
    backend.solve(profiles.batch(), profiles.result());
    return profiles;
  }

  /** The backend's description (making the backend if needed). */
  public String backendDescription(long patients) {
    return backend(patients).description();
  }

  /** The session's backend for a run of {@code patients} of this scenario (made if needed). */
  private Backend backend(long patients) {
    return session.backend(system, schedule(), patients);
  }

  /** The scenario's schedule, made once: a scenario is immutable. */
  private Schedule schedule() {
    if (schedule == null) {
      schedule = scenario.schedule();
    }
    return schedule;
  }

  /**
   * Which virtual patients this simulation's runs have, in words: aggregates of other patients
   * (another scenario file, regimen, grid, modifiers or seed) do not merge with its aggregates.
   */
  private String population() {
    return String.format(
        Locale.ROOT,
        "%s (scenario file %08x%s, model %s, parameter set %s), %s, grid to %s h in %d points,"
            + " modifiers %s, seed %d",
        scenario.name(),
        scenario.text().hashCode(),
        scenario.table() == null
            ? ""
            : String.format(
                Locale.ROOT,
                ", population table %s of %d rows %08x",
                scenario.table().source(),
                scenario.table().rows(),
                scenario.table().contentHash()),
        scenario.model().name(),
        scenario.parameterSet().name(),
        scenario.regimen(),
        scenario.grid().endH(),
        scenario.grid().size(),
        scenario.modifiers(),
        seed);
  }

  private PopulationSampler sampler() {
    return scenario.sampler(modifierFactors, seed);
  }

  private int lines() {
    return scenario.regimen().lines().size();
  }

  /**
   * An empty batch for this scenario's patients, with room for their doses, parameters and etas.
   */
  private PatientBatch batch(int capacity) {
    return new PatientBatch(
        capacity,
        lines(),
        system.parameterCount(),
        scenario.etaParameters().size(),
        scenario.model().declaredCovariates().size());
  }

  /**
   * Checks that the grid values (patients x outputs x output times, in doubles) of {@code batches}
   * batches held at once fit in half the heap, each in one Java array.
   *
   * @throws InvalidInputException naming {@code batch_size} with the largest batch that fits
   */
  private void checkProfileMemory(int capacity, int batches) {
    int gridSize = scenario.grid().size();
    long perPatient = (long) system.outputs() * gridSize;
    long budget =
        Math.min(
            Runtime.getRuntime().maxMemory() / 2 / Double.BYTES / batches, Integer.MAX_VALUE - 8L);
    if ((long) capacity * perPatient > budget) {
      throw new InvalidInputException(
          "batch_size",
          capacity,
          "at most "
              + Math.max(1, budget / perPatient)
              + " patients per batch for "
              + gridSize
              + " output times (or a coarser grid)");
    }
  }

  /**
   * Bucket counts a band row holds on average: about 750 measured for adult-label (a row spans the
   * buckets its values reach), with room for wider spreads.
   */
  private static final long BUCKETS_PER_BAND_ROW = 1000;

  /**
   * Checks that the run's statistics fit in half the heap: the values kept for exact percentiles
   * (every metric of every output, up to the exact limit) and the band counts.
   *
   * @throws InvalidInputException naming {@code time_grid.step_h} when the bands of a fine grid are
   *     what does not fit, else {@code patients}
   */
  private void checkStatisticsMemory(long patients, boolean bands) {
    long values =
        Math.min(patients, session.execution().exactLimit())
            * system.outputs()
            * Metric.COUNT
            * Double.BYTES;
    long counts =
        bands
            ? (long) system.outputs() * scenario.grid().size() * BUCKETS_PER_BAND_ROW * Long.BYTES
            : 0;
    long budget = Runtime.getRuntime().maxMemory() / 2;
    if (values + counts <= budget) {
      return;
    }
    String heap = " (half the heap is " + budget / (1 << 20) + " MiB; java -Xmx gives more)";
    if (counts > values) {
      throw InvalidInputException.of(
          "time_grid.step_h",
          "the bands of "
              + scenario.grid().size()
              + " output times need about "
              + counts / (1 << 20)
              + " MiB"
              + heap
              + "; allowed: a coarser grid, or no bands");
    }
    throw InvalidInputException.of(
        "patients",
        "the values kept for exact percentiles need about "
            + values / (1 << 20)
            + " MiB"
            + heap
            + "; allowed: fewer patients");
  }

  /** Releases the threads and the backend, when this simulation was made by {@link #open}. */
  @Override
  public void close() {
    if (ownsSession) {
      session.close();
    }
  }
}
