package io.vpop.run;

import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.model.ParameterSet;
import io.vpop.regimen.Regimen;
import io.vpop.solve.PatientResult;

/**
 * A typical patient's solution: the covariates, the resolved doses, the individual parameters (the
 * parameter set at these covariates, without variability) and the solved profile and metrics.
 *
 * @param patient the covariates
 * @param doseMg the amount per administration of each regimen line, in mg
 * @param parameters the individual parameters, in the model's parameter order and units
 * @param result the profile and metrics
 */
public record Typical(
    Covariates patient, double[] doseMg, double[] parameters, PatientResult result) {

  /**
   * The individual parameters of a patient without variability (every eta 0): the typical values
   * with the covariate effects for this patient and regimen, times the modifiers' factors.
   *
   * @param modifierFactors one factor per parameter ({@link Model#modifierFactors})
   */
  public static double[] parameters(
      Model model,
      ParameterSet parameterSet,
      Covariates patient,
      Regimen regimen,
      double[] modifierFactors) {
    double[] typicalValues = parameterSet.values();
    double[] individual = new double[typicalValues.length];
    model.individualParameters(
        typicalValues,
        patient,
        regimen.firstDoseMg(patient.weightKg(), patient.bsaM2()),
        new double[typicalValues.length],
        modifierFactors,
        individual);
    return individual;
  }
}
