package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.YamlDocument;
import io.vpop.model.ModelLoader;
import io.vpop.scenario.SameScenario;
import io.vpop.scenario.ScenarioFields;
import io.vpop.scenario.ScenarioLoader;
import io.vpop.sweep.SweepScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vpop presets}: every shipped file listed with its description, every template loading back
 * as the file it copies, unknown names refused, and every preset named in the help.
 */
class PresetsCommandTest {
  @TempDir Path directory;

  @Test
  void listsEveryPresetSweepAndModelWithItsDescriptionInTheLoadersOrder() {
    InProcessCli cli = new InProcessCli();
    assertEquals(0, cli.run("presets"), cli.err());
    String out = cli.out();
    for (Shipped kind : Shipped.values()) {
      int previous = out.indexOf(kind.heading);
      assertTrue(previous >= 0, kind.heading + " in\n" + out);
      for (String name : kind.names()) {
        int line = out.indexOf("\n  " + name + " ", previous);
        assertTrue(line > previous, name + " after the ones before it in\n" + out);
        String description = kind.description(name);
        assertTrue(
            out.substring(line + 1, out.indexOf('\n', line + 1)).endsWith("  " + description),
            name + ": " + description + " in\n" + out);
        previous = line;
      }
    }
    assertEquals(ScenarioLoader.presets(), Shipped.PRESET.names());
    assertEquals(SweepScenario.presets(), Shipped.SWEEP.names());
    assertEquals(ModelLoader.builtInNames(), Shipped.MODEL.names());
  }

  @Test
  void everyPresetTemplateRunsAsThePreset() throws Exception {
    for (String preset : ScenarioLoader.presets()) {
      Path template = show(preset, preset + ".yaml");
      SameScenario.assertSame(
          ScenarioLoader.preset(preset, "--preset"),
          ScenarioLoader.file(template, "--scenario"),
          preset);
      assertTypicalRunsEqual(preset, "--preset", preset, "--scenario", template.toString());
    }
  }

  @Test
  void everySweepTemplateLoadsAsTheSweep() throws Exception {
    for (String name : SweepScenario.presets()) {
      SweepScenario shipped = SweepScenario.preset(name, "--preset");
      SweepScenario copy = SweepScenario.file(show(name, name + ".yaml"), "--scenario");
      assertEquals(shipped.name(), copy.name(), name);
      assertEquals(shipped.description(), copy.description(), name);
      assertEquals(shipped.reference().isPresent(), copy.reference().isPresent(), name);
      if (shipped.reference().isPresent()) {
        SameScenario.assertSame(
            shipped.reference().get(), copy.reference().get(), name + " reference");
      }
      assertEquals(shipped.goal(), copy.goal(), name);
      SameScenario.assertSame(shipped.target(), copy.target(), name + " target");
      assertEquals(shipped.bands(), copy.bands(), name);
      assertEquals(shipped.exposure(), copy.exposure(), name);
      assertEquals(shipped.dose(), copy.dose(), name);
      assertEquals(shipped.grid(), copy.grid(), name);
      assertEquals(shipped.attainment(), copy.attainment(), name);
    }
  }

  @Test
  void everyModelTemplateRunsAsTheModel() throws Exception {
    for (String model : ModelLoader.builtInNames()) {
      // Each model runs in the first shipped preset of it: its parameter sets and Omegas are its
      // own.
      String preset =
          ScenarioLoader.presets().stream()
              .filter(name -> ScenarioLoader.preset(name, "preset").model().name().equals(model))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no preset ships model " + model));
      Path copy = show(model, model + "-copy.yaml");
      Path scenario =
          YamlDocument.preset(preset)
              .set("model", model)
              .write(directory.resolve(model + "-shipped.yaml"));
      Path scenarioOfCopy =
          YamlDocument.preset(preset)
              .remove("model")
              .add("model_file", copy.getFileName().toString())
              .write(directory.resolve(model + "-copied.yaml"));
      assertTypicalRunsEqual(
          model, "--scenario", scenario.toString(), "--scenario", scenarioOfCopy.toString());
    }
  }

  @Test
  void noNameIsShippedTwice() {
    // presets show takes the first kind with a name: a second file of that name could not be shown.
    List<String> names =
        List.of(Shipped.values()).stream().flatMap(kind -> kind.names().stream()).toList();
    assertEquals(names.stream().distinct().toList(), names);
  }

  @Test
  void anUnknownNameIsOneLineListingEveryNameAndExitTwo() {
    InProcessCli cli = new InProcessCli();
    assertEquals(2, cli.run("presets", "show", "adult-lable"));
    List<String> names =
        List.of(Shipped.values()).stream().flatMap(kind -> kind.names().stream()).toList();
    assertEquals(
        "vpop: NAME: 'adult-lable' is not allowed; allowed: " + String.join(", ", names) + "\n",
        cli.err());
    assertEquals("", cli.out());
  }

  @Test
  void theHelpOfEveryPresetOptionNamesEveryPreset() {
    assertHelpLists(List.of("simulate", "--help"), ScenarioLoader.presets());
    assertHelpLists(List.of("population", "--help"), ScenarioLoader.presets());
    assertHelpLists(List.of("sweep", "--help"), SweepScenario.presets());
  }

  @Test
  void fieldsPrintsTheTableTheReadmeShows() {
    InProcessCli cli = new InProcessCli();
    assertEquals(0, cli.run("presets", "fields"), cli.err());
    assertEquals(ScenarioFields.markdown(), cli.out());
  }

  /** Saves what {@code presets show NAME} prints, as a user would, checking it is a template. */
  private Path show(String name, String file) throws Exception {
    InProcessCli cli = new InProcessCli();
    assertEquals(0, cli.run("presets", "show", name), cli.err());
    String template = cli.out();
    int blankLine = template.indexOf("\n\n");
    String header = template.substring(0, blankLine + 1);
    assertTrue(header.lines().allMatch(line -> line.startsWith("# ")), header);
    assertTrue(header.contains("vpop presets show " + name + " > "), header);
    assertEquals(
        List.of(Shipped.values()).stream()
            .filter(kind -> kind.names().contains(name))
            .findFirst()
            .orElseThrow()
            .text(name),
        template.substring(blankLine + 2),
        name + ": the file as shipped after the header");
    return Files.writeString(directory.resolve(file), template);
  }

  /** Runs {@code simulate --typical} on two scenarios and requires the same files. */
  private void assertTypicalRunsEqual(String what, String... twoScenarios) throws Exception {
    Path first = directory.resolve(what + "-first");
    Path second = directory.resolve(what + "-second");
    InProcessCli cli = new InProcessCli();
    assertEquals(
        0,
        cli.run(
            "simulate", twoScenarios[0], twoScenarios[1], "--typical", "--out", first.toString()),
        cli.err());
    assertEquals(
        0,
        cli.run(
            "simulate", twoScenarios[2], twoScenarios[3], "--typical", "--out", second.toString()),
        cli.err());
    for (String file : List.of("summary.json", "profile.csv")) {
      assertArrayEquals(
          Files.readAllBytes(first.resolve(file)),
          Files.readAllBytes(second.resolve(file)),
          what + ": " + file);
    }
  }

  private static void assertHelpLists(List<String> command, List<String> names) {
    InProcessCli cli = new InProcessCli();
    assertEquals(0, cli.run(command.toArray(String[]::new)), cli.err());
    // Picocli wraps long descriptions: a list broken over lines is read as one line.
    String help = cli.out().replaceAll("\\s*\n\\s*", " ");
    assertTrue(help.contains(String.join(", ", names)), String.join(" ", command) + ": " + help);
  }
}
