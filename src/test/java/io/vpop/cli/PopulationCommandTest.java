package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code vpop population}: the same seed gives the same file whatever the threads and batches. */
class PopulationCommandTest {
  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  private byte[] population(String name, int patients, int threads, int batch) throws Exception {
    Path out = directory.resolve(name);
    int code =
        cli.run(
            "population",
            "--preset",
            "pediatric-phase2",
            "--patients",
            Integer.toString(patients),
            "--seed",
            "11",
            "--threads",
            Integer.toString(threads),
            "--batch-size",
            Integer.toString(batch),
            "--out",
            out.toString());
    assertEquals(0, code, cli.err());
    return Files.readAllBytes(out.resolve("patients.csv"));
  }

  @Test
  void threadsAndBatchSizesDoNotChangeThePopulation() throws Exception {
    byte[] reference = population("a", 5000, 1, 1000);
    assertArrayEquals(reference, population("b", 5000, 2, 4096));
    assertArrayEquals(reference, population("c", 5000, 2, 1000));
    assertArrayEquals(reference, population("d", 5000, 1, 4096));
    String header = new String(reference, StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    assertTrue(
        header.startsWith("id,age_y,sex,weight_kg,height_cm,bsa_m2,dose_mg,CL_L_per_h,V1_L"),
        header);
  }

  @Test
  void patientIOfALargerRunIsPatientIOfASmallerOne() throws Exception {
    List<String> small =
        new String(population("small", 1000, 2, 4096), StandardCharsets.UTF_8).lines().toList();
    List<String> large =
        new String(population("large", 10_000, 2, 4096), StandardCharsets.UTF_8).lines().toList();
    assertEquals(1001, small.size());
    assertEquals(small, large.subList(0, 1001));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ages: { min_y: 0, max_y: 120 } | population.ages.max_y: 120.0 is not allowed; allowed: above min_y 0.0 and at most 100.0 y",
        "ages: { min_y: -1, max_y: 20 } | population.ages.min_y: -1.0 is not allowed; allowed: 0 to 100.0 y",
        "weight_kg: { min: -5 } | population.weight_kg.min: -5.0 is not allowed; allowed: a finite number >= 0",
        "fraction_male: 1.5 | population.fraction_male: 1.5 is not allowed; allowed: 0 to 1",
      })
  void badPopulationFieldsAreOneLineAndExitTwo(String change, String message) throws Exception {
    String scenario = preset("adult-label");
    String key = change.substring(0, change.indexOf(':'));
    scenario =
        scenario.contains("  " + key + ":")
            ? scenario.replaceAll("(?m)^  " + key + ":.*$", "  " + change.trim())
            : scenario.replace("population:\n", "population:\n  " + change.trim() + "\n");
    Path file = directory.resolve("bad.yaml");
    Files.writeString(file, scenario);
    Path out = directory.resolve("never");
    assertEquals(2, cli.run("population", "--scenario", file.toString(), "--out", out.toString()));
    String error = cli.err().strip();
    assertEquals(1, error.lines().count(), error);
    assertEquals("vpop: " + message.trim(), error);
    assertFalse(Files.exists(out));
  }

  @Test
  void anOmegaThatIsNotPositiveDefiniteIsOneLineAndExitTwo() throws Exception {
    String model;
    try (InputStream in = getClass().getResourceAsStream("/io/vpop/models/temsirolimus.yaml")) {
      model = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String marker = "    Vm: { omega: 0.5";
    int end = model.indexOf('\n', model.indexOf(marker)) + 1;
    model =
        model.substring(0, end)
            + "    correlations:\n"
            + "      - { between: [CL, V1], correlation: 0.9, source: \"[A] test\" }\n"
            + "      - { between: [CL, CLm], correlation: 0.9, source: \"[A] test\" }\n"
            + "      - { between: [V1, CLm], correlation: -0.9, source: \"[A] test\" }\n"
            + model.substring(end);
    Files.writeString(directory.resolve("model.yaml"), model);
    Path file = directory.resolve("scenario.yaml");
    Files.writeString(
        file, preset("adult-label").replace("model: temsirolimus", "model_file: model.yaml"));
    assertEquals(
        2,
        cli.run(
            "population",
            "--scenario",
            file.toString(),
            "--out",
            directory.resolve("never").toString()));
    String error = cli.err().strip();
    assertTrue(error.startsWith("vpop: variability.adult.correlations: "), error);
    assertTrue(error.contains("positive definite"), error);
    assertEquals(1, error.lines().count());
  }

  @Test
  void badCountsAreRejected() {
    assertEquals(
        2, cli.run("population", "--patients", "0", "--out", directory.resolve("x").toString()));
    assertTrue(cli.err().contains("--patients: 0 is not allowed; allowed: 1 to"), cli.err());
  }

  private static String preset(String name) throws Exception {
    try (InputStream in =
        PopulationCommandTest.class.getResourceAsStream("/io/vpop/presets/" + name + ".yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
