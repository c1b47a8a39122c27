package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Variability on a bioavailability F: logit F_i = logit F + eta, so that with omega w the logits of
 * a population are normal with mean logit F and SD w and no F_i leaves (0, 1]; a covariate effect
 * that takes a patient's F above 1 stops the run with one line naming the patient.
 */
class BioavailabilityVariabilityTest {
  private static final double TYPICAL_F = 0.6;
  private static final double OMEGA_F = 0.5;
  private static final double OMEGA_CL = 0.3;
  private static final int PATIENTS = 20_000;

  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  /** An oral model: a gut depot with bioavailability F absorbed into one central compartment. */
  private Path scenario(double typicalF, String effects) throws Exception {
    String model =
        """
        name: oral
        analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
        compartments:
          - { name: gut, analyte: drug, bioavailability: F }
          - { name: central, analyte: drug, volume: V }
        dosing_compartment: central
        transfer: [{ from: gut, to: central, rate_constant: KA }]
        elimination: [{ from: central, clearance: CL }]
        outputs: [{ name: drug, compartments: [central] }]
        %s
        parameter_sets:
          test:
            parameters:
              KA: { value: 1, unit: 1/h, source: "[A] test" }
              F: { value: %s, unit: "1", source: "[A] test" }
              CL: { value: 4, unit: L/h, source: "[A] test" }
              V: { value: 40, unit: L, source: "[A] test" }
        variability:
          only:
            F: { omega: %s, source: "[A] test" }
            CL: { omega: %s, source: "[A] test" }
        """
            .formatted(effects, typicalF, OMEGA_F, OMEGA_CL);
    Files.writeString(directory.resolve("oral.yaml"), model);
    return YamlDocument.preset("adult-label")
        .remove("model")
        .add("model_file", "oral.yaml")
        .set("parameter_set", "test")
        .set("population.omega", "{ adult: only, pediatric: only, pediatric_below_age_y: 18 }")
        .write(directory.resolve("scenario.yaml"));
  }

  private double[] column(List<String> rows, String prefix) {
    List<String> header = Arrays.asList(rows.get(0).split(","));
    int index = -1;
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).startsWith(prefix)) {
        index = i;
      }
    }
    assertTrue(index >= 0, "no column " + prefix + " in " + header);
    int column = index;
    return rows.stream()
        .skip(1)
        .mapToDouble(row -> Double.parseDouble(row.split(",")[column]))
        .toArray();
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElseThrow();
  }

  private static double sd(double[] values) {
    double mean = mean(values);
    return Math.sqrt(
        Arrays.stream(values).map(x -> (x - mean) * (x - mean)).sum() / (values.length - 1));
  }

  @Test
  void theLogitsOfFAreNormalAboutLogitFWithSdOmega() throws Exception {
    Path out = directory.resolve("population");
    int code =
        cli.run(
            "population",
            "--scenario",
            scenario(TYPICAL_F, "").toString(),
            "--patients",
            Integer.toString(PATIENTS),
            "--out",
            out.toString());
    assertEquals(0, code, cli.err());
    List<String> rows = Files.readAllLines(out.resolve("patients.csv"));
    double[] f = column(rows, "F_");
    assertEquals(PATIENTS, f.length);
    double[] logits = Arrays.stream(f).map(x -> Math.log(x / (1 - x))).toArray();
    assertTrue(Arrays.stream(f).allMatch(x -> x > 0 && x < 1), "every F within (0, 1)");
    // Standard errors: omega / sqrt(N) = 0.0035 for the mean, omega / sqrt(2 N) = 0.0025 for the
    // SD; four of each.
    double logitF = Math.log(TYPICAL_F / (1 - TYPICAL_F));
    assertEquals(logitF, mean(logits), 4 * OMEGA_F / Math.sqrt(PATIENTS));
    assertEquals(OMEGA_F, sd(logits), 4 * OMEGA_F / Math.sqrt(2.0 * PATIENTS));
    // Clearance keeps its log-normal variability: ln CL_i has SD omega_CL about ln 4.
    double[] logCl = Arrays.stream(column(rows, "CL_")).map(Math::log).toArray();
    assertEquals(Math.log(4), mean(logCl), 4 * OMEGA_CL / Math.sqrt(PATIENTS));
    assertEquals(OMEGA_CL, sd(logCl), 4 * OMEGA_CL / Math.sqrt(2.0 * PATIENTS));
  }

  @Test
  void variabilityOnAnFOfOneIsRefused() throws Exception {
    String message =
        cli.refusal("population", "--scenario", scenario(1, "").toString(), "--patients", "10");
    assertEquals(
        "vpop: variability.only.F.omega: 0.5 is not allowed; allowed: 0 while F is 1 in"
            + " parameter set test (a bioavailability varies on the logit scale, logit F + eta,"
            + " which 1 does not leave)",
        message);
  }

  @Test
  void aCovariateEffectTakingFAboveOneStopsTheRunNamingThePatient() throws Exception {
    // F = 0.9 (WT/70)^1 exceeds 1 above 77.8 kg, which some adults of the sampled population weigh.
    String effects =
        """
        covariates:
          effects:
            - form: power
              parameters: [F]
              covariate: weight_kg
              reference: { value: 70, unit: kg, source: "[A] test" }
              exponent: 1
              source: "[A] test"
        """;
    String message =
        cli.refusal(
            "population", "--scenario", scenario(0.9, effects).toString(), "--patients", "1000");
    assertTrue(
        message.matches(
            "vpop: patient \\d+, F: [0-9.E]+ is not allowed; allowed: a bioavailability in \\(0, 1\\],"
                + " which the covariate effects and modifiers on it must keep"),
        message);
  }
}
