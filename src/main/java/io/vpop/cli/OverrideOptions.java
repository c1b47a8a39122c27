package io.vpop.cli;

import io.vpop.regimen.DoseUnit;
import io.vpop.scenario.Overrides;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** The options that replace a scenario's regimen, grid and modifiers. */
final class OverrideOptions {
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

  /** The replacements given. */
  Overrides overrides() {
    return new Overrides(
        optional(dose),
        doseUnit == null ? Optional.empty() : Optional.of(DoseUnit.parse(doseUnit, "--dose-unit")),
        optional(durationH),
        optional(intervalH),
        doses == null ? OptionalInt.empty() : OptionalInt.of(doses),
        optional(endH),
        optional(stepH),
        modifiers);
  }

  /** Errors about a replaced field are reported under the option that replaced it. */
  FieldOptions addTo(FieldOptions fields) {
    return fields
        .mapIfGiven("dose", "--dose", dose != null)
        .mapIfGiven("duration_h", "--duration-h", durationH != null)
        .mapIfGiven("interval_h", "--interval-h", intervalH != null)
        .mapIfGiven("count", "--doses", doses != null)
        .mapIfGiven("time_grid.end_h", "--end-h", endH != null)
        .mapIfGiven("time_grid.step_h", "--step-h", stepH != null)
        .mapIfGiven("modifiers", "--modifier", !modifiers.isEmpty());
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
