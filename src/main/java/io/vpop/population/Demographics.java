package io.vpop.population;

import io.vpop.InvalidInputException;

/**
 * Who the virtual patients are: ages, the fraction male, optional windows on body weight and BMI
 * (imposed by truncated sampling: a patient outside them is drawn again from his own stream, never
 * clamped) and the BSA formula.
 *
 * @param ages the age distribution
 * @param fractionMale from 0 to 1
 * @param weightKg the body-weight window in kg
 * @param bmi the BMI window in kg/m2
 * @param bodySurfaceArea the BSA formula (Mosteller by default)
 */
public record Demographics(
    AgeDistribution ages,
    double fractionMale,
    Window weightKg,
    Window bmi,
    BodySurfaceArea bodySurfaceArea) {
  public Demographics {
    if (!(fractionMale >= 0 && fractionMale <= 1)) {
      throw new InvalidInputException("fraction_male", fractionMale, "0 to 1");
    }
  }

  /**
   * A closed interval [min, max] of accepted values.
   *
   * @param min &gt;= 0
   * @param max &gt; min ({@code +Infinity} for no upper bound)
   */
  public record Window(double min, double max) {
    /** No restriction. */
    public static final Window ANY = new Window(0, Double.POSITIVE_INFINITY);

    public Window {
      if (!(min >= 0) || Double.isInfinite(min)) {
        throw new InvalidInputException("min", min, "a finite number >= 0");
      }
      if (!(max > min)) {
        throw new InvalidInputException("max", max, "a number above min " + min);
      }
    }

    /** Whether a value lies in the window. */
    public boolean contains(double value) {
      return value >= min && value <= max;
    }
  }
}
