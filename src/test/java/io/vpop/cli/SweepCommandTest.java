package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpop.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code vpop sweep} end to end on small populations and a daily output grid (the exposure, AUC
 * over the last interval, is integrated exactly whatever the grid).
 */
class SweepCommandTest {
  /**
   * Patients per population: every check here compares the same virtual patients (common random
   * numbers), not two samples, so a small population makes it as sharp as a large one.
   */
  private static final String PATIENTS = "200";

  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  /** The presets adult-label and pediatric-phase2 with a daily grid, as scenario files. */
  @BeforeEach
  void coarsePresets() throws Exception {
    for (String preset : List.of("adult-label", "pediatric-phase2")) {
      YamlDocument.preset(preset)
          .set("time_grid.step_h", "24")
          .write(directory.resolve(preset + ".yaml"));
    }
  }

  private Path sweep(String name, String bands, String dose, String extra) throws Exception {
    Path file = directory.resolve(name + ".yaml");
    Files.writeString(
        file,
        "name: "
            + name
            + "\nreference: { scenario_file: adult-label.yaml }\n"
            + "target: { scenario_file: "
            + (name.startsWith("adults") ? "adult-label.yaml" : "pediatric-phase2.yaml")
            + " }\nbands: "
            + bands
            + "\nexposure: { analyte: sum, metric: auc_tau, statistic: p50 }\ndose: "
            + dose
            + "\n"
            + extra);
    return file;
  }

