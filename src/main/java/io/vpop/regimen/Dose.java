package io.vpop.regimen;

import io.vpop.InvalidInputException;

/**
 * An amount per administration, in mg, mg/kg or mg/m2, with an optional cap on the resolved amount.
 *
 * @param amount the amount in {@code unit}, &gt; 0 and at most {@value #MAX_AMOUNT}
 * @param unit how the amount scales with the patient
 * @param capMg the largest amount given to any patient, in mg (&gt; 0; {@code +Infinity} for no
 *     cap)
 */
public record Dose(double amount, DoseUnit unit, double capMg) {
  /**
   * The largest amount, in any unit: 1 kg (1e6 mg) of drug, beyond any real dose and far from the
   * range where concentrations, areas and their sums lose precision.
   */
  public static final double MAX_AMOUNT = 1e6;

  public Dose {
    if (!(amount > 0) || Double.isInfinite(amount)) {
      throw new InvalidInputException("dose", amount, "a finite amount > 0 " + unit.symbol());
    }
    if (amount > MAX_AMOUNT) {
      throw new InvalidInputException(
          "dose", amount, "at most " + (long) MAX_AMOUNT + " " + unit.symbol());
    }
    if (!(capMg > 0) || (capMg > MAX_AMOUNT && capMg != Double.POSITIVE_INFINITY)) {
      throw new InvalidInputException(
          "cap_mg", capMg, "> 0 mg and at most " + (long) MAX_AMOUNT + " mg");
    }
  }

  /** A dose without a cap. */
  public static Dose of(double amount, DoseUnit unit) {
    return new Dose(amount, unit, Double.POSITIVE_INFINITY);
  }

  /** Whether a cap applies. */
  public boolean capped() {
    return capMg != Double.POSITIVE_INFINITY;
  }

  /**
   * The amount in mg for a patient.
   *
   * @param weightKg body weight in kg (used for mg/kg)
   * @param bsaM2 body-surface area in m2 (used for mg/m2)
   */
  public double resolveMg(double weightKg, double bsaM2) {
    double mg =
        switch (unit) {
          case MG -> amount;
          case MG_PER_KG -> amount * weightKg;
          case MG_PER_M2 -> amount * bsaM2;
        };
    return Math.min(mg, capMg);
  }

  @Override
  public String toString() {
    return amount + " " + unit.symbol() + (capped() ? " (cap " + capMg + " mg)" : "");
  }
}
