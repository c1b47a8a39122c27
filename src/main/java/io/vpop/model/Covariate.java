package io.vpop.model;

import io.vpop.batch.Sex;
import java.util.Arrays;
import java.util.List;

/**
 * A covariate a model's effects may read, by the name a model file gives it, with its unit and the
 * range a reference or threshold in that unit must lie in ({@link ModelLimits}): above the least,
 * at most the largest.
 */
public enum Covariate {
  AGE_Y("age_y", "y", 0, ModelLimits.MAX_AGE_Y),
  /**
   * Postmenstrual age: age plus a term gestation of 40 weeks ([A] until a population table brings
   * gestational age).
   */
  PMA_WEEKS("pma_weeks", "weeks", 0, ModelLimits.MAX_AGE_Y * Covariate.WEEKS_PER_YEAR + 40),
  WEIGHT_KG("weight_kg", "kg", ModelLimits.MIN_WEIGHT_KG, ModelLimits.MAX_WEIGHT_KG),
  HEIGHT_CM("height_cm", "cm", 0, ModelLimits.MAX_HEIGHT_CM),
  BSA_M2("bsa_m2", "m2", 0, ModelLimits.MAX_BSA_M2),
  BMI_KG_M2("bmi_kg_m2", "kg/m2", 0, ModelLimits.MAX_BMI_KG_M2),
  /** The first regimen line's amount per administration. */
  DOSE_MG("dose_mg", "mg", 0, ModelLimits.MAX_DOSE_MG),
  /** The first regimen line's amount per administration per kg of body weight. */
  DOSE_MG_PER_KG("dose_mg_per_kg", "mg/kg", 0, ModelLimits.MAX_DOSE_MG_PER_KG),
  /** The first regimen line's amount per administration per m2 of body-surface area. */
  DOSE_MG_PER_M2("dose_mg_per_m2", "mg/m2", 0, ModelLimits.MAX_DOSE_MG_PER_M2),
  /** Categorical: levels female and male. */
  SEX("sex", "", Double.NaN, Double.NaN, "female", "male");

  /** Weeks in a year of 365.25 days. */
  static final double WEEKS_PER_YEAR = 365.25 / 7;

  /** A term gestation, weeks ([A] a convention: 40 weeks from the last menstrual period). */
  static final double TERM_GESTATION_WEEKS = 40;

  private final String key;
  private final String unit;
  private final double min;
  private final double max;
  private final List<String> levels;

  Covariate(String key, String unit, double min, double max, String... levels) {
    this.key = key;
    this.unit = unit;
    this.min = min;
    this.max = max;
    this.levels = List.of(levels);
  }

  /** The name a model file gives it. */
  public String key() {
    return key;
  }

  /** The unit of its values and of references and thresholds on it (empty when categorical). */
  public String unit() {
    return unit;
  }

  /** A reference or threshold on it must lie above this, in its unit. */
  double min() {
    return min;
  }

  /** The largest reference or threshold a model may give on it, in its unit. */
  double max() {
    return max;
  }

  /** Whether it takes levels rather than values. */
  public boolean categorical() {
    return !levels.isEmpty();
  }

  /** The level names of a categorical covariate, in the order {@link #level} counts them. */
  public List<String> levels() {
    return levels;
  }

  /**
   * The covariate named {@code key}.
   *
   * @param field the field the name came from, for the error message
   * @param declared the names the model declares besides, listed as allowed in the message
   */
  static Covariate of(String key, String field, List<String> declared) {
    for (Covariate covariate : values()) {
      if (covariate.key.equals(key)) {
        return covariate;
      }
    }
    List<String> allowed =
        new java.util.ArrayList<>(Arrays.stream(values()).map(Covariate::key).toList());
    allowed.addAll(declared);
    throw new io.vpop.InvalidInputException(field, key, String.join(", ", allowed));
  }

  /**
   * A patient's value of a continuous covariate.
   *
   * @param firstDoseMg the first regimen line's amount per administration, mg
   */
  double value(Covariates patient, double firstDoseMg) {
    return switch (this) {
      case AGE_Y -> patient.ageY();
      case PMA_WEEKS -> patient.ageY() * WEEKS_PER_YEAR + TERM_GESTATION_WEEKS;
      case WEIGHT_KG -> patient.weightKg();
      case HEIGHT_CM -> patient.heightCm();
      case BSA_M2 -> patient.bsaM2();
      case BMI_KG_M2 -> patient.bmiKgM2();
      case DOSE_MG -> firstDoseMg;
      case DOSE_MG_PER_KG -> firstDoseMg / patient.weightKg();
      case DOSE_MG_PER_M2 -> firstDoseMg / patient.bsaM2();
      case SEX -> throw new IllegalStateException("sex is categorical");
    };
  }

  /**
   * A patient's level of a categorical covariate, as an index into {@link #levels}.
   *
   * @throws io.vpop.InvalidInputException if the patient's sex is not known
   */
  int level(Covariates patient) {
    Sex sex = patient.sex();
    if (sex == null) {
      throw io.vpop.InvalidInputException.of(
          "sex", "the model has an effect of sex; give the patient's sex (female or male)");
    }
    // SEX's levels are female, male, in that order.
    return sex == Sex.FEMALE ? 0 : 1;
  }
}
