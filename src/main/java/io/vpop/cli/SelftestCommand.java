package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.backend.Backend;
import io.vpop.backend.Backends;
import io.vpop.backend.BatchResult;
import io.vpop.backend.CpuBackend;
import io.vpop.population.PatientBatch;
import io.vpop.population.PopulationSampler;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.Metric;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import io.vpop.stats.BandAccumulator;
import io.vpop.stats.BandBuckets;
import io.vpop.stats.Percentiles;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vpop selftest}: solves the same virtual patients on the CPU backend and on the chosen
 * backend and checks that every metric and grid value agrees to {@value #TOLERANCE} relative, that
 * the band counts the backend makes itself equal its own values counted here (bit for bit: the band
 * kernel), and that every band percentile equals the CPU's (or lies one bucket away, where a value
 * sits within rounding of a bucket edge), so an installation with only the jar and a Java runtime
 * can be verified.
 */
@Command(
    name = "selftest",
    mixinStandardHelpOptions = true,
    description =
        "Checks a backend against the CPU backend on the same patients (every metric and grid value).")
final class SelftestCommand implements Callable<Integer> {
  /** The agreement required. */
  static final double TOLERANCE = 1e-6;

  /**
   * Patients per batch unless asked otherwise: both backends keep every profile here, so batches
   * stay smaller than a GPU run's.
   */
  static final int BATCH = 1 << 16;

  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenarioOptions;

  @Mixin RunOptions run;

  @Option(
      names = "--backend",
      defaultValue = "cuda",
      description = "The backend checked against the CPU (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(
      names = "--solver",
      defaultValue = "exact",
      description = "exact or dopri5, on both backends (default: ${DEFAULT-VALUE}).")
  String solver;

  @Override
  public Integer call() {
    Scenario scenario = scenarioOptions.load();
    int threads = run.checkedThreads();
    SolverKind kind = SolverKind.parse(solver, "--solver");
    if (!backend.equals("cuda")) {
      throw new InvalidInputException(
          "--backend", backend, "cuda (the CPU backend is the reference it is checked against)");
    }
    CompartmentSystem system = new CompartmentSystem(scenario.model());
    Schedule schedule = new Schedule(scenario.regimen(), scenario.grid());
    PopulationSampler sampler = scenario.sampler(scenario.modifierFactors("modifiers"), run.seed);
    int gridSize = scenario.grid().size();
    int outputs = system.outputs();
    // Bands of the CPU's values, of the checked backend's values counted here, and as it counted
    // them itself.
    BandAccumulator cpuBands = new BandAccumulator(outputs, gridSize);
    BandAccumulator checkedValueBands = new BandAccumulator(outputs, gridSize);
    BandAccumulator checkedCountedBands = new BandAccumulator(outputs, gridSize);
    boolean counted = false;
    boolean countsAgree = true;
    long bandsEqual = 0;
    long bandsOneBucketApart = 0;
    long bandsFarther = 0;
    PrintWriter out = spec.commandLine().getOut();
    double worst = 0;
    String worstWhere = "";
    long mismatches = 0;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try (Backend checked =
            Backends.select(
                backend,
                system,
                schedule,
                kind,
                threads,
                run.batchSize != null ? run.batchSize : BATCH,
                run.patients,
                line -> {});
        Backend reference =
            new CpuBackend(system, schedule, kind, threads, checked.batchCapacity())) {
      int capacity = checked.batchCapacity();
      run.checkMemory(capacity, 2, system.outputs(), gridSize);
      PatientBatch batch =
          new PatientBatch(
              capacity, scenario.regimen().infusions().size(), system.parameterCount());
      BatchResult expected = new BatchResult(capacity, system.outputs(), gridSize, true, false);
      BatchResult actual =
          new BatchResult(capacity, system.outputs(), gridSize, true, checked.countsBands());
      out.println("checking " + checked.description() + " against " + reference.description());
      for (long first = 0; first < run.patients; first += capacity) {
        int count = (int) Math.min(capacity, run.patients - first);
        sampler.fill(batch, first, count, executor, threads);
        reference.solve(batch, expected);
        checked.solve(batch, actual);
        cpuBands.recordProfiles(expected, count, executor, threads);
        checkedValueBands.recordProfiles(actual, count, executor, threads);
        for (int i = 0; i < count; i++) {
          if (expected.status(i) != actual.status(i)) {
            mismatches++;
            continue;
          }
          for (int k = 0; k < system.outputs(); k++) {
            for (Metric metric : Metric.values()) {
              double difference =
                  relative(expected.metric(k, metric, i), actual.metric(k, metric, i));
              if (difference > worst) {
                worst = difference;
                worstWhere = "patient " + (first + i + 1) + " output " + k + " " + metric.key();
              }
              mismatches += difference > TOLERANCE ? 1 : 0;
            }
            for (int g = 0; g < gridSize; g++) {
              double difference =
                  relative(expected.concentration(k, g, i), actual.concentration(k, g, i));
              if (difference > worst) {
                worst = difference;
                worstWhere = "patient " + (first + i + 1) + " output " + k + " grid point " + g;
              }
              mismatches += difference > TOLERANCE ? 1 : 0;
            }
          }
        }
      }
      if (checked.countsBands()) {
        counted = true;
        checkedCountedBands.add(checked.takeBandCounts());
        countsAgree = checkedCountedBands.sameCounts(checkedValueBands);
      }
      // A band percentile is a bucket's value: equal to the CPU's, or a bucket away when a value
      // lies within rounding of a bucket edge.
      for (int k = 0; k < outputs; k++) {
        for (int g = 0; g < gridSize; g++) {
          for (int level = 0; level < Percentiles.count(); level++) {
            double percent = Percentiles.level(level);
            double cpu = cpuBands.percentile(k, g, percent);
            double other = checkedValueBands.percentile(k, g, percent);
            if (relative(cpu, other) <= TOLERANCE) {
              bandsEqual++;
            } else if (Math.abs(BandBuckets.of(cpu) - BandBuckets.of(other)) == 1) {
              bandsOneBucketApart++;
            } else {
              bandsFarther++;
            }
          }
        }
      }
    } finally {
      executor.shutdownNow();
    }
    out.printf(
        Locale.ROOT,
        "%d patients: largest relative difference %.3g (%s); %d values beyond %.0e%n",
        run.patients,
        worst,
        worstWhere.isEmpty() ? "none" : worstWhere,
        mismatches,
        TOLERANCE);
    if (counted) {
      out.println(
          countsAgree
              ? "band counts made by the backend equal its values counted here"
              : "band counts made by the backend DIFFER from its values counted here");
    }
    out.printf(
        Locale.ROOT,
        "band percentiles: %d equal to the CPU's, %d one bucket apart (a value within rounding of a"
            + " bucket edge), %d farther%n",
        bandsEqual,
        bandsOneBucketApart,
        bandsFarther);
    boolean passed = mismatches == 0 && countsAgree && bandsFarther == 0;
    out.println(passed ? "selftest passed" : "selftest FAILED");
    out.flush();
    return passed ? 0 : 1;
  }

  /** The relative difference; 0 for two NaNs (a band without solved patients on both sides). */
  private static double relative(double a, double b) {
    if (a == b || (Double.isNaN(a) && Double.isNaN(b))) {
      return 0;
    }
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }
}
