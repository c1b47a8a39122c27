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
 * A covariate the model declares itself ({@code covariates.declared}), here a creatinine clearance
 * CRCL in mL/min: a population table brings it as a column, the typical patient in {@code
 * typical_patient.covariates}, and an effect on it acts as on a built-in covariate. Without
 * variability on CL, each patient's CL is the closed form CL (CRCL / 100)^0.75.
 */
class DeclaredCovariateTest {
  private static final double TYPICAL_CL = 4;

  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  private static final String MODEL =
      """
      name: renal
      analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
      compartments: [{ name: central, analyte: drug, volume: V }]
      dosing_compartment: central
      elimination: [{ from: central, clearance: CL }]
      outputs: [{ name: drug, compartments: [central] }]
      covariates:
        declared:
          - { name: CRCL, unit: mL/min, min: 5, max: 250, source: "[A] test" }
        effects:
          - form: power
            parameters: [CL]
            covariate: CRCL
            reference: { value: 100, unit: mL/min, source: "[A] test" }
            exponent: 0.75
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
      age_y,sex,weight_kg,height_cm,CRCL
      40,female,70,175,100
      67,male,92,181,35.5
      30,M,80,180,180
      """;

  /** adult-single on the renal model, with the typical patient's CRCL (none if null). */
  private YamlDocument renal(String typicalCovariates) throws Exception {
    Files.writeString(directory.resolve("renal.yaml"), MODEL);
    YamlDocument document =
        YamlDocument.preset("adult-single")
            .remove("model")
            .add("model_file", "renal.yaml")
            .set("parameter_set", "test")
            .set("population.omega", "{ adult: only, pediatric: only }");
    return typicalCovariates == null
        ? document
        : document.add("typical_patient.covariates", typicalCovariates);
  }

  /** The renal scenario with the population table {@code table}. */
  private Path scenario(String table, String typicalCovariates) throws Exception {
    Files.writeString(directory.resolve("patients.csv"), table);
    return renal(typicalCovariates)
        .remove("population.ages")
        .remove("population.fraction_male")
        .add("population.table", "patients.csv")
        .write(directory.resolve("scenario.yaml"));
  }

  @Test
  void eachRowsClearanceFollowsItsOwnCrcl() throws Exception {
    Path out = directory.resolve("population");
    assertEquals(
        0,
        cli.run(
            "population",
            "--scenario",
            scenario(TABLE, "{ CRCL: 60 }").toString(),
            "--out",
            out.toString()),
        cli.err());
    List<String> rows = Files.readAllLines(out.resolve("patients.csv"));
    List<String> header = Arrays.asList(rows.get(0).split(","));
    int column = header.indexOf("CL_L_per_h");
    double[] crcl = {100, 35.5, 180};
    for (int i = 0; i < crcl.length; i++) {
      String[] cells = rows.get(i + 1).split(",");
      double cl = Double.parseDouble(cells[column]);
      assertEquals(TYPICAL_CL * Math.pow(crcl[i] / 100, 0.75), cl, 1e-12 * cl, "row " + (i + 1));
      assertEquals(crcl[i], Double.parseDouble(cells[header.indexOf("CRCL")]), "row " + (i + 1));
    }
  }

  @Test
  void theTypicalPatientTakesItsCrclFromTheScenario() throws Exception {
    Path out = directory.resolve("typical");
    assertEquals(
        0,
        cli.run(
            "simulate",
            "--typical",
            "--plots",
            "none",
            "--scenario",
            scenario(TABLE, "{ CRCL: 60 }").toString(),
            "--out",
            out.toString()),
        cli.err());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    // AUC(0-inf) of a 25 mg dose is dose / CL, ng*h/mL.
    double cl = TYPICAL_CL * Math.pow(0.6, 0.75);
    double auc = summary.path("metrics").path("drug").path("auc_0_inf").path("value").asDouble();
    assertEquals(25_000 / cl, auc, 1e-9 * auc, summary.path("metrics").toString());
  }

  @Test
  void aTableWithoutTheColumnIsRefusedNamingIt() throws Exception {
    String message =
        cli.refusal(
            "population",
            "--scenario",
            scenario("age_y,sex,weight_kg,height_cm\n40,female,70,175\n", "{ CRCL: 60 }")
                .toString());
    assertEquals(
        "vpop: population.table: patients.csv has no column CRCL; its header must name age_y, sex,"
            + " weight_kg, height_cm, CRCL (CRCL: a covariate the model declares)",
        message);
  }

  @Test
  void aValueOutsideTheDeclaredRangeIsRefusedNamingLineAndColumn() throws Exception {
    String message =
        cli.refusal(
            "population",
            "--scenario",
            scenario(TABLE.replace("35.5", "400"), "{ CRCL: 60 }").toString());
    assertEquals(
        "vpop: patients.csv line 3 CRCL: '400' is not allowed; allowed: a number from 5.0 to 250.0"
            + " mL/min",
        message);
  }

  @Test
  void aTypicalPatientWithoutItIsRefused() throws Exception {
    String message = cli.refusal("population", "--scenario", scenario(TABLE, null).toString());
    assertEquals(
        "vpop: typical_patient.covariates: required: the model declares CRCL; give a value of each",
        message);
  }

  @Test
  void sampledDemographicsAreRefusedForAModelThatDeclaresCovariates() throws Exception {
    Path file = renal("{ CRCL: 60 }").write(directory.resolve("sampled.yaml"));
    assertEquals(
        "vpop: population: the model declares CRCL, which sampled demographics do not give; give"
            + " population.table with a column for each",
        cli.refusal("population", "--scenario", file.toString()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "name: CRCL, | name: weight_kg, | covariates.declared[0].name: 'weight_kg' is not allowed",
        "max: 250 | max: 5 | covariates.declared[0].max: 5.0 is not allowed; allowed: above min 5.0",
        "value: 100, unit: mL/min | value: 0, unit: mL/min | covariates.effects[0].reference.value: 0.0"
            + " is not allowed",
      })
  void badDeclarationsAreOneLine(String from, String to, String message) {
    String model = MODEL.replace(from.strip(), to.strip());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                ModelLoader.parse(
                    new ByteArrayInputStream(model.getBytes(StandardCharsets.UTF_8)),
                    "renal.yaml"));
    assertTrue(e.getMessage().startsWith(message.strip()), e.getMessage());
  }
}
