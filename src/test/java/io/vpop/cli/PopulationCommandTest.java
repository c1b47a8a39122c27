package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.YamlDocument;
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
    YamlDocument scenario = YamlDocument.preset("adult-label");
    String field = "population." + change.substring(0, change.indexOf(':')).trim();
    String value = change.substring(change.indexOf(':') + 1);
    Path file =
        (scenario.has(field) ? scenario.set(field, value) : scenario.add(field, value))
            .write(directory.resolve("bad.yaml"));
    Path out = directory.resolve("never");
    assertEquals(2, cli.run("population", "--scenario", file.toString(), "--out", out.toString()));
    String error = cli.err().strip();
    assertEquals(1, error.lines().count(), error);
    assertEquals("vpop: " + message.trim(), error);
    assertFalse(Files.exists(out));
  }

  @Test
  void anOmegaThatIsNotPositiveDefiniteIsOneLineAndExitTwo() throws Exception {
    YamlDocument.resource("/io/vpop/models/temsirolimus.yaml")
        .add(
            "variability.adult.correlations",
            "[{ between: [CL, V1], correlation: 0.9, source: \"[A] test\" },"
                + " { between: [CL, CLm], correlation: 0.9, source: \"[A] test\" },"
                + " { between: [V1, CLm], correlation: -0.9, source: \"[A] test\" }]")
        .write(directory.resolve("model.yaml"));
    Path file =
        YamlDocument.preset("adult-label")
            .remove("model")
            .add("model_file", "model.yaml")
            .write(directory.resolve("scenario.yaml"));
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
}
