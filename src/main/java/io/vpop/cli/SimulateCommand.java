package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.model.Parameter;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Infusion;
import io.vpop.regimen.Regimen;
import io.vpop.report.TypicalRunReport;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.PatientResult;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import io.vpop.solve.TimeGrid;
import java.nio.file.Path;
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
      "Simulates a scenario and reports AUC, Cmax, tmax and trough for temsirolimus, sirolimus and their sum.",
      "Writes DIR/summary.json and DIR/profile.csv."
    })
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenarioOptions;

  @Option(
      names = "--typical",
      description = "One patient at the preset's reference covariates, without variability.")
  boolean typical;

  @Option(
      names = "--out",
      defaultValue = "out",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

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
    TimeGrid grid;
    Schedule schedule;
    try {
      grid =
          TimeGrid.uniform(
              endH != null ? endH : scenario.grid().endH(),
              stepH != null ? stepH : scenario.grid().time(1) - scenario.grid().time(0));
      schedule = new Schedule(regimen, grid);
    } catch (InvalidInputException e) {
      throw switch (e.field()) {
        case "time_grid.end_h" -> e.renamed("--end-h");
        case "time_grid.step_h" -> e.renamed("--step-h");
        default -> e;
      };
    }
    List<String> allModifiers = new ArrayList<>(scenario.modifiers());
    allModifiers.addAll(modifiers);
    Model model = scenario.model();
    double[] factors = model.modifierFactors(allModifiers, "--modifier");
    SolverKind kind = SolverKind.parse(solver, "--solver");
    if (!typical) {
      throw InvalidInputException.of(
          "--typical",
          "population runs are not available yet; run the reference patient with --typical");
    }

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
    PatientResult result = new PatientResult(system.outputs(), grid.size());
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
            allModifiers,
            kind.key(),
            patient,
            parameters,
            doseMg,
            regimen,
            grid,
            system.outputList(),
            result);
    var console = spec.commandLine().getOut();
    report.printTable(console);
    if (result.status() != PatientResult.Status.OK) {
      spec.commandLine()
          .getErr()
          .println("vpop: the solve failed (" + result.status() + "); no files written");
      return 3;
    }
    report.write(out);
    console.println("wrote " + out.resolve("summary.json") + " and " + out.resolve("profile.csv"));
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
