package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.report.SweepReport;
import io.vpop.sweep.DoseMatcher;
import io.vpop.sweep.ExposureRunner;
import io.vpop.sweep.RegimenGrid;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vpop sweep}: the dose per age band that matches a reference exposure, and a grid of
 * regimens.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Finds, per age band, the dose whose exposure matches the reference's, and runs a grid of regimens.",
      "Writes DIR/recommendation.json and, with a grid, DIR/sweep.csv and heat maps."
    })
final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--preset",
      description = "Sweep shipped with vpop: pediatric-dose-match (default).")
  String preset;

  @Option(names = "--scenario", description = "A sweep file (YAML), instead of a preset.")
  Path scenario;

  @Mixin RunOptions run;

  @Option(
      names = "--backend",
      defaultValue = "auto",
      description = "auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
  String backend;

  @Mixin OutputDirectory output;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  /** The exposure runner of the sweep's reference or target scenario ({@code role}). */
  private ExposureRunner runner(
      Scenario scenario, String role, SweepScenario sweep, ExecutorService executor, int threads) {
    return new ExposureRunner(
        scenario.model(),
        scenario.parameterSet(),
        scenario.variability(),
        scenario.modifierFactors(role + ".modifiers"),
        sweep.exposure(),
        backend,
        (int) run.patients,
        run.batchSize,
        run.seed,
        executor,
        threads);
  }

  @Override
  public Integer call() throws Exception {
    if (preset != null && scenario != null) {
      throw InvalidInputException.of("--scenario", "give --preset or --scenario, not both");
    }
    SweepScenario sweep =
        scenario != null
            ? SweepScenario.file(scenario)
            : SweepScenario.preset(preset == null ? "pediatric-dose-match" : preset);
    output.check();
    int threads = run.checkedThreads();
    if (run.patients > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          "--patients", run.patients, "1 to " + Integer.MAX_VALUE + " for a sweep");
    }
    if (!List.of("auto", "cpu", "cuda").contains(backend)) {
      throw new InvalidInputException("--backend", backend, "auto, cpu, cuda");
    }
    Scenario target = sweep.target();
    Scenario reference = sweep.reference();
    PrintWriter console = spec.commandLine().getOut();
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    List<DoseMatcher.Result> results;
    List<RegimenGrid.Cell> cells = new ArrayList<>();
    double[] referenceValues;
    DoseMatcher matcher;
    try (ExposureRunner referenceRunner = runner(reference, "reference", sweep, executor, threads);
        ExposureRunner targetRunner = runner(target, "target", sweep, executor, threads)) {
      referenceValues =
          referenceRunner.run(reference.demographics(), reference.regimen(), reference.grid());
      matcher =
          new DoseMatcher(
              targetRunner,
              referenceValues,
              target.grid(),
              target.demographics(),
              target.regimen(),
              sweep.dose(),
              run.seed);
      results = matcher.match(sweep.bands());
      if (sweep.grid().isPresent()) {
        RegimenGrid grid = sweep.grid().get();
        try (ProgressReporter progress =
            new ProgressReporter((long) grid.regimens() * sweep.bands().size(), quiet)) {
          cells =
              grid.run(
                  targetRunner,
                  target.demographics(),
                  target.regimen(),
                  sweep.bands(),
                  target.grid().time(1) - target.grid().time(0),
                  sweep.attainment(),
                  progress::done);
        }
      }
    } finally {
      executor.shutdownNow();
    }
    SweepReport report =
        new SweepReport(
            Main.Version.version(),
            sweep.name(),
            sweep.description(),
            sweep.text(),
            sweep.exposure(),
            sweep.dose().unit().symbol(),
            matcher.referenceExposure(),
            matcher.referencePercentile(5),
            matcher.referencePercentile(95),
            run.patients,
            run.seed,
            results,
            cells);
    report.printTable(console);
    List<String> written = report.write(output.path());
    output.announce(console, written);
    return 0;
  }
}
