package io.vpop.solve;

/**
 * Solves one patient's system over a {@link Schedule}: fills the outputs on the time grid and the
 * exposure metrics in one pass. Implementations own preallocated work arrays: one instance per
 * thread, nothing allocated per patient.
 */
public interface PatientSolver {
  /**
   * @param parameters the patient's individual parameters, indexed like the model's parameter names
   * @param doseMg the patient's amount per administration for each regimen line, in mg
   * @param result receives the outputs, metrics and status
   */
  void solve(double[] parameters, double[] doseMg, PatientResult result);
}
