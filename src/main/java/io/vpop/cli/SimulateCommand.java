package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.plot.PlotFormat;
import io.vpop.plot.Rendered;
import io.vpop.report.ObservationTable;
import io.vpop.report.PatientTable;
import io.vpop.report.PopulationReport;
import io.vpop.report.ResultFolder;
import io.vpop.run.Execution;
import io.vpop.run.PatientRange;
import io.vpop.run.PatientSink;
import io.vpop.run.Simulation;
import io.vpop.scenario.Scenario;
import io.vpop.solve.SolverKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vpop simulate}: runs a scenario and reports exposure metrics. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates a scenario and reports AUC, Cmax, tmax, trough and the other metrics for each of the model's outputs.",
      "A population run writes DIR/summary.json, DIR/bands.csv, plots and DIR/report.html (and"
          + " DIR/patients.csv with --per-patient, DIR/observations.csv where the scenario asks"
          + " for observations); --typical writes DIR/summary.json,"
          + " DIR/profile.csv, a profile plot and DIR/report.html."
    })
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenarioOptions;

  @Mixin RunOptions run;

  @Mixin OverrideOptions overrides;

  @Mixin OutputDirectory output;

  @Option(
      names = "--typical",
      description = "One patient at the preset's reference covariates, without variability.")
  boolean typical;

  @Mixin BackendOption backend;

  @Option(
      names = "--per-patient",
      description = "Also write patients.csv with every patient's metrics.")
  boolean perPatient;

  @Option(
      names = "--no-bands",
      description = "Metrics only: no concentration-time bands (bands.csv and band plots).")
  boolean noBands;

  @Mixin PlotOption plots;

  @Mixin QuietOption quiet;

  @Mixin FailureOption failures;

  @Option(
      names = "--solver",
      defaultValue = "exact",
      description =
          "exact (matrix exponential) or dopri5 (adaptive Dormand-Prince) (default: ${DEFAULT-VALUE}).")
  String solver;

  @Override
  public Integer call() {
    try {
      Scenario scenario = scenarioOptions.load().with(overrides.overrides());
      PlotFormat plotFormat = plots.format(scenario.plots());
      try (ResultFolder folder = output.open()) {
        SolverKind kind = SolverKind.parse(solver, "--solver");
        Execution execution = run.execution(backend.choice(), kind);
        if (typical) {
          TypicalRun.refuseUnusedOptions(spec);
          try (Simulation simulation = Simulation.open(scenario, run.seed, execution)) {
            return TypicalRun.report(
                simulation.typical(), scenario, kind, folder, output, plotFormat, spec);
          }
        }
        return population(scenario, execution, plotFormat, folder);
      }
    } catch (InvalidInputException e) {
      throw overrides.addTo(FieldOptions.ofRuns()).renamed(e);
    } catch (IOException e) {
      throw output.writeFailed(e);
    }
  }

  private int population(
      Scenario scenario, Execution execution, PlotFormat plotFormat, ResultFolder folder)
      throws IOException {
    PatientRange patients = PatientRange.of(run.checkedPatients(scenario));
    if (plotFormat != PlotFormat.NONE) {
      // Fonts and chart classes load while the simulation runs, not after it.
      Rendered.warmUpInBackground();
    }
    PrintWriter console = spec.commandLine().getOut();
    boolean perPatientFile = perPatient || scenario.perPatient();
    Simulation.Bands bands = noBands ? Simulation.Bands.SKIP : Simulation.Bands.KEEP;
    PatientTable table =
        new PatientTable(
            scenario.parameterSet().parameters(),
            scenario.etaParameters(),
            scenario.model().declaredCovariates(),
            scenario.regimen().lines().size(),
            scenario.model().outputs(),
            scenario.reportedMetrics());
    folder.requireSpace(
        PopulationReport.estimatedBytes(scenario, !noBands, plotFormat)
            + (perPatientFile ? table.estimatedBytes(patients.size()) : 0)
            + scenario
                .observations()
                .map(plan -> ObservationTable.estimatedBytes(plan, patients.size()))
                .orElse(0L));
    Simulation.Outcome outcome;
    try (ProgressReporter progress =
            new ProgressReporter(
                "simulate", "patients", patients.size(), quiet.quiet, spec.commandLine().getErr());
        Simulation simulation =
            Simulation.open(
                scenario,
                run.seed,
                execution.withProgress(progress).withNotices(console::println))) {
      PatientTable.Run<Simulation.Outcome> run =
          sink -> simulation.population(patients, bands, sink);
      if (scenario.observations().isPresent()) {
        PatientTable.Run<Simulation.Outcome> solve = run;
        ObservationTable observations =
            new ObservationTable(simulation.observer(), scenario.model().outputs());
        run =
            sink ->
                observations.writeWhile(
                    folder.staging().resolve("observations.csv"),
                    observed ->
                        solve.feed(
                            (batch, result) -> {
                              sink.accept(batch, result);
                              observed.accept(batch, result);
                            }));
      }
      outcome =
          perPatientFile
              ? table.writeWhile(folder.staging().resolve("patients.csv"), run)
              : run.feed(PatientSink.NONE);
    }
    PopulationReport report =
        PopulationReport.of(Main.Version.version(), scenario, run.seed, outcome);
    report.printTable(console);
    List<String> written = new ArrayList<>(report.write(folder.staging(), plotFormat));
    if (scenario.observations().isPresent()) {
      written.add(0, "observations.csv");
    }
    if (perPatientFile) {
      written.add(0, "patients.csv");
    }
    output.commit(folder);
    output.announce(console, written);
    return failures.exitCode(outcome.aggregate().failed(), spec.commandLine().getErr());
  }
}
