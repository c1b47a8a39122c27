package io.vpop.sweep;

import io.vpop.InvalidInputException;
import io.vpop.population.AgeDistribution;
import io.vpop.population.Demographics;
import java.util.Locale;

/**
 * An age band of the target population: ages uniform in [fromY, toY).
 *
 * @param fromY youngest age, y
 * @param toY oldest age (exclusive), y, above fromY
 */
public record AgeBand(double fromY, double toY) {
  public AgeBand {
    if (!(fromY >= 0 && fromY < AgeDistribution.MAX_AGE_Y)) {
      throw new InvalidInputException(
          "bands.min_y", fromY, "0 to " + AgeDistribution.MAX_AGE_Y + " y");
    }
    if (!(toY > fromY && toY <= AgeDistribution.MAX_AGE_Y)) {
      throw new InvalidInputException(
          "bands.max_y", toY, "above min_y " + fromY + " y (a band with no ages has no patients)");
    }
  }

  /** The target demographics with their ages restricted to this band. */
  public Demographics restrict(Demographics target) {
    return new Demographics(
        AgeDistribution.uniform(fromY, toY),
        target.fractionMale(),
        target.weightKg(),
        target.bmi(),
        target.bodySurfaceArea());
  }

  /** E.g. {@code 2-<6 y}. */
  public String label() {
    return String.format(Locale.ROOT, "%s-<%s y", number(fromY), number(toY));
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
