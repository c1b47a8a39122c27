package io.vpop.model;

import io.vpop.InvalidInputException;
import java.util.List;

/**
 * How typical values become a patient's values: a list of covariate effects, each multiplying the
 * typical values of its parameters by a factor of one covariate X, applied in the order listed.
 *
 * <pre>
 * power:        P *= (X / reference)^exponent                  (allometry, dose dependence)
 * exponential:  P *= exp(coefficient (X - reference))
 * linear:       P *= 1 + coefficient (X - reference)           (NaN where that is &lt;= 0)
 * categorical:  P *= the factor of the patient's level          (1 for a level not listed)
 * maturation:   P *= X^hill / (X^hill + half^hill)              (Emax/Hill; where X &lt; applies_below)
 * </pre>
 *
 * A linear factor that is not positive would make a clearance or volume negative: the parameter is
 * then NaN, and the patient is counted as failed (non-finite), never solved with it.
 *
 * @param declared the covariates the model declares beyond the built-in ones, in the order of a
 *     patient's {@link Covariates#declared} values
 * @param effects the effects, in the order they apply
 */
public record CovariateModel(List<DeclaredCovariate> declared, List<Effect> effects) {
  public CovariateModel {
    declared = List.copyOf(declared);
    effects = List.copyOf(effects);
  }

  /** The form of an effect, by the name a model file gives it. */
  public enum Form {
    POWER("power"),
    EXPONENTIAL("exponential"),
    LINEAR("linear"),
    CATEGORICAL("categorical"),
    MATURATION("maturation");

    private final String key;

    Form(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    /**
     * The form named {@code text}.
     *
     * @throws InvalidInputException naming {@code field} for any other text
     */
    static Form parse(String text, String field) {
      for (Form form : values()) {
        if (form.key.equals(text)) {
          return form;
        }
      }
      throw new InvalidInputException(
          field,
          text,
          String.join(", ", java.util.Arrays.stream(values()).map(Form::key).toList()));
    }
  }

  /**
   * A number of an effect (an exponent, coefficient, factor, half-maturation value or Hill
   * coefficient): a value given in the effect, or the typical value of a parameter, so that it is
   * estimated and reported with the others.
   *
   * @param parameter the parameter's name, or null for a value
   * @param value the value, when {@code parameter} is null
   */
  public record Coefficient(String parameter, double value) {
    public static Coefficient of(double value) {
      return new Coefficient(null, value);
    }

    public static Coefficient parameter(String name) {
      return new Coefficient(name, Double.NaN);
    }
  }

  /**
   * One effect.
   *
   * @param form its form
   * @param parameters the parameters it multiplies
   * @param covariate X where it is a built-in covariate; null where it is a declared one
   * @param declared X's index in {@link CovariateModel#declared} where it is declared; -1 otherwise
   * @param reference X's reference value, in X's unit (power, exponential, linear; NaN otherwise)
   * @param coefficient the exponent (power), coefficient (exponential, linear) or half-maturation
   *     value in X's unit (maturation); null for categorical
   * @param hill the Hill coefficient (maturation; null otherwise)
   * @param appliesBelow the effect applies where X is below this (maturation; infinity: always)
   * @param levelFactors one factor per level of X, in {@link Covariate#levels} or {@link
   *     DeclaredCovariate#levels} order (categorical; empty otherwise)
   * @param source where the effect comes from
   */
  public record Effect(
      Form form,
      List<String> parameters,
      Covariate covariate,
      int declared,
      double reference,
      Coefficient coefficient,
      Coefficient hill,
      double appliesBelow,
      List<Coefficient> levelFactors,
      String source) {
    public Effect {
      parameters = List.copyOf(parameters);
      levelFactors = List.copyOf(levelFactors);
    }
  }

  /** Whether an effect reads the covariate. */
  public boolean uses(Covariate covariate) {
    return effects.stream().anyMatch(e -> e.covariate() == covariate);
  }
}
