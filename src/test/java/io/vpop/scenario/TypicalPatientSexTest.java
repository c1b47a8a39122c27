package io.vpop.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vpop.InvalidInputException;
import io.vpop.YamlDocument;
import io.vpop.run.Typical;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typical patient's sex: optional, unless the model has an effect of sex; then its typical
 * parameters carry the factor of the sex given.
 */
class TypicalPatientSexTest {
  @TempDir Path directory;

  /** temsirolimus.yaml with CL times 1.25 in men (a test effect, [A]). */
  private void writeModelWithASexEffect() throws IOException {
    String model;
    try (InputStream in = getClass().getResourceAsStream("/io/vpop/models/temsirolimus.yaml")) {
      model = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String effects = "covariates:\n  effects:\n";
    String sexEffect =
        "    - { form: categorical, parameters: [CL], covariate: sex, factors: { male: 1.25 },"
            + " source: \"[A] test\" }\n";
    Files.writeString(directory.resolve("m.yaml"), model.replace(effects, effects + sexEffect));
  }

  private Scenario load(YamlDocument document) {
    return ScenarioLoader.parse(document.text(), "scenario.yaml", directory);
  }

  private static YamlDocument adultLabelOn(String modelFile) {
    return YamlDocument.preset("adult-label").remove("model").add("model_file", modelFile);
  }

  @Test
  void aModelWithASexEffectNeedsTheTypicalPatientsSex() throws IOException {
    writeModelWithASexEffect();
    InvalidInputException error =
        assertThrows(InvalidInputException.class, () -> load(adultLabelOn("m.yaml")));
    assertEquals(
        "typical_patient.sex: required: the model has an effect of sex (female or male)",
        error.getMessage());
    InvalidInputException misspelt =
        assertThrows(
            InvalidInputException.class,
            () -> load(adultLabelOn("m.yaml").add("typical_patient.sex", "m")));
    assertEquals(
        "typical_patient.sex: 'm' is not allowed; allowed: female, male", misspelt.getMessage());
  }

  @Test
  void theTypicalParametersCarryTheFactorOfTheSexGiven() throws IOException {
    writeModelWithASexEffect();
    Scenario male = load(adultLabelOn("m.yaml").add("typical_patient.sex", "male"));
    Scenario female = load(adultLabelOn("m.yaml").add("typical_patient.sex", "female"));
    int cl = male.model().parameterIndex("CL");
    double ratio = clearance(male, cl) / clearance(female, cl);
    assertEquals(1.25, ratio, 1e-15);
  }

  private static double clearance(Scenario scenario, int cl) {
    double[] factors = scenario.model().modifierFactors(scenario.modifiers(), "modifiers");
    return Typical.parameters(
        scenario.model(),
        scenario.parameterSet(),
        scenario.typicalPatient(),
        scenario.regimen(),
        factors)[cl];
  }
}
