package io.vpop.benchmarks;

import io.vpop.backend.BatchResult;
import io.vpop.backend.CpuBackend;
import io.vpop.model.ModelLoader;
import io.vpop.population.AgeDistribution;
import io.vpop.population.BodySurfaceArea;
import io.vpop.population.Demographics;
import io.vpop.population.PatientBatch;
import io.vpop.population.PopulationSampler;
import io.vpop.population.VariabilityRule;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import io.vpop.stats.RunStatistics;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

  private ExecutorService executor;
  private PopulationSampler sampler;
  private PatientBatch batch;
  private BatchResult result;
  private CpuBackend backend;
  private CompartmentSystem system;
  private long first;

  @Setup
  public void setUp() {
    executor = Executors.newSingleThreadExecutor();
    double[] ones = new double[Patients.MODEL.parameterNames().size()];
    Arrays.fill(ones, 1);
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
            new VariabilityRule("adult", "pediatric", 18),
            Patients.REGIMEN,
            ones,
            1);
    system = new CompartmentSystem(Patients.MODEL);
    batch = new PatientBatch(BATCH, 1, system.parameterCount());
    result = new BatchResult(BATCH, system.outputs(), Patients.GRID.size(), true, false);
    backend =
        new CpuBackend(
            system, new Schedule(Patients.REGIMEN, Patients.GRID), SolverKind.EXACT, 1, BATCH);
    sampler.fill(batch, 0, BATCH, executor, 1);
    backend.solve(batch, result);
  }

  private RunStatistics metricsOnly;
  private RunStatistics withBands;

  /** Fresh statistics each iteration: they grow as a run's do (exact values, then the sketch). */
  @Setup(Level.Iteration)
  public void freshStatistics() {
    metricsOnly =
        new RunStatistics(Patients.MODEL.outputs(), Patients.GRID.size(), List.of(), 1_000_000, false);
    withBands =
        new RunStatistics(Patients.MODEL.outputs(), Patients.GRID.size(), List.of(), 1_000_000, true);
  }

  @TearDown
  public void tearDown() {
    backend.close();
    executor.shutdownNow();
  }

  @Benchmark
  public double sample() {
    first += BATCH;
    sampler.fill(batch, first, BATCH, executor, 1);
    return batch.weightKg(0);
  }

  @Benchmark
  public double solve() {
    backend.solve(batch, result);
    return result.concentration(1, 300, 0);
  }

  @Benchmark
  public long aggregateMetrics() {
    metricsOnly.accept(result, 0, BATCH, executor, 1);
    return metricsOnly.patients();
  }

  @Benchmark
  public long aggregateWithBands() {
    withBands.accept(result, 0, BATCH, executor, 1);
    return withBands.patients();
  }
}
