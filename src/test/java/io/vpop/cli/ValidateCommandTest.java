package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpop.InvalidInputException;
import io.vpop.YamlDocument;
import io.vpop.model.ModelLoader;
import io.vpop.validate.ValidationPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vpop validate}: every shipped model passes its own published figures; a model number
 * changed so a figure is missed fails; the validation files' errors are one line.
 */
class ValidateCommandTest {
  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  @Test
  void theShippedModelMeetsEveryJudgedFigureAndShowsItsKnownMiss() throws Exception {
    Path outDir = directory.resolve("ok");
    assertEquals(
        0, cli.run("validate", "--patients", "2000", "--out", outDir.toString()), cli.err());
    JsonNode report = new ObjectMapper().readTree(outDir.resolve("validation.json").toFile());
    assertTrue(report.path("passed").asBoolean());
    int byConstruction = 0;
    boolean knownMiss = false;
    for (JsonNode check : report.path("checks")) {
      byConstruction += check.path("by_construction").asBoolean() ? 1 : 0;
      knownMiss |= check.path("outcome").asText().equals("known_miss");
    }
    assertTrue(byConstruction >= 5, "rows derived by construction are marked");
    assertTrue(knownMiss, "the rifampin Cmax miss is listed, not dropped");
    assertTrue(Files.exists(outDir.resolve("validation.md")));
    assertTrue(Files.exists(outDir.resolve("validation.png")));
  }

  @Test
  void aChangedModelNumberThatMissesAPublishedFigureFails() throws Exception {
    // V1 34 -> 30 L: Cmax at the end of the infusion rises by about 10 %, beyond the label's 585
    // ng/mL +-1 %.
    YamlDocument model = YamlDocument.resource("/io/vpop/models/temsirolimus.yaml");
    Path changed =
        model
            .set("parameter_sets.adult-label.parameters.V1.value", "30.0")
            .write(directory.resolve("changed.yaml"));
    Path outDir = directory.resolve("changed");
    assertEquals(
        ValidateCommand.MISSED,
        cli.run(
            "validate",
            "--patients",
            "500",
            "--model-file",
            changed.toString(),
            "--out",
            outDir.toString()),
        cli.err());
    JsonNode report = new ObjectMapper().readTree(outDir.resolve("validation.json").toFile());
    boolean cmaxFailed = false;
    for (JsonNode check : report.path("checks")) {
      cmaxFailed |=
          check.path("quantity").asText().startsWith("temsirolimus Cmax, typical")
              && check.path("outcome").asText().equals("fail");
    }
    assertTrue(cmaxFailed, report.toString());
  }

  @Test
  void everyShippedModelHasAValidationFile() {
    assertEquals(ModelLoader.builtInNames(), ValidationPlan.shipped());
  }

  @Test
  void everyShippedValidationPassesItsJudgedFigures() throws Exception {
    for (String model : ValidationPlan.shipped()) {
      Path outDir = directory.resolve("shipped-" + model);
      assertEquals(
          0,
          cli.run("validate", "--model", model, "--patients", "500", "--out", outDir.toString()),
          model + ": " + cli.err());
      JsonNode report = new ObjectMapper().readTree(outDir.resolve("validation.json").toFile());
      assertEquals(model, report.path("model").asText());
      assertTrue(report.path("checks").size() > 0, model);
    }
  }

  @Test
  void oralSirolimusShowsItsTwoKnownMisses() throws Exception {
    Path outDir = directory.resolve("sirolimus");
    assertEquals(
        0, cli.run("validate", "--model", "sirolimus-oral", "--out", outDir.toString()), cli.err());
    JsonNode report = new ObjectMapper().readTree(outDir.resolve("validation.json").toFile());
    List<String> misses = new java.util.ArrayList<>();
    for (JsonNode check : report.path("checks")) {
      if (check.path("outcome").asText().equals("known_miss")) {
        misses.add(check.path("quantity").asText());
      }
    }
    assertEquals(
        List.of("CL/F at 16 kg (L/h)", "terminal half-life, adults (h)"),
        misses,
        report.toString());
  }

  @Test
  void aModelFileWithoutAnOutputTheValidationUsesIsOneLineNamingTheOption() throws Exception {
    Path renamed =
        YamlDocument.resource("/io/vpop/models/sirolimus-oral.yaml")
            .set("outputs[0].name", "siro")
            .write(directory.resolve("renamed.yaml"));
    String message =
        cli.refusal("validate", "--model", "sirolimus-oral", "--model-file", renamed.toString());
    assertTrue(
        message.startsWith(
            "vpop: --model-file: the model lacks what the validation of --model sirolimus-oral"
                + " uses (checks[1].simulated.metric.analyte: 'sirolimus' is not allowed"),
        message);
    assertEquals(1, message.lines().count(), message);
  }

  @Test
  void anUnknownModelIsOneLineNamingTheValidatedOnes() {
    assertEquals(
        "vpop: --model: 'nope' is not allowed; allowed: sirolimus-oral, temsirolimus",
        cli.refusal("validate", "--model", "nope"));
  }

  @Test
  void aCheckOnAnUnknownRunIsOneLineNamingTheRuns() {
    String text =
        """
        model: sirolimus-oral
        scenario:
          name: v
          parameter_set: children
          population:
            ages: { min_y: 1, max_y: 2 }
            fraction_male: 0.5
            omega: { adult: children, pediatric: children }
          typical_patient: { age_y: 8, weight_kg: 25.75, height_cm: 128.1 }
          regimen: [{ dose: 1, unit: mg, route: bolus }]
          time_grid: { end_h: 24, step_h: 1 }
        runs:
          child: { time_grid: { end_h: 48, step_h: 1 } }
        checks:
          - quantity: q
            conditions: c
            source: s
            why: w
            simulated: { metric: { run: adult, analyte: sirolimus, metric: cmax } }
        """;
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ValidationPlan.parse(text, "v.yaml", null));
    assertEquals(
        "checks[0].simulated.metric.run: 'adult' is not allowed; allowed: child", e.getMessage());
    String zero =
        text.replace("run: adult", "run: child")
            .replace("source: s", "source: s\n    published: 0");
    e = assertThrows(InvalidInputException.class, () -> ValidationPlan.parse(zero, "v.yaml", null));
    assertEquals(
        "checks[0].published: 0.0 is not allowed; allowed: a value other than 0 (rows compare"
            + " ratios)",
        e.getMessage());
  }
}