  private JsonNode recommend(Path sweep, String outName, String... extra) throws Exception {
    Path outDir = directory.resolve(outName);
    List<String> args =
        new ArrayList<>(
            List.of(
                "sweep",
                "--quiet",
                "--scenario",
                sweep.toString(),
                "--patients",
                PATIENTS,
                "--out",
                outDir.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    return new ObjectMapper().readTree(outDir.resolve("recommendation.json").toFile());
  }

  /**
   * An independent {@code vpop simulate} of {@code scenario}'s patients at {@code dose}: its
   * summary.json.
   */
  private JsonNode simulateAt(Path scenario, double dose, Path outDir, String... extra)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "simulate",
                "--quiet",
                "--scenario",
                scenario.toString(),
                "--patients",
                PATIENTS,
                "--dose",
                Double.toString(dose),
                "--out",
                outDir.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    return new ObjectMapper().readTree(outDir.resolve("summary.json").toFile());
  }

  @Test
  void adultsMatchedAgainstThemselvesGetTheLabelDose() throws Exception {
    Path file = sweep("adults", "[{ min_y: 18, max_y: 80 }]", "{ unit: mg, min: 1, max: 100 }", "");
    JsonNode band = recommend(file, "adults").path("bands").get(0);
    assertEquals(25, band.path("matching_dose").path("value").asDouble(), 0.25);
    assertEquals("mg", band.path("matching_dose").path("unit").asText());
  }

  @Test
  void anIndependentSimulationAtTheMatchingDoseGivesTheReferenceMedian() throws Exception {
    Path file =
        sweep(
            "children",
            "[{ min_y: 1, max_y: 2 }, { min_y: 6, max_y: 12 }]",
            "{ unit: mg/m2, min: 1, max: 300, rounding_step: 0.5 }",
            "");
    JsonNode recommendation = recommend(file, "children");
    double reference = recommendation.path("reference").path("value").asDouble();
    for (JsonNode band : recommendation.path("bands")) {
      double dose = band.path("matching_dose").path("value").asDouble();
      // The band's children alone, without plots (only summary.json is read).
      Path scenario =
          YamlDocument.preset("pediatric-phase2")
              .set("time_grid.step_h", "24")
              .remove("population.age_bands")
              .add(
                  "population.ages",
                  "{ min_y: "
                      + band.path("min_age_y").asDouble()
                      + ", max_y: "
                      + band.path("max_age_y").asDouble()
                      + " }")
              .withoutPlots()
              .write(directory.resolve("band.yaml"));
      Path outDir = directory.resolve("check-" + band.path("min_age_y").asInt());
      JsonNode summary = simulateAt(scenario, dose, outDir);
      double median =
          summary
              .path("metrics")
              .path("sum")
              .path("auc_tau")
              .path("percentiles")
              .path("p50")
              .asDouble();
      assertEquals(reference, median, 0.01 * reference, band.path("band").asText());
    }
  }

  @Test
  void theMatchingDoseRisesWithTheTargetExposure() throws Exception {
    double previous = 0;
    for (String factor : List.of("0.5", "1", "2")) {
      Path file =
          sweep(
              "factor" + factor.replace('.', '_'),
              "[{ min_y: 6, max_y: 12 }]",
              "{ unit: mg/m2, min: 1, max: 300, target_factor: " + factor + " }",
              "");
      double dose =
          recommend(file, "factor" + factor)
              .path("bands")
              .get(0)
              .path("matching_dose")
              .path("value")
              .asDouble();
      assertTrue(dose > previous, "target x" + factor + ": " + dose + " mg/m2 after " + previous);
      previous = dose;
    }
  }

  @Test
  void oneAndTwoThreadsRecommendTheSame() throws Exception {
    Path file =
        sweep(
            "threads",
            "[{ min_y: 2, max_y: 6 }]",
            "{ unit: mg/m2, min: 1, max: 300 }",
            "grid: { doses: [10, 20], intervals_h: [168], durations_h: [1.0], count: 2 }\n");
    JsonNode one = recommend(file, "one", "--threads", "1");
    JsonNode two = recommend(file, "two", "--threads", "2", "--batch-size", "77");
    assertEquals(one.path("bands"), two.path("bands"));
    assertEquals(
        Files.readString(directory.resolve("one/sweep.csv")),
        Files.readString(directory.resolve("two/sweep.csv")));
  }

  /** A sweep of oral sirolimus to a fixed goal on the median steady-state trough. */
  private Path goalSweep(String name, String goal, String dose) throws Exception {
    Path file = directory.resolve(name + ".yaml");
    Files.writeString(
        file,
        "name: "
            + name
            + "\ngoal: "
            + goal
            + "\ntarget: { preset: pediatric-sirolimus-oral }\nbands: [{ min_y: 6, max_y: 12 }]\n"
            + "exposure: { analyte: sirolimus, metric: trough, statistic: p50 }\ndose: "
            + dose
            + "\n");
    return file;
  }

  /**
   * A fixed goal: the band's children simulated on their own at the matching dose have the goal's
   * median trough, and the fraction in the goal's range is their share at the rounded dose.
   */
  @Test
  void anIndependentSimulationAtTheMatchingDoseHasTheGoalsMedian() throws Exception {
    Path file =
        goalSweep(
            "trough",
            "{ value: 12.5, unit: ng/mL, range: [10, 15], source: test }",
            "{ unit: mg/m2, min: 0.05, max: 10, rounding_step: 0.1 }");
    JsonNode recommendation = recommend(file, "trough");
    assertEquals(12.5, recommendation.path("goal").path("value").asDouble());
    assertEquals("ng/mL", recommendation.path("goal").path("unit").asText());
    JsonNode band = recommendation.path("bands").get(0);
    Path scenario =
        YamlDocument.preset("pediatric-sirolimus-oral")
            .set("population.ages", "{ min_y: 6, max_y: 12 }")
            .withoutPlots()
            .write(directory.resolve("band.yaml"));
    double median = 0;
    double inRange = 0;
    for (String dose : List.of("matching_dose", "rounded_dose")) {
      Path outDir = directory.resolve("check-" + dose);
      JsonNode summary =
          simulateAt(scenario, band.path(dose).path("value").asDouble(), outDir, "--per-patient");
      JsonNode trough = summary.path("metrics").path("sirolimus").path("trough");
      if (dose.equals("matching_dose")) {
        median = trough.path("percentiles").path("p50").asDouble();
      } else {
        List<String> rows = Files.readAllLines(outDir.resolve("patients.csv"));
        int column = List.of(rows.get(0).split(",")).indexOf("sirolimus_trough_ng_per_mL");
        assertTrue(column >= 0, rows.get(0));
        inRange =
            rows.stream()
                    .skip(1)
                    .mapToDouble(row -> Double.parseDouble(row.split(",")[column]))
                    .filter(value -> value >= 10 && value <= 15)
                    .count()
                / (double) (rows.size() - 1);
      }
    }
    assertEquals(12.5, median, 0.01 * 12.5);
    assertEquals(inRange, band.path("fraction_within_goal_range").asDouble(), 0.05);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{ value: 12.5, unit: ng*h/mL, range: [10, 15], source: test } | { unit: mg/m2, min: 0.05, max: 10 }"
            + " | goal.unit: 'ng*h/mL' is not allowed; allowed: ng/mL",
        "{ value: 12.5, unit: ng/mL, range: [13, 15], source: test } | { unit: mg/m2, min: 0.05, max: 10 }"
            + " | goal.range: '[13.0, 15.0]' is not allowed",
        "{ value: 12.5, unit: ng/mL, range: [10, 15], source: test } | { unit: mg/m2, min: 0.05, max: 10,"
            + " target_factor: 2 } | dose.target_factor: only with a reference",
      })
  void badGoalsAreOneLineExitTwo(String goal, String dose, String message) throws Exception {
    Path file = goalSweep("bad-goal", goal, dose);
    assertEquals(2, cli.run("sweep", "--quiet", "--scenario", file.toString(), "--patients", "50"));
    String error = cli.err().strip();
    assertEquals(1, error.lines().count(), error);
    assertTrue(error.contains(message.trim()), error);
  }

