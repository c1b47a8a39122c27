package io.vpop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.InvalidInputException;
import io.vpop.batch.Sex;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Each form of covariate effect against its equation written out here, on a model whose every
 * parameter carries one effect (two for CL), and the one-line errors of malformed effects.
 */
class CovariateEffectsTest {
  private static final String PARAMETERS =
      """
      parameter_sets:
        s:
          parameters:
            CL: { value: 5, unit: L/h, source: "[A] t" }
            V: { value: 40, unit: L, source: "[A] t" }
            Q: { value: 2, unit: L/h, source: "[A] t" }
            VP: { value: 60, unit: L, source: "[A] t" }
            CLM: { value: 3, unit: L/h, source: "[A] t" }
            VM: { value: 20, unit: L, source: "[A] t" }
            FM: { value: 0.5, unit: "1", source: "[A] t" }
            THETA_MALE: { value: 1.3, unit: "-", source: "[A] t" }
            PMA50: { value: 47.7, unit: weeks, source: "[A] t" }
            HILL: { value: 3.4, unit: "-", source: "[A] t" }
      """;

  private static final String STRUCTURE =
      """
      name: effects
      analytes:
        - { name: drug, molecular_weight_g_per_mol: 500, source: "[A] t" }
        - { name: metabolite, molecular_weight_g_per_mol: 400, source: "[A] t" }
      compartments:
        - { name: central, analyte: drug, volume: V }
        - { name: peripheral, analyte: drug, volume: VP }
        - { name: metabolite, analyte: metabolite, volume: VM }
      dosing_compartment: central
      distribution: [{ between: [central, peripheral], clearance: Q }]
      elimination: [{ from: central, clearance: CL }, { from: metabolite, clearance: CLM }]
      formation: [{ from: central, to: metabolite, clearance: CL, fraction: FM }]
      outputs: [{ name: drug, compartments: [central] }]
      """;

  private static final String EFFECTS =
      """
      covariates:
        effects:
          - form: power
            parameters: [CL]
            covariate: bsa_m2
            reference: { value: 1.73, unit: m2, source: "[A] t" }
            exponent: 0.8
            source: "[A] t"
          - form: categorical
            parameters: [CL]
            covariate: sex
            factors: { male: THETA_MALE }
            source: "[A] t"
          - form: exponential
            parameters: [V]
            covariate: age_y
            reference: { value: 40, unit: y, source: "[A] t" }
            coefficient: 0.01
            source: "[A] t"
          - form: linear
            parameters: [VP]
            covariate: weight_kg
            reference: { value: 70, unit: kg, source: "[A] t" }
            coefficient: 0.015
            source: "[A] t"
          - form: maturation
            parameters: [CLM]
            covariate: pma_weeks
            half: PMA50
            hill: HILL
            source: "[A] t"
          - form: power
            parameters: [Q]
            covariate: dose_mg_per_m2
            reference: { value: 25, unit: mg/m2, source: "[A] t" }
            exponent: -0.2
            source: "[A] t"
          - form: power
            parameters: [VM]
            covariate: bmi_kg_m2
            reference: { value: 25, unit: kg/m2, source: "[A] t" }
            exponent: 0.5
            source: "[A] t"
      """;

