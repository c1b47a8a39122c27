package io.vpop.benchmarks;

import io.vpop.Workers;
import io.vpop.backend.CpuBackend;
import io.vpop.batch.BatchResult;
import io.vpop.batch.PatientBatch;
import io.vpop.model.ModelLoader;
import io.vpop.population.AgeDistribution;
import io.vpop.population.BodySurfaceArea;
import io.vpop.population.Demographics;
import io.vpop.population.PopulationSampler;
import io.vpop.population.VariabilityRule;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import io.vpop.stats.RunAggregate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where does a population run's time go? One batch of 1,024 {@code adult-label} patients, one thread, each
 * stage alone: sampling (demographics, doses, parameters), solving (CPU backend, exact), and aggregation
 * (metric statistics only, and with hourly bands). Time per batch; patients per second is 1,024 over it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PopulationStagesBenchmark {
  static final int BATCH = 1024;

  private Workers workers;
  private PopulationSampler sampler;
  private PatientBatch batch;
  private BatchResult result;
  private CpuBackend backend;
  private CompartmentSystem system;
  private long first;

  @Setup
  public void setUp() {
    workers = new Workers(1);
    double[] ones = new double[Patients.MODEL.parameterNames().size()];
    Arrays.fill(ones, 1);
    VariabilityRule rule = new VariabilityRule("adult", "pediatric", 18);
    sampler =
        new PopulationSampler(
            ModelLoader.builtIn("temsirolimus", "model"),
            Patients.MODEL.parameterSet("adult-label", "parameter_set"),
            new Demographics(
                AgeDistribution.uniform(18, 80),
                0.5,
                Demographics.Window.ANY,
                Demographics.Window.ANY,
                BodySurfaceArea.MOSTELLER),
            null,
            rule,
            Patients.REGIMEN,
            ones,
            1);
    system = new CompartmentSystem(Patients.MODEL);
    batch =
        new PatientBatch(
            BATCH, 1, system.parameterCount(), rule.etaParameters(Patients.MODEL).length);
    result = new BatchResult(BATCH, system.outputs(), Patients.GRID.size(), true);
    backend =
        new CpuBackend(
            system, new Schedule(Patients.REGIMEN, Patients.GRID), SolverKind.EXACT, workers, BATCH);
    sampler.fill(batch, 0, BATCH, workers);
    backend.solve(batch, result);
  }

  private RunAggregate metricsOnly;
  private RunAggregate.Feed metricsFeed;
  private RunAggregate withBands;
  private RunAggregate.Feed bandsFeed;

  /** Fresh statistics each iteration: they grow as a run's do (exact values, then the sketch). */
  @Setup(Level.Iteration)
  public void freshStatistics() {
    metricsOnly = new RunAggregate(shape(false), 0);
    metricsFeed = metricsOnly.feed(Optional::empty, workers);
    withBands = new RunAggregate(shape(true), 0);
    bandsFeed = withBands.feed(Optional::empty, workers);
  }

  private static RunAggregate.Shape shape(boolean bands) {
    return new RunAggregate.Shape(
        "adult-label benchmark",
        Patients.MODEL.outputs(), Patients.GRID.size(), List.of(), 1_000_000, bands);
  }

  @TearDown
  public void tearDown() {
    backend.close();
    workers.close();
  }

  @Benchmark
  public double sample() {
    first += BATCH;
    sampler.fill(batch, first, BATCH, workers);
    return batch.weightKg(0);
  }

  @Benchmark
  public double solve() {
    backend.solve(batch, result);
    return result.concentration(1, 300, 0);
  }

  @Benchmark
  public long aggregateMetrics() {
    // The same solved batch again, as the next patients of the run.
    batch.reset(metricsOnly.end(), BATCH);
    metricsFeed.accept(batch, result);
    return metricsOnly.patients();
  }

  @Benchmark
  public long aggregateWithBands() {
    batch.reset(withBands.end(), BATCH);
    bandsFeed.accept(batch, result);
    return withBands.patients();
  }
}
