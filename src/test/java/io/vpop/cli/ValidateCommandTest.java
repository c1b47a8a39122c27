package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
    String model;
    try (InputStream in = getClass().getResourceAsStream("/io/vpop/models/temsirolimus.yaml")) {
      model = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // V1 34 -> 30 L: Cmax at the end of the infusion rises by about 10 %, beyond the label's 585
    // ng/mL +-1 %.
    Path changed = directory.resolve("changed.yaml");
    Files.writeString(changed, model.replace("V1: { value: 34.0,", "V1: { value: 30.0,"));
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
