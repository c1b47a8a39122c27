package io.vpop.population;

import io.vpop.InvalidInputException;

/**
 * Which of the model's Omegas applies to a patient: the pediatric one below an age, the adult one
 * from it.
 *
 * @param adult the name of the adult variability set
 * @param pediatric the name of the pediatric variability set
 * @param pediatricBelowAgeY patients younger than this (y) get the pediatric set (18 by default)
 */
public record VariabilityRule(String adult, String pediatric, double pediatricBelowAgeY) {
  /** The default age limit of the pediatric Omega, in y. */
  public static final double DEFAULT_PEDIATRIC_BELOW_AGE_Y = 18;

  public VariabilityRule {
    if (!(pediatricBelowAgeY >= 0 && pediatricBelowAgeY <= AgeDistribution.MAX_AGE_Y)) {
      throw new InvalidInputException(
          "pediatric_below_age_y", pediatricBelowAgeY, "0 to " + AgeDistribution.MAX_AGE_Y + " y");
    }
  }

  /** Whether a patient of this age gets the pediatric set. */
  public boolean pediatric(double ageY) {
    return ageY < pediatricBelowAgeY;
  }
}
