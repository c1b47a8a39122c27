package io.vpop.scenario;

import io.vpop.InvalidInputException;
import io.vpop.batch.ReportedMetrics;
import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.model.ParameterSet;
import io.vpop.population.CovariateTable;
import io.vpop.population.Demographics;
import io.vpop.population.PopulationSampler;
import io.vpop.population.VariabilityRule;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.Regimen;
import io.vpop.solve.Schedule;
import io.vpop.solve.TimeGrid;
import io.vpop.stats.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What to simulate, checked: the model and parameter set, the reference patient, the regimen, the
 * output grid and the scenario modifiers. Presets are scenario files shipped in the jar ({@link
 * ScenarioLoader}).
 *
 * @param name e.g. {@code adult-label}
 * @param description one line for reports
 * @param model the drug model
 * @param parameterSet the typical values
 * @param typicalPatient the covariates of the typical patient (reference covariates, no
 *     variability)
 * @param demographics who the virtual patients are, sampled; null where {@code table} gives them
 * @param table the patients' covariates row by row ({@code population.table}), or null where they
 *     are sampled
 * @param variability which Omega applies to whom
 * @param regimen the dosing
 * @param grid the output times; its end is the horizon
 * @param modifiers names of the model's scenario modifiers that apply
 * @param targets the targets whose attainment is reported
 * @param timeAbove the thresholds whose time above them is reported, at most one per output
 * @param observations the simulated measurements asked for, written to observations.csv; empty for
 *     none
 * @param perPatient whether patients.csv is written by default
 * @param plots whether plots are written
 * @param text the scenario document as written, echoed in summary.json
 */
