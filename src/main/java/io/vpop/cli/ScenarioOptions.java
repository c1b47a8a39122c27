package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.scenario.Scenario;
import io.vpop.scenario.ScenarioLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose a scenario: a shipped preset or a scenario file. */
final class ScenarioOptions {
  @Option(
      names = "--preset",
      description =
          "Scenario shipped with vpop: adult-label (default), adult-single, pediatric-phase2.")
  String preset;

  @Option(names = "--scenario", description = "A scenario file (YAML), instead of a preset.")
  Path scenario;

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