  private static Model parse(String yaml) {
    return ModelLoader.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "effects.yaml");
  }

  private static double[] individual(Model model, Covariates patient, double doseMg) {
    double[] typical = model.parameterSet("s", "parameter_set").values();
    double[] ones = new double[typical.length];
    Arrays.fill(ones, 1.0);
    double[] out = new double[typical.length];
    model.individualParameters(typical, patient, doseMg, new double[typical.length], ones, out);
    return out;
  }

  @Test
  void everyFormMultipliesItsParametersAsItsEquationSays() {
    Model model = parse(STRUCTURE + EFFECTS + PARAMETERS);
    for (Sex sex : Sex.values()) {
      double age = 0.25;
      double weight = 6.1;
      double height = 61;
      double bsa = 0.32;
      double dose = 9;
      double[] p = individual(model, new Covariates(age, sex, weight, height, bsa), dose);
      double male = sex == Sex.MALE ? 1.3 : 1;
      assertEquals(5 * Math.pow(bsa / 1.73, 0.8) * male, p[model.parameterIndex("CL")], 1e-13);
      assertEquals(40 * Math.exp(0.01 * (age - 40)), p[model.parameterIndex("V")], 1e-12);
      assertEquals(60 * (1 + 0.015 * (weight - 70)), p[model.parameterIndex("VP")], 1e-12);
      // Postmenstrual age: 40 weeks of gestation plus the age in weeks (365.25 / 7 a year).
      double pma = 40 + age * 365.25 / 7;
      double maturation = Math.pow(pma, 3.4) / (Math.pow(pma, 3.4) + Math.pow(47.7, 3.4));
      assertEquals(3 * maturation, p[model.parameterIndex("CLM")], 1e-13);
      assertEquals(2 * Math.pow(dose / bsa / 25, -0.2), p[model.parameterIndex("Q")], 1e-13);
      double bmi = weight / (height / 100 * height / 100);
      assertEquals(20 * Math.sqrt(bmi / 25), p[model.parameterIndex("VM")], 1e-12);
      // Parameters without an effect keep their typical values.
      assertEquals(0.5, p[model.parameterIndex("FM")]);
    }
  }

  @Test
  void aLinearFactorAtOrBelowZeroMakesTheParameterNaNNotNegative() {
    Model model = parse(STRUCTURE + EFFECTS + PARAMETERS);
    // 1 + 0.015 (3 - 70) = -0.005
    double[] p = individual(model, new Covariates(0.1, Sex.FEMALE, 3, 50, 0.2), 10);
    assertTrue(Double.isNaN(p[model.parameterIndex("VP")]));
  }

  @Test
  void aSexEffectNeedsTheSex() {
    Model model = parse(STRUCTURE + EFFECTS + PARAMETERS);
    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () -> individual(model, new Covariates(30, null, 70, 175, 1.8), 10));
    assertTrue(error.getMessage().startsWith("sex: "), error.getMessage());
  }

  @Test
  void malformedEffectsAreOneLineNamingTheField() {
    assertRefused(
        EFFECTS.replace("form: exponential", "form: sigmoid"),
        "covariates.effects[2].form: 'sigmoid' is not allowed; allowed: power, exponential, linear,"
            + " categorical, maturation");
    assertRefused(
        EFFECTS.replace("covariate: sex", "covariate: weight_kg"),
        "covariates.effects[1].covariate: 'weight_kg' is not allowed; allowed: a categorical"
            + " covariate (sex, or a declared one with levels)");
    assertRefused(
        EFFECTS.replace("covariate: age_y", "covariate: sex"),
        "covariates.effects[2].covariate: 'sex' is not allowed; allowed: a continuous covariate"
            + " (not sex, nor a declared one with levels)");
    assertRefused(
        EFFECTS.replace("covariate: age_y", "covariate: gestation"),
        "covariates.effects[2].covariate: 'gestation' is not allowed; allowed: age_y, pma_weeks,"
            + " weight_kg, height_cm, bsa_m2, bmi_kg_m2, dose_mg, dose_mg_per_kg, dose_mg_per_m2,"
            + " sex");
    assertRefused(
        EFFECTS.replace("{ male: THETA_MALE }", "{ other: 2 }"),
        "covariates.effects[1].factors.other: 'other' is not allowed; allowed: one of the fields"
            + " female, male");
    assertRefused(
        EFFECTS.replace("unit: m2, source", "unit: cm2, source"),
        "covariates.effects[0].reference.unit: 'cm2' is not allowed; allowed: m2");
    assertRefused(
        EFFECTS.replace("exponent: 0.8", "exponent: 8"),
        "covariates.effects[0].exponent: 8.0 is not allowed; allowed: from -5.0 to 5.0");
    assertRefused(
        EFFECTS.replace("hill: HILL", "hill: THETA_MALE"),
        "covariates.effects[4].hill: 'THETA_MALE' is not allowed; allowed: a parameter not used as"
            + " a number of another kind");
    assertRefused(
        EFFECTS.replace("parameters: [V]", "parameters: [VX]"),
        "covariates.effects[2].parameters: 'VX' is not allowed; allowed: CL, V, Q, VP, CLM, VM, FM,"
            + " THETA_MALE, PMA50, HILL");
    // A parameter named as a number of an effect must have a value in that number's range.
    String model = STRUCTURE + EFFECTS + PARAMETERS.replace("value: 3.4", "value: 30");
    InvalidInputException error = assertThrows(InvalidInputException.class, () -> parse(model));
    assertEquals(
        "parameter_sets.s.parameters.HILL.value: 30.0 is not allowed; allowed: above 0.0 to 10.0",
        error.getMessage());
  }

  private static void assertRefused(String effects, String message) {
    String model = STRUCTURE + effects + PARAMETERS;
    InvalidInputException error = assertThrows(InvalidInputException.class, () -> parse(model));
    assertEquals(message, error.getMessage());
  }
}
