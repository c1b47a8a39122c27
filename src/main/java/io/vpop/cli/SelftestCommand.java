package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.backend.Backend;
import io.vpop.backend.Backends;
import io.vpop.backend.BatchResult;
import io.vpop.backend.CpuBackend;
import io.vpop.model.Output;
import io.vpop.population.PatientBatch;
import io.vpop.population.PopulationSampler;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.Metric;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import io.vpop.stats.Percentiles;
import io.vpop.stats.RunStatistics;
import io.vpop.stats.SampleAccumulator;
import java.io.PrintWriter;
import java.util.List;
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
 * backend and checks that every metric and grid value agrees to {@value #TOLERANCE} relative, and
 * every band percentile (counted on the device from its own values, on the CPU from the CPU's), so
 * an installation with only the jar and a Java runtime can be verified.
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
    PopulationSampler sampler =
        new PopulationSampler(
            scenario.model(),
            scenario.parameterSet(),
            scenario.demographics(),
            scenario.variability(),
            scenario.regimen(),
            scenario.model().modifierFactors(scenario.modifiers(), "modifiers"),
            run.seed);
    int gridSize = scenario.grid().size();
    List<Output> outputs = scenario.model().outputs();
    RunStatistics expectedStatistics =
        new RunStatistics(
            outputs, gridSize, List.of(), SampleAccumulator.DEFAULT_EXACT_LIMIT, true);
    RunStatistics actualStatistics =
        new RunStatistics(
            outputs, gridSize, List.of(), SampleAccumulator.DEFAULT_EXACT_LIMIT, true);
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
        expectedStatistics.accept(expected, first, count, executor, threads);
        actualStatistics.accept(actual, first, count, executor, threads);
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
      for (int k = 0; k < system.outputs(); k++) {
        for (int g = 0; g < gridSize; g++) {
          for (int level = 0; level < Percentiles.count(); level++) {
            double difference =
                relative(expectedStatistics.band(k, g, level), actualStatistics.band(k, g, level));
            if (difference > worst) {
              worst = difference;
              worstWhere =
                  "band " + Percentiles.label(level) + " of output " + k + " at grid point " + g;
            }
            mismatches += difference > TOLERANCE ? 1 : 0;
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
    out.println(mismatches == 0 ? "selftest passed" : "selftest FAILED");
    out.flush();
    return mismatches == 0 ? 0 : 1;
  }

  private static double relative(double a, double b) {
    if (a == b) {
      return 0;
    }
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }
}
