package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpop.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A range target ({@code comparison: between}): its attainment is the count of patients whose value
 * lies in the closed range, recounted here from patients.csv, and its bad forms are refused in one
 * line.
 */
class RangeTargetTest {
  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  private Path scenario(String target) throws Exception {
    return YamlDocument.preset("adult-label")
        .add("targets", "[" + target + "]")
        .withoutPlots()
        .write(directory.resolve("range.yaml"));
  }

  @Test
  void attainmentCountsThePatientsInsideTheRange() throws Exception {
    Path scenario =
        scenario(
            "{ analyte: sirolimus, metric: trough, comparison: between, threshold: 3, upper: 10,"
                + " unit: ng/mL }");
    Path out = directory.resolve("out");
    assertEquals(
        0,
        cli.run(
            "simulate",
            "--quiet",
            "--per-patient",
            "--patients",
            "400",
            "--scenario",
            scenario.toString(),
            "--out",
            out.toString()),
        cli.err());
    List<String> rows = Files.readAllLines(out.resolve("patients.csv"));
    int column = Arrays.asList(rows.get(0).split(",")).indexOf("sirolimus_trough_ng_per_mL");
    long inside =
        rows.stream()
            .skip(1)
            .mapToDouble(row -> Double.parseDouble(row.split(",")[column]))
            .filter(trough -> trough >= 3 && trough <= 10)
            .count();
    long below =
        rows.stream()
            .skip(1)
            .mapToDouble(row -> Double.parseDouble(row.split(",")[column]))
            .filter(trough -> trough < 3)
            .count();
    assertTrue(inside > 40 && below > 40, "both sides of the range are populated: " + inside);
    JsonNode attainment =
        new ObjectMapper()
            .readTree(out.resolve("summary.json").toFile())
            .at("/target_attainment/0");
    assertEquals("sirolimus trough between 3.0 and 10.0 ng/mL", attainment.at("/target").asText());
    assertEquals(inside, attainment.at("/attained").asLong());
    assertEquals(inside / 400.0, attainment.at("/probability").asDouble(), 1e-15);
  }

  @Test
  void badRangesAreRefusedInOneLine() throws Exception {
    assertRefused(
        "{ analyte: sirolimus, metric: trough, comparison: between, threshold: 3, unit: ng/mL }",
        "targets[0].upper: a range (comparison between) needs its upper end");
    assertRefused(
        "{ analyte: sirolimus, metric: trough, comparison: '>=', threshold: 3, upper: 10,"
            + " unit: ng/mL }",
        "targets[0].upper: only a range (comparison between) has an upper end");
    assertRefused(
        "{ analyte: sirolimus, metric: trough, comparison: between, threshold: 3, upper: 3,"
            + " unit: ng/mL }",
        "targets[0].upper: 3.0 is not allowed; allowed: a finite number above threshold 3.0");
    assertRefused(
        "{ analyte: sirolimus, metric: trough, comparison: within, threshold: 3, unit: ng/mL }",
        "targets[0].comparison: 'within' is not allowed; allowed: >=, >, <=, <, between");
  }

  private void assertRefused(String target, String message) throws Exception {
    scenario(target);
    assertEquals(
        "vpop: " + message,
        cli.refusal(
            "simulate",
            "--scenario",
            directory.resolve("range.yaml").toString(),
            "--out",
            directory.resolve("refused").toString()));
  }
}
