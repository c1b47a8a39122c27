package io.vpop.model;

import io.vpop.InvalidInputException;
import io.vpop.batch.Sex;

/**
 * The covariates of one patient that the covariate effects and dose resolution use.
 *
 * @param ageY age in years, &gt; 0
 * @param sex the patient's sex, or null where not known (a typical patient given without one)
 * @param weightKg body weight in kg, &gt; 0
 * @param heightCm height in cm, &gt; 0
 * @param bsaM2 body-surface area in m2, &gt; 0
 * @param declared the values of the model's declared covariates ({@link DeclaredCovariate}), in the
 *     model's order; empty for a model that declares none
 */
public record Covariates(
    double ageY, Sex sex, double weightKg, double heightCm, double bsaM2, double[] declared) {
  /** cm2 per m2. */
  private static final double CM2_PER_M2 = 10_000;

  private static final double[] NONE = {};

  public Covariates {
    requirePositive("age_y", ageY, "y");
    requirePositive("weight_kg", weightKg, "kg");
    requirePositive("height_cm", heightCm, "cm");
    requirePositive("bsa_m2", bsaM2, "m2");
  }

  /** A patient without declared covariates. */
  public Covariates(double ageY, Sex sex, double weightKg, double heightCm, double bsaM2) {
    this(ageY, sex, weightKg, heightCm, bsaM2, NONE);
  }

  /** Equal covariates: the declared values compared by value, as the other components are. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Covariates that
        && Double.compare(ageY, that.ageY) == 0
        && sex == that.sex
        && Double.compare(weightKg, that.weightKg) == 0
        && Double.compare(heightCm, that.heightCm) == 0
        && Double.compare(bsaM2, that.bsaM2) == 0
        && java.util.Arrays.equals(declared, that.declared);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(ageY, sex, weightKg, heightCm, bsaM2)
        + 31 * java.util.Arrays.hashCode(declared);
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "Covariates[ageY=%s, sex=%s, weightKg=%s, heightCm=%s, bsaM2=%s, declared=%s]",
        ageY,
        sex,
        weightKg,
        heightCm,
        bsaM2,
        java.util.Arrays.toString(declared));
  }

  /** Body-mass index, kg/m2: weight / height^2. */
  public double bmiKgM2() {
    return weightKg / (heightCm * heightCm / CM2_PER_M2);
  }

  private static void requirePositive(String field, double value, String unit) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new InvalidInputException(field, value, "a finite number > 0 " + unit);
    }
  }
}
