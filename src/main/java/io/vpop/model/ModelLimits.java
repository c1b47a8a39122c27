package io.vpop.model;

import io.vpop.InvalidInputException;

/**
 * The ranges a model file's numbers must lie in, in one place: wide enough for any drug a
 * population PK model describes, narrow enough that no patient's solve overflows (a volume of
 * 1e-300 L or a clearance of 1e308 L/h makes every concentration infinite).
 */
final class ModelLimits {
  /** Volumes, L: a millilitre to a million litres. */
  static final double MIN_VOLUME_L = 1e-3;

  static final double MAX_VOLUME_L = 1e6;

  /** Clearances, L/h. */
  static final double MAX_CLEARANCE_L_PER_H = 1e6;

  /** Rate constants, 1/h: a half-life of 0.25 s at the most. */
  static final double MAX_RATE_CONSTANT_PER_H = 1e4;

  /** Lag times, h: a week at the most (absorption lags are minutes to hours). */
  static final double MAX_LAG_H = 168;

  /** Molecular weights, g/mol: hydrogen to large proteins. */
  static final double MIN_MOLECULAR_WEIGHT = 1;

  static final double MAX_MOLECULAR_WEIGHT = 1e6;

  /**
   * Omega, the SD of eta on the log scale, when not 0: from a CV of 0.01 % to 3 (a CV of about
   * 9,000 %).
   */
  static final double MIN_OMEGA = 1e-4;

  static final double MAX_OMEGA = 3;

  /**
   * A residual error's relative SD (proportional, or on the log scale for the exponential form):
   * 0.01 % to 300 %, as Omega [A].
   */
  static final double MIN_RELATIVE_SD = MIN_OMEGA;

  static final double MAX_RELATIVE_SD = MAX_OMEGA;

  /**
   * A residual error's additive SD in the output's unit (ng/mL or mg): from 1e-9 to 1e6 [A], far
   * beyond any assay (1e6 ng/mL is 1 g/L).
   */
  static final double MIN_ADDITIVE_SD = 1e-9;

  static final double MAX_ADDITIVE_SD = 1e6;

  /** Power exponents (allometry, dose effect), either sign. */
  static final double MAX_EXPONENT = 5;

  /** Hill coefficients of a maturation, &gt; 0. */
  static final double MAX_HILL = 10;

  /** Scenario modifiers divide a parameter by 1/1000 to 1000. */
  static final double MIN_DIVISOR = 1e-3;

  static final double MAX_DIVISOR = 1e3;

  /** Ages (a maturation's AGE50, the age it applies below), y. */
  static final double MAX_AGE_Y = 100;

  /** A reference weight, kg: as a typical patient's. */
  static final double MIN_WEIGHT_KG = 0.3;

  static final double MAX_WEIGHT_KG = 650;

  /** A reference height, cm: as a typical patient's. */
  static final double MAX_HEIGHT_CM = 280;

  /** A reference body-surface area, m2, and body-mass index, kg/m2. */
  static final double MAX_BSA_M2 = 10;

  static final double MAX_BMI_KG_M2 = 250;

  /** A reference dose, mg, mg/kg and mg/m2. */
  static final double MAX_DOSE_MG = 1e6;

  static final double MAX_DOSE_MG_PER_KG = 1e4;

  static final double MAX_DOSE_MG_PER_M2 = 1e5;

  /** Any other parameter, in absolute value. */
  static final double MAX_OTHER = 1e6;

  private ModelLimits() {}

  /**
   * Checks {@code min < value <= max} ({@code min <= value} when {@code minIncluded}).
   *
   * @throws InvalidInputException naming the field, the value and the range
   */
  static double require(
      String field, double value, double min, boolean minIncluded, double max, String unit) {
    boolean above = minIncluded ? value >= min : value > min;
    if (!above || !(value <= max)) {
      throw new InvalidInputException(
          field,
          value,
          (minIncluded ? "from " : "above ")
              + min
              + " to "
              + max
              + (unit.isEmpty() ? "" : " " + unit));
    }
    return value;
  }
}
