package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpop.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code time_above} in a scenario, through the commands: the metrics reported for the output with
 * a threshold only, a target on them, and the one-line errors.
 */
class TimeAboveScenarioTest {
  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  private static final String SIROLIMUS_ABOVE_10 =
      "[{ analyte: sirolimus, threshold: 10, unit: ng/mL }]";

  private static YamlDocument document(String timeAbove, String grid) {
    return YamlDocument.preset("adult-label")
        .add("time_above", timeAbove)
        .set("time_grid", grid)
        .withoutPlots();
  }

  private Path scenario(String timeAbove, String grid) throws Exception {
    return document(timeAbove, grid).write(directory.resolve("above.yaml"));
  }

  private JsonNode run(Path scenario, String name, String... extra) throws Exception {
    Path out = directory.resolve(name);
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "simulate", "--quiet", "--scenario", scenario.toString(), "--out", out.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
  }

  @Test
  void theTypicalPatientsTimeAboveMatchesItsFineProfile() throws Exception {
    Path scenario = scenario(SIROLIMUS_ABOVE_10, "{ end_h: 672, step_h: 0.01 }");
    JsonNode summary = run(scenario, "typical", "--typical");
    JsonNode sirolimus = summary.at("/metrics/sirolimus");
    double hours = sirolimus.at("/time_above/value").asDouble();
    assertEquals("h", sirolimus.at("/time_above/unit").asText());
    assertEquals(hours / 672, sirolimus.at("/fraction_above/value").asDouble(), 1e-15);
    assertTrue(summary.at("/metrics/temsirolimus/time_above").isMissingNode(), "no threshold");
    // The profile's points above 10 ng/mL, 0.01 h apart, give the time to within a few steps.
    List<String> rows = Files.readAllLines(directory.resolve("typical/profile.csv"));
    long above =
        rows.stream().skip(1).filter(row -> Double.parseDouble(row.split(",")[2]) > 10).count();
    assertEquals(above * 0.01, hours, 0.05);
    assertTrue(hours > 24 && hours < 600, "the threshold is crossed: " + hours);
  }

  @Test
  void aPopulationReportsTheTimeAboveOfTheOutputWithAThresholdAndItsAttainment() throws Exception {
    Path scenario =
        document(SIROLIMUS_ABOVE_10, "{ end_h: 672, step_h: 1 }")
            .add(
                "targets",
                "[{ analyte: sirolimus, metric: fraction_above, comparison: '>=', threshold: 0.5,"
                    + " unit: '1' }]")
            .write(directory.resolve("above.yaml"));
    JsonNode summary = run(scenario, "population", "--patients", "200");
    assertEquals(200, summary.at("/metrics/sirolimus/time_above/n").asInt());
    assertTrue(summary.at("/metrics/sum/time_above").isMissingNode(), "sum has no threshold");
    double median = summary.at("/metrics/sirolimus/fraction_above/percentiles/p50").asDouble();
    double attained = summary.at("/target_attainment/0/probability").asDouble();
    // At least half the patients reach 0.5 exactly when the median does.
    assertEquals(median >= 0.5, attained >= 0.5, "median " + median + ", attained " + attained);
  }

  @Test
  void badThresholdsAreRefusedInOneLine() throws Exception {
    assertRefused(
        "[{ analyte: sirolimus, threshold: 10, unit: ng*h/mL }]",
        "time_above[0].unit: 'ng*h/mL' is not allowed; allowed: ng/mL (the unit of sirolimus)");
    assertRefused(
        "[{ analyte: sirolimus, threshold: 10, unit: ng/mL },"
            + " { analyte: sirolimus, threshold: 5, unit: ng/mL }]",
        "time_above[1].analyte: 'sirolimus' is not allowed; allowed: an output without a threshold"
            + " yet (one each)");
    assertRefused(
        "[{ analyte: sirolimus, threshold: -1, unit: ng/mL }]",
        "time_above[0].threshold: -1.0 is not allowed; allowed: a finite number > 0 ng/mL");
    document(SIROLIMUS_ABOVE_10, "{ end_h: 672, step_h: 1 }")
        .add(
            "targets",
            "[{ analyte: temsirolimus, metric: time_above, comparison: '>=', threshold: 1,"
                + " unit: h }]")
        .write(directory.resolve("above.yaml"));
    assertRefusedFile(
        "targets[0].metric: 'time_above' is not allowed; allowed: a metric of temsirolimus (its"
            + " time_above needs a threshold in time_above)");
  }

  private void assertRefused(String timeAbove, String message) throws Exception {
    scenario(timeAbove, "{ end_h: 672, step_h: 1 }");
    assertRefusedFile(message);
  }

  private void assertRefusedFile(String message) {
    assertEquals(
        "vpop: " + message,
        cli.refusal(
            "simulate",
            "--scenario",
            directory.resolve("above.yaml").toString(),
            "--out",
            directory.resolve("refused").toString()));
  }
}
