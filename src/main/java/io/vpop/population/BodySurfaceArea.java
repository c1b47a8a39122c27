package io.vpop.population;

import io.vpop.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Body-surface area formulas, in m2 from height in cm and weight in kg. */
public enum BodySurfaceArea {
  /** Mosteller, N Engl J Med 1987;317:1098: sqrt(H * W / 3600). The default. */
  MOSTELLER {
    @Override
    public double m2(double heightCm, double weightKg) {
      return Math.sqrt(heightCm * weightKg / 3600.0);
    }
  },
  /** Du Bois and Du Bois, Arch Intern Med 1916;17:863: 0.007184 * H^0.725 * W^0.425. */
  DU_BOIS {
    @Override
    public double m2(double heightCm, double weightKg) {
      return 0.007184 * Math.pow(heightCm, 0.725) * Math.pow(weightKg, 0.425);
    }
  };

  /** The body-surface area in m2. */
  public abstract double m2(double heightCm, double weightKg);

  /** The name written in scenarios, e.g. {@code du_bois}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The formula named {@code key}.
   *
   * @param field the field the name came from, for the error message
   * @throws InvalidInputException for any other name
   */
  public static BodySurfaceArea parse(String key, String field) {
    for (BodySurfaceArea formula : values()) {
      if (formula.key().equals(key)) {
        return formula;
      }
    }
    throw new InvalidInputException(field, key, keys());
  }

  /** Every formula's name, e.g. {@code mosteller, du_bois}. */
  public static String keys() {
    return Arrays.stream(values()).map(BodySurfaceArea::key).collect(Collectors.joining(", "));
  }
}
