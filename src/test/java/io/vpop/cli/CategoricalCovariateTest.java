package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpop.InvalidInputException;
import io.vpop.YamlDocument;
import io.vpop.model.ModelLoader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A categorical covariate the model declares itself, here a metabolizer genotype GENO with levels
 * EM, IM and PM: a population table brings the level names, the typical patient names one, and a
 * categorical effect multiplies CL by its level's factor (EM unlisted, so 1). Without variability
 * on CL, each patient's CL is the typical CL times the factor of the patient's level.
 */
class CategoricalCovariateTest {
  private static final double TYPICAL_CL = 4;

  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  private static final String MODEL =
      """
      name: genotyped
      analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
      compartments: [{ name: central, analyte: drug, volume: V }]
      dosing_compartment: central
      elimination: [{ from: central, clearance: CL }]
      outputs: [{ name: drug, compartments: [central] }]
      covariates:
        declared:
          - { name: GENO, levels: [EM, IM, PM], source: "[A] test" }
        effects:
          - form: categorical
            parameters: [CL]
            covariate: GENO
            factors: { IM: 0.7, PM: 0.4 }
            source: "[A] test"
      parameter_sets:
        test:
          parameters:
            CL: { value: 4, unit: L/h, source: "[A] test" }
            V: { value: 40, unit: L, source: "[A] test" }
      variability:
        only:
          V: { omega: 0.2, source: "[A] test" }
      """;

  private static final String TABLE =
      """
      age_y,sex,weight_kg,height_cm,GENO
      40,female,70,175,EM
      67,male,92,181,PM
      30,M,80,180,IM
      51,F,64,166,PM
      """;

  /** The genotyped scenario with the population table {@code table}. */
  private Path scenario(String table, String typicalCovariates) throws Exception {
    Files.writeString(directory.resolve("genotyped.yaml"), MODEL);
    Files.writeString(directory.resolve("patients.csv"), table);
    return YamlDocument.preset("adult-single")
        .remove("model")
        .add("model_file", "genotyped.yaml")
        .set("parameter_set", "test")
        .set("population.omega", "{ adult: only, pediatric: only }")
        .add("typical_patient.covariates", typicalCovariates)
        .remove("population.ages")
        .remove("population.fraction_male")
        .add("population.table", "patients.csv")
        .write(directory.resolve("scenario.yaml"));
  }

  /**
   * The patients.csv of {@code vpop population} on the table {@code table} (typical patient EM),
   * written into the folder {@code name}.
   */
  private String population(String table, String name) throws Exception {
    Path out = directory.resolve(name);
    assertEquals(
        0,
        cli.run(
            "population",
            "--scenario",
            scenario(table, "{ GENO: EM }").toString(),
            "--out",
            out.toString()),
        cli.err());
    return Files.readString(out.resolve("patients.csv"));
  }

  /** The refusal of the model file {@code model}. */
  private static InvalidInputException refusalOf(String model) {
    return assertThrows(
        InvalidInputException.class,
        () ->
            ModelLoader.parse(
                new ByteArrayInputStream(model.getBytes(StandardCharsets.UTF_8)),
                "genotyped.yaml"));
  }

  @Test
  void eachRowsClearanceIsTheFactorOfItsLevel() throws Exception {
    List<String> rows = population(TABLE, "population").lines().toList();
    List<String> header = Arrays.asList(rows.get(0).split(","));
    int column = header.indexOf("CL_L_per_h");
    double[] factors = {1, 0.4, 0.7, 0.4};
    String[] levels = {"EM", "PM", "IM", "PM"};
    for (int i = 0; i < factors.length; i++) {
      String[] cells = rows.get(i + 1).split(",");
      double cl = Double.parseDouble(cells[column]);
      assertEquals(TYPICAL_CL * factors[i], cl, 1e-12 * cl, "row " + (i + 1));
      // The table's level, repeated by name, so that the file reads back as a population table.
      assertEquals(levels[i], cells[header.indexOf("GENO")], "row " + (i + 1));
    }
  }

  @Test
  void patientsCsvsCovariateColumnsReadBackAsTheSamePopulation() throws Exception {
    String written = population(TABLE, "first");
    // Its covariate columns: id, age_y, sex, weight_kg, height_cm, bsa_m2 and GENO.
    StringBuilder covariates = new StringBuilder();
    for (String line : written.split("\n")) {
      covariates.append(String.join(",", Arrays.copyOf(line.split(","), 7))).append('\n');
    }
    assertEquals(written, population(covariates.toString(), "second"));
  }

  @Test
  void theTypicalPatientsLevelSetsItsClearance() throws Exception {
    Path out = directory.resolve("typical");
    assertEquals(
        0,
        cli.run(
            "simulate",
            "--typical",
            "--plots",
            "none",
            "--scenario",
            scenario(TABLE, "{ GENO: PM }").toString(),
            "--out",
            out.toString()),
        cli.err());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    // AUC(0-inf) of a 25 mg dose is dose / CL, ng*h/mL.
    double auc = summary.path("metrics").path("drug").path("auc_0_inf").path("value").asDouble();
    assertEquals(25_000 / (TYPICAL_CL * 0.4), auc, 1e-9 * auc, summary.path("metrics").toString());
  }

  @Test
  void aLevelNotDeclaredIsRefusedNamingLineAndColumn() throws Exception {
    assertEquals(
        "vpop: patients.csv line 4 GENO: 'UM' is not allowed; allowed: EM, IM, PM",
        cli.refusal(
            "population",
            "--scenario",
            scenario(TABLE.replace("180,IM", "180,UM"), "{ GENO: EM }").toString()));
  }

  @Test
  void aTypicalLevelNotDeclaredIsRefused() throws Exception {
    assertEquals(
        "vpop: typical_patient.covariates.GENO: 'XM' is not allowed; allowed: EM, IM, PM",
        cli.refusal("population", "--scenario", scenario(TABLE, "{ GENO: XM }").toString()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "levels: [EM, IM, PM] | levels: [EM] | covariates.declared[0].levels: [EM] is not allowed;"
            + " allowed: two or more level names, each once",
        "levels: [EM, IM, PM] | levels: [EM, PM, PM] | covariates.declared[0].levels:",
        "factors: { IM: 0.7, PM: 0.4 } | factors: { IM: 0.7, UM: 2 } | covariates.effects[0].factors",
        "form: categorical | form: power | covariates.effects[0]",
      })
  void badCategoricalDeclarationsAreOneLine(String from, String to, String message) {
    InvalidInputException e = refusalOf(MODEL.replace(from.strip(), to.strip()));
    assertTrue(e.getMessage().startsWith(message.strip()), e.getMessage());
  }

  @Test
  void aContinuousEffectOnALevelledCovariateIsRefused() {
    String model =
        MODEL.replace(
            "form: categorical\n      parameters: [CL]\n      covariate: GENO\n      factors: { IM:"
                + " 0.7, PM: 0.4 }",
            "form: exponential\n      parameters: [CL]\n      covariate: GENO\n      reference: {"
                + " value: 1, unit: '', source: x }\n      coefficient: 0.1");
    InvalidInputException e = refusalOf(model);
    assertEquals(
        "covariates.effects[0].covariate: 'GENO' is not allowed; allowed: a continuous covariate"
            + " (not sex, nor a declared one with levels)",
        e.getMessage());
  }
}
