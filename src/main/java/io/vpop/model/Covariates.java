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
 */
public record Covariates(double ageY, Sex sex, double weightKg, double heightCm, double bsaM2) {
  /** cm2 per m2. */
  private static final double CM2_PER_M2 = 10_000;

  public Covariates {
    requirePositive("age_y", ageY, "y");
    requirePositive("weight_kg", weightKg, "kg");
    requirePositive("height_cm", heightCm, "cm");
    requirePositive("bsa_m2", bsaM2, "m2");
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
