package io.vpop.population;

import io.vpop.InvalidInputException;
import io.vpop.model.Model;
import io.vpop.model.Omega;
import java.util.stream.IntStream;

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

  /**
   * The model's variability set for adults or for children.
   *
   * @throws InvalidInputException naming {@code omega.adult} or {@code omega.pediatric} if the
   *     model has no set of that name
   */
  public Omega omega(Model model, boolean forChildren) {
    String name = forChildren ? pediatric : adult;
    Omega omega = model.variability().get(name);
    if (omega == null) {
      throw new InvalidInputException(
          forChildren ? "omega.pediatric" : "omega.adult",
          name,
          String.join(", ", model.variability().keySet()));
    }
    return omega;
  }

  /**
   * The model parameters (indices in the model's order, ascending) with a random effect in either
   * set: the etas every patient of this rule carries, 0 for a parameter that the patient's own set
   * leaves fixed.
   *
   * @throws InvalidInputException as {@link #omega} does
   */
  public int[] etaParameters(Model model) {
    Omega adults = omega(model, false);
    Omega children = omega(model, true);
    return IntStream.range(0, model.parameterNames().size())
        .filter(
            p -> {
              String name = model.parameterNames().get(p);
              return adults.entries().stream().anyMatch(e -> e.parameter().equals(name))
                  || children.entries().stream().anyMatch(e -> e.parameter().equals(name));
            })
        .toArray();
  }
}