  @Test
  void aSweepWithNeitherReferenceNorGoalIsRefused() throws Exception {
    Path file = goalSweep("neither", "{}", "{ unit: mg/m2, min: 0.05, max: 10 }");
    Files.writeString(file, Files.readString(file).replace("goal: {}\n", ""));
    assertEquals(2, cli.run("sweep", "--quiet", "--scenario", file.toString(), "--patients", "50"));
    assertEquals(
        "vpop: reference: required: give either reference (a scenario whose exposure the bands"
            + " match) or goal (a fixed exposure value)",
        cli.err().strip());
  }

  @Test
  void aReferenceAndAGoalTogetherAreRefused() throws Exception {
    Path file =
        sweep(
            "both",
            "[{ min_y: 2, max_y: 6 }]",
            "{ unit: mg/m2, min: 1, max: 300 }",
            "goal: { value: 1000, unit: ng*h/mL, range: [500, 2000], source: test }\n");
    assertEquals(2, cli.run("sweep", "--quiet", "--scenario", file.toString(), "--patients", "50"));
    assertEquals(
        "vpop: reference: not both: give either reference (a scenario whose exposure the bands"
            + " match) or goal (a fixed exposure value)",
        cli.err().strip());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[{ min_y: 4, max_y: 4 }] | { unit: mg/m2, min: 1, max: 300 } | | bands.max_y: 4.0 is not allowed",
        "[{ min_y: 2, max_y: 6 }] | { unit: mg/m2, min: 1, max: 2 } | | vpop: dose: in band 2-<6 y",
        "[{ min_y: 2, max_y: 6 }] | { unit: mg/m2, min: 1, max: 300 } | grid: { doses: [], intervals_h: [168],"
            + " durations_h: [1] } | grid: a grid of 0 doses",
      })
  void badSweepsAreOneLineExitTwoAndWriteNothing(
      String bands, String dose, String grid, String message) throws Exception {
    Path file = sweep("children-bad", bands, dose, grid == null ? "" : grid.trim() + "\n");
    Path outDir = directory.resolve("never");
    assertEquals(
        2,
        cli.run(
            "sweep",
            "--quiet",
            "--scenario",
            file.toString(),
            "--patients",
            "50",
            "--out",
            outDir.toString()));
    String error = cli.err().strip();
    assertEquals(1, error.lines().count(), error);
    assertTrue(error.contains(message.trim()), error);
    assertFalse(Files.exists(outDir));
  }
}
