package io.vpop.population;

import io.vpop.InvalidInputException;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Ages in y: a table of age bands with weights, uniform within each band (one band is a uniform
 * range).
 *
 * @param bands at least one; ages within 0 to {@value #MAX_AGE_Y} y
 */
public record AgeDistribution(List<Band> bands) {
  /** The oldest age the references cover, in y. */
  public static final double MAX_AGE_Y = 100;

  /**
   * @param fromY youngest age of the band, in y (inclusive)
   * @param toY oldest age, in y (exclusive), &gt; fromY
   * @param weight the band's share (any positive scale; normalised over the bands)
   */
  public record Band(double fromY, double toY, double weight) {
    public Band {
      if (!(fromY >= 0 && fromY < MAX_AGE_Y)) {
        throw new InvalidInputException("min_y", fromY, "0 to " + MAX_AGE_Y + " y");
      }
      if (!(toY > fromY && toY <= MAX_AGE_Y)) {
        throw new InvalidInputException(
            "max_y", toY, "above min_y " + fromY + " and at most " + MAX_AGE_Y + " y");
      }
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new InvalidInputException("weight", weight, "a finite number > 0");
      }
    }
  }

  public AgeDistribution {
    bands = List.copyOf(bands);
    if (bands.isEmpty()) {
      throw InvalidInputException.of("age_bands", "at least one band is required");
    }
  }

  /** Uniform ages in [fromY, toY). */
  public static AgeDistribution uniform(double fromY, double toY) {
    return new AgeDistribution(List.of(new Band(fromY, toY, 1)));
  }

  /** Whether every age in [fromY, toY) lies in one of the bands (with any weight). */
  public boolean covers(double fromY, double toY) {
    double reached = fromY;
    boolean grew = true;
    while (reached < toY && grew) {
      grew = false;
      for (Band band : bands) {
        if (band.fromY() <= reached && reached < band.toY()) {
          reached = band.toY();
          grew = true;
        }
      }
    }
    return reached >= toY;
  }

  /** An age drawn with two uniform deviates: the band, then the age within it. */
  public double sample(UniformRandomProvider rng) {
    double total = 0;
    for (Band band : bands) {
      total += band.weight();
    }
    double pick = rng.nextDouble() * total;
    Band chosen = bands.get(bands.size() - 1);
    for (Band band : bands) {
      if (pick < band.weight()) {
        chosen = band;
        break;
      }
      pick -= band.weight();
    }
    return chosen.fromY() + rng.nextDouble() * (chosen.toY() - chosen.fromY());
  }
}
