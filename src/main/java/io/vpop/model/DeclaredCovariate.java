package io.vpop.model;

/**
 * A covariate a model declares beyond the built-in ones ({@link Covariate}), e.g. a creatinine
 * clearance or a genotype score: a population table brings it as a column of that name, and the
 * typical patient gives it in {@code typical_patient.covariates}. Continuous, in its unit.
 *
 * @param name its name: the table's column, and what effects name as their covariate
 * @param unit its unit, e.g. {@code mL/min}
 * @param min the least value a patient may have, in its unit
 * @param max the largest, above {@code min}
 * @param source where the covariate and its range come from
 */
public record DeclaredCovariate(String name, String unit, double min, double max, String source) {
  /** Whether a patient's value lies within the declared range. */
  public boolean allows(double value) {
    return value >= min && value <= max;
  }

  /** The declared range in words, for error messages: "0 to 300 mL/min". */
  public String range() {
    return min + " to " + max + " " + unit;
  }
}
