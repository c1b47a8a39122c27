package io.vpop.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vpop.InvalidInputException;
import io.vpop.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field table and the loader hold each other to account: every documented field is read (a
 * wrong value there is refused under its name), every section refuses a field the table does not
 * list, and every documented default is the loader's. The README shows the table as it is.
 */
class ScenarioFieldsTest {
  /** A value no documented field accepts: a mapping holding a field no section documents. */
  private static final String PROBE = "{ undocumented_probe: 1 }";

  /** The lines around the README's copy of the table, whole lines each. */
  private static final String README_START =
      "<!-- scenario-fields: generated from scenario.ScenarioFields by './vpop presets fields' -->\n";

  private static final String README_END = "<!-- end of scenario-fields -->\n";

  @TempDir Path directory;

  /**
   * Three scenarios that between them hold every documented field: a shipped model, one age range
   * and every optional field; a model file, age bands and a range target; a population table with a
   * covariate its model declares. Fresh for each use, since tests edit them.
   */
  private List<Supplier<YamlDocument>> fullScenarios;

  @BeforeEach
  void writeModelFile() throws IOException {
    YamlDocument.resource("/io/vpop/models/temsirolimus.yaml").write(directory.resolve("m.yaml"));
    YamlDocument.resource("/io/vpop/models/temsirolimus.yaml")
        .add(
            "covariates.declared",
            "[{ name: CRCL, unit: mL/min, min: 5, max: 250, source: \"[A] test\" }]")
        .write(directory.resolve("declares.yaml"));
    Files.writeString(
        directory.resolve("t.csv"), "age_y,sex,weight_kg,height_cm,CRCL\n40,female,70,175,100\n");
    fullScenarios =
        List.of(
            () ->
                YamlDocument.preset("adult-single")
                    .add("population.weight_kg", "{ min: 40, max: 150 }")
                    .add("population.bmi_kg_m2", "{ min: 15, max: 45 }")
                    .add("regimen[0].cap_mg", "50")
                    .add("regimen[0].start_h", "2")
                    .add("regimen[0].route", "infusion")
                    .add("regimen[0].steady_state", "false")
                    .add("typical_patient.sex", "female")
                    .add("time_above", "[{ analyte: sirolimus, threshold: 10, unit: ng/mL }]")
                    .add(
                        "targets",
                        "[{ analyte: sum, metric: auc_0_inf, comparison: '>=',"
                            + " threshold: 1000, unit: 'ng*h/mL' }]")
                    .add("outputs", "{ per_patient: true, plots: false }"),
            () ->
                YamlDocument.preset("pediatric-phase2")
                    .remove("model")
                    .add("model_file", "m.yaml")
                    .remove("regimen[0].duration_h")
                    .add("regimen[0].route", "bolus")
                    .add("regimen[0].compartment", "temsirolimus_central")
                    .add(
                        "targets",
                        "[{ analyte: sirolimus, metric: trough, comparison: between,"
                            + " threshold: 10, upper: 15, unit: ng/mL }]")
                    .add(
                        "observations",
                        "{ times_h: [1, 24], outputs: [sirolimus],"
                            + " lloq: [{ analyte: sirolimus, value: 0.5, unit: ng/mL }] }"),
            () ->
                YamlDocument.preset("adult-single")
                    .remove("model")
                    .add("model_file", "declares.yaml")
                    .add("typical_patient.covariates", "{ CRCL: 100 }")
                    .remove("population.ages")
                    .remove("population.fraction_male")
                    .add("population.table", "t.csv")
                    .remove("regimen[0].duration_h")
                    .add("regimen[0].rate_mg_per_h", "50"));
  }

  @Test
  void theFullScenariosLoad() {
    for (Supplier<YamlDocument> scenario : fullScenarios) {
      assertNotNull(load(scenario.get()));
    }
  }

  @Test
  void everyDocumentedFieldIsReadByTheLoader() {
    for (ScenarioFields.Field field : ScenarioFields.ALL) {
      String path = concrete(field.path());
      YamlDocument document = holding(path).set(path, PROBE);
      InvalidInputException error =
          assertThrows(InvalidInputException.class, () -> load(document), path + " is ignored");
      assertTrue(
          error.field().equals(path) || error.field().startsWith(path + "."),
          path + " set to " + PROBE + " is refused under another field: " + error.getMessage());
    }
  }

  @Test
  void everySectionRefusesAFieldTheTableDoesNotList() {
    Map<String, String> firstFieldOf = new LinkedHashMap<>();
    for (ScenarioFields.Field field : ScenarioFields.ALL) {
      firstFieldOf.putIfAbsent(parent(field.path()), field.path());
    }
    firstFieldOf.forEach(
        (section, firstField) -> {
          String path = concrete(parent(firstField) + ".misspelt").replaceFirst("^\\.", "");
          YamlDocument document = holding(concrete(firstField)).add(path, "1");
          InvalidInputException error =
              assertThrows(
                  InvalidInputException.class,
                  () -> load(document),
                  "'" + section + "' accepts a field the table does not list");
          assertEquals(path, error.field(), error.getMessage());
        });
  }

  @Test
  void writingADocumentedDefaultEqualsLeavingTheFieldOut() {
    for (ScenarioFields.Field field : ScenarioFields.ALL) {
      if (field.defaultYaml().isEmpty()) {
        continue;
      }
      String path = concrete(field.path());
      Scenario written = load(holding(path).set(path, field.defaultYaml().get()));
      Scenario left = load(holding(path).remove(path));
      SameScenario.assertSame(written, left, path + " written as its default");
    }
  }

  @Test
  void theReadmeShowsTheTable() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf(README_START);
    int end = readme.indexOf(README_END);
    assertTrue(
        start >= 0 && end > start, "README.md lacks the markers " + README_START + README_END);
    assertEquals(
        ScenarioFields.markdown(),
        readme.substring(start + README_START.length(), end),
        "README.md's scenario fields differ from scenario.ScenarioFields: replace the lines"
            + " between its two scenario-fields markers with the output of './vpop presets"
            + " fields'");
  }

  /** A fresh full scenario that holds {@code path}. */
  private YamlDocument holding(String path) {
    for (Supplier<YamlDocument> scenario : fullScenarios) {
      if (scenario.get().has(path)) {
        return scenario.get();
      }
    }
    return fail("no full scenario of this test holds " + path + ": add it to one");
  }

  /** The path of a field of the first item of each list: regimen[0].dose for regimen[].dose. */
  private static String concrete(String path) {
    return path.replace("[]", "[0]");
  }

  private static String parent(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  private Scenario load(YamlDocument document) {
    return ScenarioLoader.parse(document.text(), "full.yaml", directory);
  }
}
