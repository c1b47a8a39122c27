package io.vpop.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.InvalidInputException;
import io.vpop.YamlDocument;
import io.vpop.regimen.DoseLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regimen lines as the scenario file gives them: routes, bolus compartments and steady state, and
 * the one-line errors for dosing that cannot be given.
 */
class DosingInputTest {
  @TempDir Path directory;

  private Scenario load(YamlDocument document) {
    return ScenarioLoader.parse(document.text(), "scenario.yaml", directory);
  }

  private static YamlDocument weekly() {
    return YamlDocument.preset("adult-label");
  }

  private void assertRefused(YamlDocument document, String message) {
    InvalidInputException error = assertThrows(InvalidInputException.class, () -> load(document));
    assertEquals(message, error.getMessage());
  }

  @Test
  void aLineAtSteadyStateSaysSo() {
    Scenario scenario = load(weekly().add("regimen[0].steady_state", "true"));
    DoseLine line = scenario.regimen().lines().get(0);
    assertTrue(line.steadyState());
    assertEquals(168, line.intervalH());
    assertFalse(
        load(weekly().add("regimen[0].steady_state", "false"))
            .regimen()
            .lines()
            .get(0)
            .steadyState());
    assertFalse(load(weekly()).regimen().lines().get(0).steadyState());
  }

  @Test
  void steadyStateNeedsARegularLineFromZero() {
    assertRefused(
        weekly()
            .add("regimen[0].steady_state", "true")
            .set("regimen[0].count", "1")
            .set("regimen[0].interval_h", "0"),
        "regimen[0].interval_h: 0.0 is not allowed; allowed: > 0 h for a steady-state line (its"
            + " dosing interval)");
    assertRefused(
        weekly().add("regimen[0].steady_state", "true").add("regimen[0].start_h", "24"),
        "regimen[0].start_h: 24.0 is not allowed; allowed: 0 h for a steady-state line (the"
            + " patient starts at its steady state, at its first dose)");
    assertRefused(
        weekly().add("regimen[0].steady_state", "maybe"),
        "regimen[0].steady_state: 'maybe' is not allowed; allowed: true or false");
  }

  @Test
  void noSteadyStateWhereDrugNeverLeaves() throws IOException {
    // temsirolimus.yaml with sirolimus moved by CLm into a compartment it never leaves.
    String model;
    try (InputStream in = getClass().getResourceAsStream("/io/vpop/models/temsirolimus.yaml")) {
      model = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String elimination = "  - { from: sirolimus_central, clearance: CLm }\n";
    String compartment = "  - { name: sirolimus_peripheral, analyte: sirolimus, volume: Vm2 }\n";
    assertTrue(model.contains(elimination) && model.contains(compartment));
    model =
        model
            .replace(elimination, "")
            .replace(
                compartment, compartment + "  - { name: sirolimus_excreted, analyte: sirolimus }\n")
            .replace(
                "\nelimination:\n",
                "\ntransfer:\n  - { from: sirolimus_central, to: sirolimus_excreted, clearance:"
                    + " CLm }\nelimination:\n");
    Files.writeString(directory.resolve("closed.yaml"), model);
    YamlDocument closed = weekly().remove("model").add("model_file", "closed.yaml");
    // Without steady state the model runs: sirolimus accumulates in the excreted compartment.
    load(closed);
    assertRefused(
        closed.add("regimen[0].steady_state", "true"),
        "regimen[0].steady_state: true is not allowed; allowed: false: no steady state exists, as"
            + " drug in sirolimus_central, sirolimus_peripheral, sirolimus_excreted never leaves the"
            + " body (no path of flows from there to an elimination)");
  }

  @Test
  void aBolusHasNoDurationAndGoesIntoACompartmentOfTheModel() {
    assertRefused(
        weekly().add("regimen[0].route", "bolus"),
        "regimen[0].duration_h: 0.5 is not allowed; allowed: no duration for a bolus (route: bolus"
            + " is given at once)");
    assertRefused(
        weekly()
            .add("regimen[0].route", "bolus")
            .remove("regimen[0].duration_h")
            .add("regimen[0].compartment", "gut"),
        "regimen[0].compartment: 'gut' is not allowed; allowed: temsirolimus_central,"
            + " temsirolimus_shallow, temsirolimus_deep, sirolimus_central, sirolimus_peripheral");
    assertRefused(
        weekly().add("regimen[0].route", "oral"),
        "regimen[0].route: 'oral' is not allowed; allowed: infusion, bolus");
  }
}