public record Scenario(
    String name,
    String description,
    Model model,
    ParameterSet parameterSet,
    Covariates typicalPatient,
    Demographics demographics,
    CovariateTable table,
    VariabilityRule variability,
    Regimen regimen,
    TimeGrid grid,
    List<String> modifiers,
    List<Target> targets,
    List<TimeAbove> timeAbove,
    Optional<Observations> observations,
    boolean perPatient,
    boolean plots,
    String text) {
  public Scenario {
    modifiers = List.copyOf(modifiers);
    targets = List.copyOf(targets);
    timeAbove = List.copyOf(timeAbove);
  }

  /** The same scenario with another regimen, grid and modifier list. */
  public Scenario with(Regimen newRegimen, TimeGrid newGrid, List<String> newModifiers) {
    return copy(typicalPatient, demographics, newRegimen, newGrid, newModifiers);
  }

  /** The same scenario for other virtual patients on another regimen and grid (a sweep's cell). */
  public Scenario with(Demographics newDemographics, Regimen newRegimen, TimeGrid newGrid) {
    return copy(typicalPatient, newDemographics, newRegimen, newGrid, modifiers);
  }

  /** The same scenario with another typical patient. */
  public Scenario withTypicalPatient(Covariates patient) {
    return copy(patient, demographics, regimen, grid, modifiers);
  }

  private Scenario copy(
      Covariates newPatient,
      Demographics newDemographics,
      Regimen newRegimen,
      TimeGrid newGrid,
      List<String> newModifiers) {
    return new Scenario(
        name,
        description,
        model,
        parameterSet,
        newPatient,
        newDemographics,
        table,
        variability,
        newRegimen,
        newGrid,
        newModifiers,
        targets,
        timeAbove,
        observations,
        perPatient,
        plots,
        text);
  }

  /**
   * The same scenario with replacements of every regimen line and of the grid, and more modifiers.
   *
   * @throws InvalidInputException naming the replaced field ({@code dose}, {@code duration_h},
   *     {@code interval_h}, {@code count}, {@code time_grid.end_h}, {@code time_grid.step_h}) when
   *     the result is not a valid regimen and grid
   */
  public Scenario with(Overrides overrides) {
    List<String> allModifiers = new ArrayList<>(modifiers);
    allModifiers.addAll(overrides.modifiers());
    Scenario replaced = with(overrides.applyTo(regimen), overrides.applyTo(grid), allModifiers);
    replaced.schedule(); // the grid must cover the new regimen
    return replaced;
  }

  /**
   * The schedule of this scenario's regimen on its grid, for the typical patient: each line's doses
   * lagged by the typical lag time of the compartment they go into (with the scenario's modifiers),
   * each infusion at a rate lasting the typical patient's dose over it. Where a lag or such a
   * duration differs between patients, each patient's schedule is this one retimed.
   *
   * @throws InvalidInputException if the grid ends before the last dosing interval, or a lag or the
   *     typical patient's infusion does not fit the dosing interval
   */
  public Schedule schedule() {
    return schedule(grid);
  }

  /**
   * The typical patient's schedule of this scenario's regimen on another grid of the same horizon
   * (the times of simulated observations), as {@link #schedule()}.
   */
  public Schedule schedule(TimeGrid times) {
    double[] typical = parameterSet.values();
    double[] factors = modifierFactors("modifiers");
    List<DoseLine> lines = regimen.lines();
    double[] lagsH = new double[lines.size()];
    double[] doseMg = new double[lines.size()];
    regimen.resolveMg(typicalPatient.weightKg(), typicalPatient.bsaM2(), doseMg);
    double[] durationsH = new double[lines.size()];
    boolean[] durationsVary = new boolean[lines.size()];
    for (int line = 0; line < lagsH.length; line++) {
      DoseLine dosing = lines.get(line);
      int compartment = model.doseCompartmentIndex(dosing.compartment());
      String lag = model.compartments().get(compartment).lagParameter();
      if (lag != null) {
        int p = model.parameterIndex(lag);
        lagsH[line] = typical[p] * factors[p];
      }
      durationsH[line] = dosing.durationFor(doseMg[line]);
      // A table's dose_mg replaces the first line's amount for each row.
      boolean ownDose = line == 0 && table != null && table.hasDose();
      durationsVary[line] = dosing.durationScales() || (ownDose && dosing.byRate());
    }
    return new Schedule(regimen, times, lagsH, durationsH, durationsVary, thresholds());
  }

  /**
   * Each output's threshold for the time above it, in its unit ({@code +Infinity} for none), or no
   * entries where no output has one.
   */
  public double[] thresholds() {
    if (timeAbove.isEmpty()) {
      return new double[0];
    }
    double[] thresholds = new double[model.outputs().size()];
    Arrays.fill(thresholds, Double.POSITIVE_INFINITY);
    for (TimeAbove entry : timeAbove) {
      thresholds[entry.output()] = entry.threshold();
    }
    return thresholds;
  }

  /** Which metrics of which outputs the reports show: threshold metrics where there is one. */
  public ReportedMetrics reportedMetrics() {
    boolean[] hasThreshold = new boolean[model.outputs().size()];
    for (TimeAbove entry : timeAbove) {
      hasThreshold[entry.output()] = true;
    }
    return new ReportedMetrics(hasThreshold);
  }

  /**
   * The parameter factors of this scenario's modifiers.
   *
   * @param field where the modifier names came from, for the error message
   */
  public double[] modifierFactors(String field) {
    return model.modifierFactors(modifiers, field);
  }

  /**
   * The names of the parameters whose random effects every virtual patient carries ({@link
   * VariabilityRule#etaParameters}), in the model's order: the ETA columns of patients.csv.
   */
  public List<String> etaParameters() {
    return Arrays.stream(variability.etaParameters(model))
        .mapToObj(p -> model.parameterNames().get(p))
        .toList();
  }

  /**
   * The sampler of this scenario's virtual patients.
   *
   * @param modifierFactors the parameter factors of the modifiers in effect ({@link
   *     #modifierFactors})
   */
  public PopulationSampler sampler(double[] modifierFactors, long seed) {
    return new PopulationSampler(
        model, parameterSet, demographics, table, variability, regimen, modifierFactors, seed);
  }
}
