package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.plot.PlotFormat;
import io.vpop.report.ResultFolder;
import io.vpop.report.SweepReport;
import io.vpop.run.Execution;
import io.vpop.run.Simulation;
import io.vpop.scenario.Scenario;
import io.vpop.solve.SolverKind;
import io.vpop.sweep.DoseMatcher;
import io.vpop.sweep.ExposureRunner;
import io.vpop.sweep.RegimenGrid;
import io.vpop.sweep.SweepScenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vpop sweep}: the dose per age band that matches a reference exposure or a fixed goal, and
 * a grid of regimens.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Finds, per age band, the dose whose exposure matches the reference's or a fixed goal, and runs a grid of regimens.",
      "Writes DIR/recommendation.json and, with a grid, DIR/sweep.csv and heat maps."
    })
final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PlotOption plots;

  @Option(
      names = "--preset",
      completionCandidates = SweepNames.class,
      description =
          "Sweep shipped with vpop (default: pediatric-dose-match): ${COMPLETION-CANDIDATES}."
              + " 'vpop presets' describes them.")
  String preset;

  /** The shipped sweeps, found in the jar, so that help and completion list every one. */
  static final class SweepNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return SweepScenario.presets().iterator();
    }
  }

  @Option(names = "--scenario", description = "A sweep file (YAML), instead of a preset.")
  Path scenario;

  @Mixin RunOptions run;

  @Mixin BackendOption backend;

  @Mixin OutputDirectory output;

  @Mixin QuietOption quiet;

  @Override
  public Integer call() {
    try {
      SweepScenario sweep = load();
      PlotFormat plotFormat = plots.format(true);
      try (ResultFolder folder = output.open()) {
        return sweep(sweep, plotFormat, folder);
      }
    } catch (InvalidInputException e) {
      throw FieldOptions.ofRuns().renamed(e);
    } catch (IOException e) {
      throw output.writeFailed(e);
    }
  }

  /** The chosen sweep, checked. */
  private SweepScenario load() {
    if (preset != null && scenario != null) {
      throw InvalidInputException.of("--scenario", "give --preset or --scenario, not both");
    }
    return scenario != null
        ? SweepScenario.file(scenario, "--scenario")
        : SweepScenario.preset(preset == null ? "pediatric-dose-match" : preset, "--preset");
  }

  private int sweep(SweepScenario sweep, PlotFormat plotFormat, ResultFolder folder)
      throws IOException {
    Execution execution = run.execution(backend.choice(), SolverKind.EXACT);
    long patients = run.checkedPatients();
    if (patients > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          "--patients", patients, "1 to " + Integer.MAX_VALUE + " for a sweep");
    }
    Scenario target = sweep.target();
    PrintWriter console = spec.commandLine().getOut();
    List<DoseMatcher.Result> results;
    List<RegimenGrid.Cell> cells;
    DoseMatcher.Goal goal;
    // The runs are opened on the reference where there is one: its Simulation serves the target
    // too.
    try (Simulation runs = Simulation.open(sweep.reference().orElse(target), run.seed, execution)) {
      ExposureRunner targetRunner =
          new ExposureRunner(runs.with(target), sweep.exposure(), (int) patients);
      if (sweep.reference().isPresent()) {
        Scenario reference = sweep.reference().get();
        double[] referenceValues =
            new ExposureRunner(runs, sweep.exposure(), (int) patients)
                .run(reference.demographics(), reference.regimen(), reference.grid());
        goal = DoseMatcher.Goal.ofReference(sweep.exposure(), referenceValues);
      } else {
        SweepScenario.FixedGoal fixed = sweep.goal().orElseThrow();
        goal =
            DoseMatcher.Goal.ofValue(
                fixed.value(), fixed.rangeLow(), fixed.rangeHigh(), fixed.source());
      }
      DoseMatcher matcher =
          new DoseMatcher(
              targetRunner,
              goal,
              target.grid(),
              target.demographics(),
              target.regimen(),
              sweep.dose(),
              run.seed);
      results = matcher.match(sweep.bands());
      cells = grid(sweep, targetRunner);
    }
    SweepReport report =
        new SweepReport(
            Main.Version.version(),
            sweep.name(),
            sweep.description(),
            sweep.text(),
            sweep.exposure(),
            target.model().outputs().get(sweep.exposure().output()).label(),
            sweep.dose().unit().symbol(),
            goal,
            patients,
            run.seed,
            results,
            cells);
    report.printTable(console);
    List<String> written = report.write(folder.staging(), plotFormat);
    output.commit(folder);
    output.announce(console, written);
    return 0;
  }

  /** The cells of the sweep's regimen grid, if it has one, with their progress. */
  private List<RegimenGrid.Cell> grid(SweepScenario sweep, ExposureRunner targetRunner) {
    if (sweep.grid().isEmpty()) {
      return List.of();
    }
    RegimenGrid grid = sweep.grid().get();
    Scenario target = sweep.target();
    try (ProgressReporter progress =
        new ProgressReporter(
            "sweep",
            "cells",
            (long) grid.regimens() * sweep.bands().size(),
            quiet.quiet,
            spec.commandLine().getErr())) {
      return grid.run(
          targetRunner,
          target.demographics(),
          target.regimen(),
          sweep.bands(),
          target.grid().time(1) - target.grid().time(0),
          sweep.attainment(),
          progress::done);
    }
  }
}
