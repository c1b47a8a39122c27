package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpop.YamlDocument;
import io.vpop.model.Covariates;
import io.vpop.population.BodySurfaceArea;
import io.vpop.run.Typical;
import io.vpop.scenario.Scenario;
import io.vpop.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code population: { table: FILE }}: the patients' covariates (and doses) row by row instead of
 * sampled, through the commands as a user runs them; the etas still drawn per patient from (seed,
 * index); bad tables refused in one line with exit code 2.
 */
class PopulationTableTest {
  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  /** adult-single with its sampled demographics replaced by the table {@code file}. */
  private Path scenario(String table) throws Exception {
    Files.writeString(directory.resolve("patients.csv"), table);
    return YamlDocument.preset("adult-single")
        .remove("population.ages")
        .remove("population.fraction_male")
        .add("population.table", "patients.csv")
        .write(directory.resolve("table.yaml"));
  }

  /** {@code vpop population} of the scenario: patients.csv's rows as column maps. */
  private List<Map<String, String>> sample(Path scenario, String... extra) throws Exception {
    Path out = directory.resolve("out" + cli.hashCode() + System.nanoTime());
    List<String> args =
        new ArrayList<>(
            List.of("population", "--scenario", scenario.toString(), "--out", out.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    List<String> lines = Files.readAllLines(out.resolve("patients.csv"));
    String[] header = lines.get(0).split(",");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], cells[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  private static double number(Map<String, String> row, String column) {
    return Double.parseDouble(row.get(column));
  }

  private static final String TABLE =
      """
      id,age_y,sex,weight_kg,height_cm
      a,40,female,70,175
      b,8.5,M,25,128
      c,1.2,F,10.5,78
      d,67,male,92,181
      """;

  @Test
  void eachPatientIsARowWithItsOwnEtasAndTheCovariateModelReadsItsCovariates() throws Exception {
    Path file = scenario(TABLE);
    Scenario scenario = ScenarioLoader.file(file, "--scenario");
    List<Map<String, String>> patients = sample(file);
    assertEquals(4, patients.size(), "every row, without --patients");
    String[][] expected = {
      {"40", "F", "70", "175"},
      {"8.5", "M", "25", "128"},
      {"1.2", "F", "10.5", "78"},
      {"67", "M", "92", "181"}
    };
    for (int i = 0; i < 4; i++) {
      Map<String, String> row = patients.get(i);
      double age = Double.parseDouble(expected[i][0]);
      double weight = Double.parseDouble(expected[i][2]);
      double height = Double.parseDouble(expected[i][3]);
      assertEquals(age, number(row, "age_y"), "row " + i);
      assertEquals(expected[i][1], row.get("sex"), "row " + i);
      assertEquals(weight, number(row, "weight_kg"), "row " + i);
      assertEquals(height, number(row, "height_cm"), "row " + i);
      // Without a bsa_m2 column, the scenario's formula (Mosteller) gives it.
      double bsa = BodySurfaceArea.MOSTELLER.m2(height, weight);
      assertEquals(bsa, number(row, "bsa_m2"), "row " + i);
      // The covariate model sees the row: CL is the row's typical CL times e^ETA_CL.
      double typicalCl =
          Typical.parameters(
              scenario.model(),
              scenario.parameterSet(),
              new Covariates(age, null, weight, height, bsa),
              scenario.regimen(),
              scenario.modifierFactors("modifiers"))[scenario.model().parameterIndex("CL")];
      assertEquals(
          typicalCl * Math.exp(number(row, "ETA_CL")),
          number(row, "CL_L_per_h"),
          1e-12 * typicalCl,
          "row " + i);
    }
    // The etas come from (seed, index): the same for a table's first rows alone, another seed
    // draws others.
    List<Map<String, String>> firstTwo = sample(file, "--patients", "2");
    List<Map<String, String>> otherSeed = sample(file, "--seed", "7");
    for (int i = 0; i < 2; i++) {
      assertEquals(patients.get(i), firstTwo.get(i), "row " + i);
      assertTrue(!patients.get(i).get("ETA_CL").equals(otherSeed.get(i).get("ETA_CL")));
    }
  }

  @Test
  void aTableMayGiveEachPatientsBodySurfaceAreaAndDose() throws Exception {
    Path file =
        scenario(
            """
            age_y,sex,weight_kg,height_cm,bsa_m2,dose_mg
            40,female,70,175,1.9,30
            "8.5", male , 25,128,0.95,12.5
            """);
    List<Map<String, String>> patients = sample(file);
    assertEquals(1.9, number(patients.get(0), "bsa_m2"));
    assertEquals(30, number(patients.get(0), "dose_mg"));
    assertEquals(0.95, number(patients.get(1), "bsa_m2"));
    assertEquals(12.5, number(patients.get(1), "dose_mg"));
    assertEquals("M", patients.get(1).get("sex"), "quoted and padded cells are read");
    // simulate runs the table's patients too.
    Path out = directory.resolve("simulated");
    assertEquals(
        0,
        cli.run("simulate", "--quiet", "--scenario", file.toString(), "--out", out.toString()),
        cli.err());
    assertEquals(
        2,
        new ObjectMapper().readTree(out.resolve("summary.json").toFile()).at("/patients").asInt());
  }

  private void assertRefused(String table, String message, String... extra) throws Exception {
    Path file = scenario(table);
    List<String> args =
        new ArrayList<>(
            List.of(
                "population",
                "--scenario",
                file.toString(),
                "--out",
                directory.resolve("refused").toString()));
    args.addAll(List.of(extra));
    cli.clearErr();
    assertEquals(2, cli.run(args.toArray(String[]::new)), cli.err());
    assertEquals("vpop: " + message, cli.err().strip());
  }

  @Test
  void badTablesAreRefusedInOneLine() throws Exception {
    assertRefused(
        "age_y,sex,weight_kg\n40,female,70\n",
        "population.table: patients.csv has no column height_cm; its header must name age_y, sex,"
            + " weight_kg, height_cm");
    assertRefused(
        "age_y,sex,weight_kg,height_cm,crcl\n40,female,70,175,90\n",
        "patients.csv column 5: 'crcl' is not allowed; allowed: age_y, sex, weight_kg, height_cm"
            + " (each required), bsa_m2, dose_mg, id");
    assertRefused(
        "age_y,sex,weight_kg,height_cm\n40,female,70,175\n12,male,-3,150\n",
        "patients.csv line 3 weight_kg: '-3' is not allowed; allowed: a number above 0.3 and at"
            + " most 650.0 kg");
    assertRefused(
        "age_y,sex,weight_kg,height_cm\n40,female,70,175\n12,boy,30,150\n",
        "patients.csv line 3 sex: 'boy' is not allowed; allowed: female, male, F, M");
    assertRefused(
        "age_y,sex,weight_kg,height_cm\n40,female,70\n",
        "patients.csv line 2: 3 values, but the header names 4 columns");
    assertRefused(
        "age_y,sex,weight_kg,height_cm\n",
        "population.table: patients.csv has a header but no patients");
    // Latin-1 bytes for "é" in a UTF-8 file.
    Path latin1 = scenario("");
    Files.write(
        directory.resolve("patients.csv"),
        "id,age_y,sex,weight_kg,height_cm\nren\u00e9,40,male,70,175\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    cli.clearErr();
    assertEquals(
        2,
        cli.run(
            "population",
            "--scenario",
            latin1.toString(),
            "--out",
            directory.resolve("latin1").toString()));
    assertEquals(
        "vpop: population.table: '"
            + directory.resolve("patients.csv")
            + "' is not allowed; allowed: a CSV population table in UTF-8 text",
        cli.err().strip());
    assertRefused(
        TABLE,
        "--patients: 5 is not allowed; allowed: 1 to 4, the rows of the population table"
            + " patients.csv",
        "--patients",
        "5");
  }

  @Test
  void aTableReplacesTheSampledDemographics() throws Exception {
    Files.writeString(directory.resolve("patients.csv"), TABLE);
    Path file =
        YamlDocument.preset("adult-single")
            .remove("population.fraction_male")
            .add("population.table", "patients.csv")
            .write(directory.resolve("both.yaml"));
    assertEquals(
        2,
        cli.run(
            "population",
            "--scenario",
            file.toString(),
            "--out",
            directory.resolve("x").toString()));
    assertEquals(
        "vpop: population.ages: not allowed with table: the table's rows give the patients",
        cli.err().strip());
  }
}
