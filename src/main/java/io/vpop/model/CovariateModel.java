package io.vpop.model;

import java.util.List;
import java.util.Optional;

/**
 * How typical values become a patient's values: allometry on weight, a power-of-dose term and an
 * Emax maturation with age.
 *
 * <pre>
 * P_i  = P * (WT / WT_ref)^exponent                                   (allometry)
 * CL_i = CL_i * (dose_per_kg / dose_ref_per_kg)^THETA_DOSE            (dose effect)
 * CLm_i = CLm_i * age / (age + AGE50)   when age &lt; applies_below_age_y (maturation)
 * </pre>
 *
 * @param referenceWeightKg WT_ref in kg
 * @param allometry the weight exponents
 * @param dose the dose effect, if the model has one
 * @param maturation the maturation, if the model has one
 */
public record CovariateModel(
    double referenceWeightKg,
    List<Allometry> allometry,
    Optional<DoseEffect> dose,
    Optional<Maturation> maturation) {
  public CovariateModel {
    allometry = List.copyOf(allometry);
  }

  /** One allometric exponent shared by several parameters. */
  public record Allometry(List<String> parameters, double exponent, String source) {
    public Allometry {
      parameters = List.copyOf(parameters);
    }
  }

  /**
   * @param parameter the parameter that depends on the dose (CL)
   * @param exponentParameter the parameter holding the exponent (THETA_DOSE)
   * @param referenceDoseMgPerKg the dose per kg at which the typical value holds
   * @param source where the reference dose comes from
   */
  public record DoseEffect(
      String parameter, String exponentParameter, double referenceDoseMgPerKg, String source) {}

  /**
   * @param parameter the parameter that matures (CLm)
   * @param age50Parameter the parameter holding the age at half maturation (AGE50, y)
   * @param appliesBelowAgeY the maturation is applied to patients younger than this (y)
   * @param source where that age limit comes from
   */
  public record Maturation(
      String parameter, String age50Parameter, double appliesBelowAgeY, String source) {}
}
