package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpop.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vpop validate}: the shipped model passes; a model number changed so a figure is missed
 * fails.
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
}
