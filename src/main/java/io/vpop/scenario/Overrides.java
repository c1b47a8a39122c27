package io.vpop.scenario;

import io.vpop.InvalidInputException;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import io.vpop.solve.TimeGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Replacements for a scenario's regimen and grid (a command line's): each one given replaces that
 * value on every regimen line or in the grid; the others keep the scenario's.
 *
 * @param dose the amount per administration, in {@code doseUnit} or the line's unit
 * @param doseUnit the dose unit
 * @param durationH the infusion duration in h (a line given by its rate is then given by it)
 * @param intervalH the dosing interval in h
 * @param count the number of administrations
 * @param endH the end of the grid in h
 * @param stepH the grid step in h
 * @param modifiers scenario modifiers added to the scenario's
 */
public record Overrides(
    OptionalDouble dose,
    Optional<DoseUnit> doseUnit,
    OptionalDouble durationH,
    OptionalDouble intervalH,
    OptionalInt count,
    OptionalDouble endH,
    OptionalDouble stepH,
    List<String> modifiers) {
  public Overrides {
    modifiers = List.copyOf(modifiers);
  }

  /** The regimen with the replacements applied to every line (the same regimen if none). */
  Regimen applyTo(Regimen regimen) {
    if (dose.isEmpty()
        && doseUnit.isEmpty()
        && durationH.isEmpty()
        && intervalH.isEmpty()
        && count.isEmpty()) {
      return regimen;
    }
    List<DoseLine> lines = new ArrayList<>();
    for (DoseLine line : regimen.lines()) {
      double interval = intervalH.orElse(line.intervalH());
      if (durationH.isPresent() && intervalH.isEmpty() && interval > 0) {
        // The new duration, not the line's interval, is what no longer fits.
        if (!(durationH.getAsDouble() <= interval)) {
          throw new InvalidInputException(
              "duration_h",
              durationH.getAsDouble(),
              "at most the dosing interval " + interval + " h");
        }
      }
      Dose newDose =
          new Dose(
              dose.orElse(line.dose().amount()),
              doseUnit.orElse(line.dose().unit()),
              line.dose().capMg());
      if (line.byRate() && durationH.isEmpty()) {
        // The line keeps its rate: the new amount sets how long each infusion lasts.
        lines.add(
            DoseLine.atRate(
                newDose,
                line.rateMgPerH(),
                line.startH(),
                intervalH.orElse(line.intervalH()),
                count.orElse(line.count()),
                line.compartment(),
                line.steadyState()));
        continue;
      }
      lines.add(
          new DoseLine(
              newDose,
              line.route(),
              durationH.orElse(line.durationH()),
              line.startH(),
              intervalH.orElse(line.intervalH()),
              count.orElse(line.count()),
              line.compartment(),
              line.steadyState()));
    }
    return new Regimen(lines);
  }

  /** The grid with its end and step replaced (the same grid if neither is). */
  TimeGrid applyTo(TimeGrid grid) {
    if (endH.isEmpty() && stepH.isEmpty()) {
      return grid;
    }
    return TimeGrid.uniform(endH.orElse(grid.endH()), stepH.orElse(grid.time(1) - grid.time(0)));
  }
}
