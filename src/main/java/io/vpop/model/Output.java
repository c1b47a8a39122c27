package io.vpop.model;

import java.util.List;
import java.util.Optional;

/**
 * A reported quantity: a sum of compartment concentrations (ng/mL) or of compartment amounts (mg),
 * each term scaled by a factor. The temsirolimus model reports the two central concentrations and
 * their sum.
 *
 * @param name e.g. {@code sirolimus} or {@code sum}
 * @param label what the output is, in words, for axis titles: e.g. {@code Sirolimus whole-blood
 *     concentration}
 * @param measure whether the terms are concentrations or amounts
 * @param terms the compartments and their factors
 * @param residualError how its measurements scatter around it, for simulated observations; empty
 *     where the model gives none (such an output cannot be observed)
 */
public record Output(
    String name,
    String label,
    Measure measure,
    List<Term> terms,
    Optional<ResidualError> residualError) {
  public Output {
    terms = List.copyOf(terms);
  }

  /** The label of an output whose model gives none: its name and what it measures. */
  public static String defaultLabel(String name, Measure measure) {
    String capitalized =
        name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    return capitalized + (measure == Measure.CONCENTRATION ? " concentration" : " amount");
  }

  /** What an output adds up. */
  public enum Measure {
    /** Concentration amount/volume in ng/mL (mg/L x 1000). */
    CONCENTRATION("ng/mL"),
    /** Amount in mg. */
    AMOUNT("mg");

    private final String unit;

    Measure(String unit) {
      this.unit = unit;
    }

    /** The unit of the output's value. */
    public String unit() {
      return unit;
    }
  }

  /**
   * One compartment's share of the output.
   *
   * @param compartment the compartment name
   * @param factor a dimensionless weight (1 for a plain sum)
   */
  public record Term(String compartment, double factor) {}

  /** The unit of the output's values. */
  public String unit() {
    return measure.unit();
  }
}
