package io.vpop.cli;

import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.model.ParameterSet;
import io.vpop.population.Demographics;
import io.vpop.population.VariabilityRule;
import io.vpop.regimen.Regimen;
import io.vpop.solve.TimeGrid;
import java.util.List;

/**
 * What to simulate, checked: the model and parameter set, the reference patient, the regimen, the
 * output grid and the scenario modifiers. Presets are scenario files shipped in the jar ({@link
 * ScenarioLoader}).
 *
 * @param name e.g. {@code adult-label}
 * @param description one line for reports
 * @param model the drug model
 * @param parameterSet the typical values
 * @param typicalPatient the covariates of {@code --typical}
 * @param demographics who the virtual patients are
 * @param variability which Omega applies to whom
 * @param regimen the dosing
 * @param grid the output times; its end is the horizon
 * @param modifiers names of the model's scenario modifiers that apply
 */
public record Scenario(
    String name,
    String description,
    Model model,
    ParameterSet parameterSet,
    Covariates typicalPatient,
    Demographics demographics,
    VariabilityRule variability,
    Regimen regimen,
    TimeGrid grid,
    List<String> modifiers) {
  public Scenario {
    modifiers = List.copyOf(modifiers);
  }
}
