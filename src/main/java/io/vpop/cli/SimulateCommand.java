package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.backend.Backend;
import io.vpop.backend.Backends;
import io.vpop.backend.BatchResult;
import io.vpop.backend.DeviceTime;
import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.model.Parameter;
import io.vpop.population.PatientBatch;
import io.vpop.population.PopulationSampler;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Infusion;
import io.vpop.regimen.Regimen;
import io.vpop.report.AtomicFiles;
import io.vpop.report.PatientTable;
import io.vpop.report.PopulationReport;
import io.vpop.report.TypicalRunReport;
import io.vpop.run.PopulationRun;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.PatientResult;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import io.vpop.solve.TimeGrid;
import io.vpop.stats.RunStatistics;
import io.vpop.stats.SampleAccumulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
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
      "Simulates a scenario and reports AUC, Cmax, tmax and trough for temsirolimus, sirolimus and their sum.",
      "A population run writes DIR/summary.json, DIR/bands.csv and plots (and DIR/patients.csv with"
          + " --per-patient); --typical writes DIR/summary.json and DIR/profile.csv."
    })
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenarioOptions;

  @Mixin RunOptions run;

  @Option(
      names = "--typical",
      description = "One patient at the preset's reference covariates, without variability.")
  boolean typical;

  @Option(
      names = "--backend",
      defaultValue = "auto",
      description = "auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(
      names = "--per-patient",
      description = "Also write patients.csv with every patient's metrics.")
  boolean perPatient;

  @Option(
      names = "--no-bands",
      description = "Metrics only: no concentration-time bands (bands.csv and band plots).")
  boolean noBands;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Option(
      names = "--allow-failures",
      description =
          "Exit with 0 even if some patients failed to solve (they are left out and listed).")
  boolean allowFailures;

  @Mixin OutputDirectory output;

  @Option(
      names = "--solver",
      defaultValue = "exact",
      description =
          "exact (matrix exponential) or dopri5 (adaptive Dormand-Prince) (default: ${DEFAULT-VALUE}).")
  String solver;

  @Option(
      names = "--dose",
      description = "Amount per administration, replacing the preset's (unit: --dose-unit).")
  Double dose;

  @Option(names = "--dose-unit", description = "mg, mg/kg or mg/m2, replacing the preset's.")
  String doseUnit;

  @Option(names = "--duration-h", description = "Infusion duration in h, replacing the preset's.")
  Double durationH;

  @Option(names = "--interval-h", description = "Dosing interval in h, replacing the preset's.")
  Double intervalH;

  @Option(names = "--doses", description = "Number of administrations, replacing the preset's.")
  Integer doses;

  @Option(names = "--end-h", description = "End of the simulation in h, replacing the preset's.")
  Double endH;

  @Option(names = "--step-h", description = "Output grid step in h, replacing the preset's.")
  Double stepH;

  @Option(
      names = "--modifier",
      description =
          "Scenario modifier: cyp3a4-strong-inhibitor or cyp3a4-strong-inducer (repeatable).")
  List<String> modifiers = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Scenario scenario = scenarioOptions.load();
    Regimen regimen = regimen(scenario.regimen());
    TimeGrid grid = scenario.grid();
    Schedule schedule;
    try {
      if (endH != null || stepH != null) {
        grid =
            TimeGrid.uniform(
                endH != null ? endH : grid.endH(),
                stepH != null ? stepH : grid.time(1) - grid.time(0));
      }
      schedule = new Schedule(regimen, grid);
    } catch (InvalidInputException e) {
      // Name the option only when the value came from it; else the scenario's field stands.
      throw switch (e.field()) {
        case "time_grid.end_h" -> endH != null ? e.renamed("--end-h") : e;
        case "time_grid.step_h" -> stepH != null ? e.renamed("--step-h") : e;
        case "duration_h" -> durationH != null ? e.renamed("--duration-h") : e;
        default -> e;
      };
    }
    List<String> allModifiers = new ArrayList<>(scenario.modifiers());
    allModifiers.addAll(modifiers);
    scenario = scenario.with(regimen, grid, allModifiers);
    output.check();
    double[] factors = scenario.modifierFactors("--modifier");
    SolverKind kind = SolverKind.parse(solver, "--solver");
    if (typical) {
      return runTypical(scenario, schedule, factors, kind);
    }
    int threadCount = run.checkedThreads();
    return runPopulation(scenario, schedule, factors, kind, threadCount);
  }

  private int runPopulation(
      Scenario scenario, Schedule schedule, double[] factors, SolverKind kind, int threadCount)
      throws IOException {
    Model model = scenario.model();
    PopulationSampler sampler = scenario.sampler(factors, run.seed);
    CompartmentSystem system = new CompartmentSystem(model);
    TimeGrid grid = scenario.grid();
    RunStatistics statistics =
        new RunStatistics(
            model.outputs(),
            grid.size(),
            scenario.targets(),
            SampleAccumulator.DEFAULT_EXACT_LIMIT,
            !noBands);
    int lines = scenario.regimen().infusions().size();
    PrintWriter console = spec.commandLine().getOut();
    boolean perPatientFile = perPatient || scenario.perPatient();
    PatientTable table =
        new PatientTable(scenario.parameterSet().parameters(), lines, model.outputs());
    long start = System.nanoTime();
    ExecutorService executor = Executors.newFixedThreadPool(threadCount);
    String backendDescription;
    Optional<DeviceTime> deviceTime;
    try (Backend solver =
            Backends.select(
                backend,
                system,
                schedule,
                kind,
                threadCount,
                run.batchSize,
                run.patients,
                line -> console.println("backend: " + line));
        ProgressReporter progress = new ProgressReporter(run.patients, quiet)) {
      backendDescription = solver.description();
      int capacity = solver.batchCapacity();
      boolean profiles = statistics.needsProfiles(solver.countsBands());
      if (profiles) {
        // A backend that overlaps has two batches in flight (PopulationRun), each with profiles.
        run.checkMemory(capacity, solver.overlaps() ? 2 : 1, system.outputs(), grid.size());
      }
      boolean bandCounts = statistics.takesBandCounts(solver.countsBands());
      Supplier<PopulationRun.Slot> slots =
          () ->
              new PopulationRun.Slot(
                  new PatientBatch(capacity, lines, system.parameterCount()),
                  new BatchResult(capacity, system.outputs(), grid.size(), profiles, bandCounts));
      SinkRun simulation =
          sink ->
              PopulationRun.run(
                  sampler,
                  solver,
                  run.patients,
                  slots,
                  executor,
                  threadCount,
                  (rows, results) -> {
                    statistics.accept(results, rows.index(0), rows.size(), executor, threadCount);
                    sink.accept(rows, results);
                  },
                  progress::done);
      if (perPatientFile) {
        AtomicFiles.write(
            output.path().resolve("patients.csv"),
            writer -> {
              table.writeHeader(writer);
              simulation.run((rows, results) -> table.writeRows(rows, results, writer));
            });
      } else {
        simulation.run((rows, results) -> {});
      }
      if (bandCounts) {
        statistics.addBandCounts(solver.takeBandCounts());
      }
      deviceTime = solver.deviceTime();
    } finally {
      executor.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    PopulationReport report =
        new PopulationReport(
            Main.Version.version(),
            scenario.name(),
            scenario.description(),
            scenario.text(),
            scenario.modifiers(),
            run.seed,
            backendDescription,
            seconds,
            deviceTime,
            grid,
            statistics);
    report.printTable(console);
    List<String> written = new ArrayList<>(report.write(output.path(), scenario.plots()));
    if (perPatientFile) {
      written.add(0, "patients.csv");
    }
    output.announce(console, written);
    if (statistics.failed() > 0 && !allowFailures) {
      spec.commandLine()
          .getErr()
          .println(
              "vpop: "
                  + statistics.failed()
                  + " patients failed to solve and were left out (see failures in summary.json);"
                  + " pass --allow-failures to accept");
      return 3;
    }
    return 0;
  }

  /** A population run feeding its batches to a sink. */
  @FunctionalInterface
  private interface SinkRun {
    void run(PopulationRun.Sink sink) throws IOException;
  }

  private int runTypical(Scenario scenario, Schedule schedule, double[] factors, SolverKind kind)
      throws IOException {
    Model model = scenario.model();
    Regimen regimen = scenario.regimen();
    Covariates patient = scenario.typicalPatient();
    double[] doseMg = new double[regimen.infusions().size()];
    regimen.resolveMg(patient.weightKg(), patient.bsaM2(), doseMg);
    double[] typicalValues = scenario.parameterSet().values();
    double[] individual = new double[typicalValues.length];
    model.individualParameters(
        typicalValues,
        patient,
        regimen.dosePerKg(patient.weightKg(), patient.bsaM2()),
        new double[typicalValues.length],
        factors,
        individual);
    CompartmentSystem system = new CompartmentSystem(model);
    PatientResult result = new PatientResult(system.outputs(), scenario.grid().size());
    kind.create(system, schedule).solve(individual, doseMg, result);

    List<Parameter> parameters = new ArrayList<>();
    for (int p = 0; p < individual.length; p++) {
      Parameter typicalParameter = scenario.parameterSet().parameters().get(p);
      parameters.add(
          new Parameter(
              typicalParameter.name(),
              individual[p],
              typicalParameter.unit(),
              typicalParameter.source()));
    }
    TypicalRunReport report =
        new TypicalRunReport(
            Main.Version.version(),
            scenario.name(),
            scenario.description(),
            model.name(),
            scenario.parameterSet().name(),
            scenario.modifiers(),
            kind.key(),
            patient,
            parameters,
            doseMg,
            regimen,
            scenario.grid(),
            system.outputList(),
            result);
    PrintWriter console = spec.commandLine().getOut();
    report.printTable(console);
    if (result.status() != PatientResult.Status.OK) {
      spec.commandLine()
          .getErr()
          .println("vpop: the solve failed (" + result.status() + "); no files written");
      return 3;
    }
    report.write(output.path());
    console.println(
        "wrote "
            + output.path().resolve("summary.json")
            + " and "
            + output.path().resolve("profile.csv"));
    console.flush();
    return 0;
  }

  /** The preset's regimen with the command-line replacements applied to every line. */
  private Regimen regimen(Regimen preset) {
    if (dose == null
        && doseUnit == null
        && durationH == null
        && intervalH == null
        && doses == null) {
      return preset;
    }
    List<Infusion> lines = new ArrayList<>();
    for (Infusion line : preset.infusions()) {
      try {
        DoseUnit unit =
            doseUnit != null ? DoseUnit.parse(doseUnit, "--dose-unit") : line.dose().unit();
        Dose newDose =
            new Dose(dose != null ? dose : line.dose().amount(), unit, line.dose().capMg());
        lines.add(
            new Infusion(
                newDose,
                durationH != null ? durationH : line.durationH(),
                line.startH(),
                intervalH != null ? intervalH : line.intervalH(),
                doses != null ? doses : line.count()));
      } catch (InvalidInputException e) {
        throw switch (e.field()) {
          case "dose" -> e.renamed("--dose");
          case "duration_h" -> e.renamed("--duration-h");
          case "interval_h" -> e.renamed("--interval-h");
          case "count" -> e.renamed("--doses");
          default -> e;
        };
      }
    }
    return new Regimen(lines);
  }
}
