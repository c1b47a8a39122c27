package io.vpop.regimen;

import io.vpop.InvalidInputException;
import java.util.List;

/**
 * A dosing regimen: one or more lines of repeated infusions or boluses (for example a loading dose
 * and a maintenance schedule). Lines may overlap in time; their rates and amounts add, and so do
 * the steady states of lines at steady state (the system is linear).
 *
 * @param lines the lines, at least one and at most {@value #MAX_LINES}
 */
public record Regimen(List<DoseLine> lines) {
  /** The most lines a regimen may have. */
  public static final int MAX_LINES = 32;

  public Regimen {
    lines = List.copyOf(lines);
    if (lines.isEmpty() || lines.size() > MAX_LINES) {
      throw new InvalidInputException(
          "regimen", lines.size() + " lines", "1 to " + MAX_LINES + " lines");
    }
    DoseLine first = null;
    for (int i = 0; i < lines.size(); i++) {
      DoseLine line = lines.get(i);
      if (line.bolus()) {
        continue;
      }
      if (first == null) {
        first = line;
      } else if (!java.util.Objects.equals(first.compartment(), line.compartment())) {
        // The solvers carry one input, the sum of the running infusions' rates, into one place.
        throw new InvalidInputException(
            "regimen[" + i + "].compartment",
            named(line.compartment()),
            named(first.compartment()) + ": every infusion of a regimen goes into one compartment");
      }
    }
  }

  private static String named(String compartment) {
    return compartment == null ? "the dosing compartment" : compartment;
  }

  /**
   * The compartment this regimen's infusions go into, or null for the model's dosing compartment
   * (also where it has none).
   */
  public String infusionCompartment() {
    for (DoseLine line : lines) {
      if (!line.bolus()) {
        return line.compartment();
      }
    }
    return null;
  }

  /** A regimen of one line. */
  public static Regimen of(DoseLine line) {
    return new Regimen(List.of(line));
  }

  /** The line whose last administration starts latest (the first such line on a tie). */
  public DoseLine lastLine() {
    DoseLine last = lines.get(0);
    for (DoseLine line : lines) {
      if (line.lastStartH() > last.lastStartH()) {
        last = line;
      }
    }
    return last;
  }

  /**
   * The last dosing interval, over which {@code auc_tau} is integrated and at whose end the trough
   * is read: from the start of the last administration for the interval of its line, or to {@code
   * horizonH} when that line is not repeated.
   *
   * @return {start, end} in h
   */
  public double[] lastInterval(double horizonH) {
    DoseLine last = lastLine();
    double start = last.lastStartH();
    double end = last.intervalH() > 0 ? start + last.intervalH() : horizonH;
    return new double[] {start, end};
  }

  /**
   * Resolves every line's dose for a patient.
   *
   * @param doseMg receives the amount per administration in mg, one per line
   */
  public void resolveMg(double weightKg, double bsaM2, double[] doseMg) {
    for (int line = 0; line < lines.size(); line++) {
      doseMg[line] = lines.get(line).dose().resolveMg(weightKg, bsaM2);
    }
  }

  /**
   * The amount in mg that the model's dose covariates (dose_mg, dose_mg_per_kg, dose_mg_per_m2)
   * read: the first line's amount per administration.
   */
  public double firstDoseMg(double weightKg, double bsaM2) {
    return lines.get(0).dose().resolveMg(weightKg, bsaM2);
  }
}
