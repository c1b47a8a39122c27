package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.scenario.Scenario;
import io.vpop.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.Iterator;
import picocli.CommandLine.Option;

/** The options that choose a scenario: a shipped preset or a scenario file. */
final class ScenarioOptions {
  @Option(
      names = "--preset",
      completionCandidates = PresetNames.class,
      description =
          "Scenario shipped with vpop (default: adult-label): ${COMPLETION-CANDIDATES}."
              + " 'vpop presets' describes them.")
  String preset;

  @Option(names = "--scenario", description = "A scenario file (YAML), instead of a preset.")
  Path scenario;

  /** The shipped presets, found in the jar, so that help and completion list every one. */
  static final class PresetNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ScenarioLoader.presets().iterator();
    }
  }

  /** The chosen scenario, checked. */
  Scenario load() {
    if (preset != null && scenario != null) {
      throw InvalidInputException.of("--scenario", "give --preset or --scenario, not both");
    }
    return scenario != null
        ? ScenarioLoader.file(scenario, "--scenario")
        : ScenarioLoader.preset(preset == null ? "adult-label" : preset, "--preset");
  }
}
