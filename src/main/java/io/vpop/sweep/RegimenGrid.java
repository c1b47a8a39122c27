package io.vpop.sweep;

import io.vpop.InvalidInputException;
import io.vpop.population.Demographics;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import io.vpop.solve.TimeGrid;
import io.vpop.stats.Percentiles;
import io.vpop.stats.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A grid of regimens (doses x dosing intervals x infusion durations) crossed with age bands: for
 * every cell, the exposure's percentiles 5, 50 and 95, its mean and, if a threshold is given, the
 * probability of attaining it. The same virtual patients of a band are used in every cell.
 *
 * @param doses doses in {@code unit}, at least one
 * @param unit the dose unit
 * @param intervalsH dosing intervals in h, at least one
 * @param durationsH infusion durations in h, at least one
 * @param count administrations per regimen
 */
public record RegimenGrid(
    List<Double> doses,
    DoseUnit unit,
    List<Double> intervalsH,
    List<Double> durationsH,
    int count) {
  public RegimenGrid {
    doses = List.copyOf(doses);
    intervalsH = List.copyOf(intervalsH);
    durationsH = List.copyOf(durationsH);
    if (doses.isEmpty() || intervalsH.isEmpty() || durationsH.isEmpty()) {
      throw InvalidInputException.of(
          "grid",
          "a grid of "
              + doses.size()
              + " doses x "
              + intervalsH.size()
              + " intervals x "
              + durationsH.size()
              + " durations has no cells; allowed: at least one of each");
    }
    for (double interval : intervalsH) {
      if (!(interval > 0) || Double.isInfinite(interval)) {
        throw new InvalidInputException("grid.intervals_h", interval, "finite intervals > 0 h");
      }
    }
    for (double dose : doses) {
      if (!(dose > 0) || Double.isInfinite(dose)) {
        throw new InvalidInputException("grid.doses", dose, "finite doses > 0 " + unit.symbol());
      }
    }
    double shortest = intervalsH.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    for (double duration : durationsH) {
      if (!(duration > 0) || !(duration <= shortest)) {
        throw new InvalidInputException(
            "grid.durations_h",
            duration,
            "durations > 0 h and at most the shortest interval " + shortest + " h");
      }
    }
    if (count < 1) {
      throw new InvalidInputException("grid.count", count, "a whole number >= 1");
    }
  }

  /**
   * One cell's results.
   *
   * @param attainment the fraction attaining the threshold, NaN when none is given
   */
  public record Cell(
      AgeBand band,
      double dose,
      double intervalH,
      double durationH,
      double p5,
      double p50,
      double p95,
      double mean,
      double attainment) {}

  /**
   * The target's regimen with one cell's dose, interval, duration and count on every line; caps and
   * start times stay, so the grid describes the same regimens as the dose matching.
   */
  Regimen cell(Regimen targetRegimen, double dose, double interval, double duration) {
    List<DoseLine> lines = new ArrayList<>();
    for (DoseLine line : targetRegimen.lines()) {
      lines.add(
          new DoseLine(
              new Dose(dose, unit, line.dose().capMg()),
              line.route(),
              duration,
              line.startH(),
              interval,
              count,
              line.compartment(),
              line.steadyState()));
    }
    return new Regimen(lines);
  }

  /** The number of regimens (cells per band). */
  public int regimens() {
    return doses.size() * intervalsH.size() * durationsH.size();
  }

  /**
   * Runs every cell.
   *
   * @param stepH the output grid step; each regimen's grid runs to the end of its last interval
   * @param threshold a comparison and threshold on the exposure metric, if attainment is wanted
   * @param progress told the number of cells done after each cell
   */
  public List<Cell> run(
      ExposureRunner runner,
      Demographics target,
      Regimen targetRegimen,
      List<AgeBand> bands,
      double stepH,
      Optional<Target> threshold,
      LongConsumer progress) {
    List<Cell> cells = new ArrayList<>();
    for (AgeBand band : bands) {
      Demographics demographics = band.restrict(target);
      for (double interval : intervalsH) {
        for (double duration : durationsH) {
          for (double dose : doses) {
            Regimen regimen = cell(targetRegimen, dose, interval, duration);
            double[] values =
                runner.run(
                    demographics,
                    regimen,
                    TimeGrid.uniform(count * interval, Math.min(stepH, count * interval)));
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double attainment =
                threshold
                    .map(
                        t ->
                            Arrays.stream(values).filter(t::attainedBy).count()
                                / (double) values.length)
                    .orElse(Double.NaN);
            cells.add(
                new Cell(
                    band,
                    dose,
                    interval,
                    duration,
                    Percentiles.exact(sorted, sorted.length, 5),
                    Percentiles.exact(sorted, sorted.length, 50),
                    Percentiles.exact(sorted, sorted.length, 95),
                    Arrays.stream(values).average().orElse(Double.NaN),
                    attainment));
            progress.accept(cells.size());
          }
        }
      }
    }
    return cells;
  }
}
