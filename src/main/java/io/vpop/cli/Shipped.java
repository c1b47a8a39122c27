package io.vpop.cli;

import io.vpop.model.ModelLoader;
import io.vpop.scenario.ScenarioLoader;
import io.vpop.sweep.SweepScenario;
import java.util.List;

/**
 * The kinds of file shipped in the jar that a user may list and copy: scenario presets, sweep
 * presets and models, each with the command that runs it and what to do with a copy.
 */
enum Shipped {
  PRESET("preset", "Presets (vpop simulate --preset NAME)", "my.yaml") {
    @Override
    List<String> names() {
      return ScenarioLoader.presets();
    }

    @Override
    String description(String name) {
      return ScenarioLoader.preset(name, NAME).description();
    }

    @Override
    String text(String name) {
      return ScenarioLoader.presetText(name, NAME);
    }

    @Override
    List<String> use(String name) {
      return List.of(
          "  vpop simulate --scenario " + copy, "'vpop presets fields' describes every field.");
    }
  },
  SWEEP("sweep", "Sweeps (vpop sweep --preset NAME)", "my-sweep.yaml") {
    @Override
    List<String> names() {
      return SweepScenario.presets();
    }

    @Override
    String description(String name) {
      return SweepScenario.preset(name, NAME).description();
    }

    @Override
    String text(String name) {
      return SweepScenario.presetText(name, NAME);
    }

    @Override
    List<String> use(String name) {
      return List.of("  vpop sweep --scenario " + copy);
    }
  },
  MODEL("model", "Models (model: NAME in a scenario file)", "my-model.yaml") {
    @Override
    List<String> names() {
      return ModelLoader.builtInNames();
    }

    @Override
    String description(String name) {
      return ModelLoader.builtIn(name, NAME).description();
    }

    @Override
    String text(String name) {
      return ModelLoader.builtInText(name, NAME);
    }

    @Override
    List<String> use(String name) {
      return List.of(
          "  vpop validate --model " + name + " --model-file " + copy,
          "and in a scenario file, model_file: " + copy + " in place of model: " + name + ".");
    }
  };

  /** What an unknown name is reported under: the argument of {@code vpop presets show}. */
  static final String NAME = "NAME";

  /** What one is called, e.g. {@code preset}. */
  final String noun;

  /** The heading of the kind's list in {@code vpop presets}. */
  final String heading;

  /** The file name a copy is saved under in the template's instructions. */
  final String copy;

  Shipped(String noun, String heading, String copy) {
    this.noun = noun;
    this.heading = heading;
    this.copy = copy;
  }

  /** The names shipped, in the order the kind's loader gives them. */
  abstract List<String> names();

  /** A shipped file's one-line description, from the file itself. */
  abstract String description(String name);

  /** A shipped file's text, as shipped. */
  abstract String text(String name);

  /**
   * What to do with a saved copy of {@code name}: the template's lines of instructions after the
   * one that saves it, commands indented.
   */
  abstract List<String> use(String name);
}
