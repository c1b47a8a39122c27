package io.vpop.model;

import io.vpop.InvalidInputException;

/**
 * The covariates of one patient that the covariate model and dose resolution use.
 *
 * @param ageY age in years, &gt; 0
 * @param weightKg body weight in kg, &gt; 0
 * @param heightCm height in cm, &gt; 0
 * @param bsaM2 body-surface area in m2, &gt; 0
 */
public record Covariates(double ageY, double weightKg, double heightCm, double bsaM2) {
  public Covariates {
    requirePositive("age_y", ageY, "y");
    requirePositive("weight_kg", weightKg, "kg");
    requirePositive("height_cm", heightCm, "cm");
    requirePositive("bsa_m2", bsaM2, "m2");
  }

  private static void requirePositive(String field, double value, String unit) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new InvalidInputException(field, value, "a finite number > 0 " + unit);
    }
  }
}
