package io.vpop.model;

import java.util.List;

/**
 * A covariate a model declares beyond the built-in ones ({@link Covariate}), e.g. a creatinine
 * clearance or a genotype: a population table brings it as a column of that name, and the typical
 * patient gives it in {@code typical_patient.covariates}. Continuous, in its unit within a range,
 * or categorical, one of its levels; a patient's value of a categorical one is its level's index in
 * {@code levels}.
 *
 * @param name its name: the table's column, and what effects name as their covariate
 * @param unit its unit, e.g. {@code mL/min} (empty when categorical)
 * @param min the least value a patient may have, in its unit (NaN when categorical)
 * @param max the largest, above {@code min} (NaN when categorical)
 * @param levels the level names of a categorical covariate, e.g. {@code [EM, IM, PM]}; empty for a
 *     continuous one
 * @param source where the covariate and its range or levels come from
 */
public record DeclaredCovariate(
    String name, String unit, double min, double max, List<String> levels, String source) {
  public DeclaredCovariate {
    levels = List.copyOf(levels);
  }

  /** A continuous covariate within [min, max], in {@code unit}. */
  public static DeclaredCovariate continuous(
      String name, String unit, double min, double max, String source) {
    return new DeclaredCovariate(name, unit, min, max, List.of(), source);
  }

  /** A categorical covariate of the given levels. */
  public static DeclaredCovariate categorical(String name, List<String> levels, String source) {
    return new DeclaredCovariate(name, "", Double.NaN, Double.NaN, levels, source);
  }

  /** Whether it takes levels rather than values. */
  public boolean categorical() {
    return !levels.isEmpty();
  }

  /**
   * A patient's value from its text (a table's cell, a scenario's value): the number within the
   * declared range, or the index of the level named; NaN for anything else ({@link #allowed}).
   */
  public double valueOf(String text) {
    if (categorical()) {
      int level = levels.indexOf(text.strip());
      return level >= 0 ? level : Double.NaN;
    }
    try {
      double value = Double.parseDouble(text);
      return value >= min && value <= max ? value : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** The text {@link #valueOf} reads as {@code value}: the number, or the level's name. */
  public String textOf(double value) {
    return categorical() ? levels.get((int) value) : Double.toString(value);
  }

  /** What a value may be, for error messages: "a number from 0 to 300 mL/min", "EM, IM, PM". */
  public String allowed() {
    return categorical()
        ? String.join(", ", levels)
        : "a number from " + min + " to " + max + " " + unit;
  }
}
