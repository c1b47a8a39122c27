package io.vpop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped temsirolimus file: every number has a unit and a source tag, the [D] values are
 * reproduced from the numbers they are derived from (shared/reference/temsirolimus.md), and the
 * covariate model behaves as written.
 */
class ModelReferenceTest {
  private static final Model MODEL = ModelLoader.builtIn("temsirolimus", "model");
  private static final Pattern SOURCE_TAG = Pattern.compile("^\\[(V|S|D|A)\\] .*");

  private static double value(String name) {
    return MODEL
        .parameterSet("adult-label", "parameter_set")
        .parameters()
        .get(MODEL.parameterIndex(name))
        .value();
  }

  @Test
  void everyParameterHasAUnitAndASourceTag() {
    for (ParameterSet set : MODEL.parameterSets().values()) {
      for (Parameter parameter : set.parameters()) {
        assertFalse(parameter.unit().isBlank(), parameter.name());
        assertTrue(
            SOURCE_TAG.matcher(parameter.source()).matches(), parameter + " lacks a source tag");
      }
    }
    for (Omega omega : MODEL.variability().values()) {
      omega
          .entries()
          .forEach(e -> assertTrue(SOURCE_TAG.matcher(e.source()).matches(), e.toString()));
    }
    MODEL
        .modifiers()
        .values()
        .forEach(m -> assertTrue(SOURCE_TAG.matcher(m.source()).matches(), m.toString()));
  }

  @Test
  void derivedValuesFollowFromTheirSources() {
    double molarRatio = 914.2 / 1030.3;
    assertEquals(molarRatio, MODEL.molarRatio(MODEL.formations().get(0)), 1e-15);
    // CLm = Fm * (MW_sir / MW_tem) * CL / 2.7, to the 3 digits given.
    assertEquals(value("Fm") * molarRatio * value("CL") / 2.7, value("CLm"), 0.005);
    // Vss = V1 + V2 + V3 = 172 L.
    assertEquals(172.0, value("V1") + value("V2") + value("V3"), 1e-9);
    // CL(5)/CL(25) = 1.6/2.7 = 0.2^THETA_DOSE (0.325; the reference rounds the ratio to 0.595,
    // giving
    // 0.323), to the two digits given.
    assertEquals(Math.log(1.6 / 2.7) / Math.log(0.2), value("THETA_DOSE"), 0.01);
    // Adult omegas from CVs: sqrt(ln(1 + CV^2)).
    Omega adult = MODEL.variability().get("adult");
    assertEquals(Math.sqrt(Math.log(1 + 0.26 * 0.26)), omega(adult, "CL"), 0.0005);
    assertEquals(Math.sqrt(Math.log(1 + 0.14 * 0.14)), omega(adult, "V1"), 0.0005);
  }

  @Test
  void covariateModelScalesByWeightDoseAndAge() {
    double[] typical = MODEL.parameterSet("adult-label", "parameter_set").values();
    double[] none = new double[typical.length];
    double[] ones = new double[typical.length];
    Arrays.fill(ones, 1.0);
    double[] child = new double[typical.length];
    Covariates fiveYears = new Covariates(5, null, 17.5, 110, 0.73);
    double doseMg = 75 * 0.73;
    double dosePerKg = doseMg / 17.5;
    MODEL.individualParameters(typical, fiveYears, doseMg, none, ones, child);
    double weightRatio = 17.5 / 70;
    assertEquals(
        value("CL") * Math.pow(weightRatio, 0.75) * Math.pow(dosePerKg / (25.0 / 70), 0.32),
        child[MODEL.parameterIndex("CL")],
        1e-12);
    assertEquals(value("V3") * weightRatio, child[MODEL.parameterIndex("V3")], 1e-12);
    assertEquals(
        value("CLm") * Math.pow(weightRatio, 0.75) * 5 / (5 + 0.44),
        child[MODEL.parameterIndex("CLm")],
        1e-12);

    double[] inhibited = new double[typical.length];
    Covariates adult = new Covariates(40, null, 70, 175, 1.84);
    double[] factors =
        MODEL.modifierFactors(java.util.List.of("cyp3a4-strong-inhibitor"), "modifiers");
    MODEL.individualParameters(typical, adult, 25.0, none, factors, inhibited);
    assertEquals(value("CLm") / 3.1, inhibited[MODEL.parameterIndex("CLm")], 1e-12);
    assertEquals(value("CL"), inhibited[MODEL.parameterIndex("CL")], 1e-12);
  }

  @Test
  void aModelFileWithAnUnknownNameIsRejectedWithItsPath() {
    String yaml =
        """
        name: broken
        analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] t" }]
        compartments: [{ name: central, analyte: drug, volume: V }]
        dosing_compartment: central
        elimination: [{ from: central, clearance: CLx }]
        outputs: [{ name: drug, compartments: [central] }]
        parameter_sets: { s: { parameters: { CL: { value: 1, unit: L/h, source: "[A] t" }, V: { value: 10, unit: L, source: "[A] t" } } } }
        """;
    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () ->
                ModelLoader.parse(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                    "broken.yaml"));
    assertEquals(
        "elimination[0].clearance: 'CLx' is not allowed; allowed: CL, V", error.getMessage());
  }

  private static double omega(Omega omega, String parameter) {
    return omega.entries().stream()
        .filter(e -> e.parameter().equals(parameter))
        .findFirst()
        .orElseThrow()
        .omega();
  }
}
