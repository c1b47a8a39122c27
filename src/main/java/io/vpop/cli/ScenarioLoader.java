package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.config.ConfigNode;
import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.model.ModelLoader;
import io.vpop.model.ParameterSet;
import io.vpop.population.BodySurfaceArea;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Infusion;
import io.vpop.regimen.Regimen;
import io.vpop.solve.TimeGrid;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads scenario files (YAML) and the presets shipped in the jar. Every field is checked before any
 * work starts; an error names the field's path in the file, the value and what is allowed.
 */
public final class ScenarioLoader {
  /** The presets shipped in the jar, each {@code io/vpop/presets/NAME.yaml}. */
  public static final List<String> PRESETS = List.of("adult-label", "adult-single");

  private ScenarioLoader() {}

  /**
   * A preset by name.
   *
   * @throws InvalidInputException naming {@code --preset} if there is no such preset
   */
  public static Scenario preset(String name) {
    if (!PRESETS.contains(name)) {
      throw new InvalidInputException("--preset", name, String.join(", ", PRESETS));
    }
    try (InputStream in =
        ScenarioLoader.class.getResourceAsStream("/io/vpop/presets/" + name + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("preset " + name + " is missing from the jar");
      }
      return parse(in, name + ".yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses and checks a scenario document. */
  public static Scenario parse(InputStream in, String source) {
    ConfigNode root = ConfigNode.parse(in, source);
    root.allowOnly(
        "name",
        "description",
        "model",
        "parameter_set",
        "variability",
        "typical_patient",
        "regimen",
        "time_grid",
        "modifiers");
    Model model = ModelLoader.builtIn(root.text("model"), root.pathOf("model"));
    ParameterSet parameterSet =
        model.parameterSet(root.text("parameter_set"), root.pathOf("parameter_set"));
    String variability = root.text("variability");
    if (!model.variability().containsKey(variability)) {
      throw new InvalidInputException(
          root.pathOf("variability"), variability, String.join(", ", model.variability().keySet()));
    }
    List<String> modifiers = root.textsOrEmpty("modifiers");
    model.modifierFactors(modifiers, root.pathOf("modifiers"));
    return new Scenario(
        root.text("name"),
        root.text("description", ""),
        model,
        parameterSet,
        patient(root.object("typical_patient")),
        regimen(root),
        grid(root.object("time_grid")),
        modifiers);
  }

  private static Covariates patient(ConfigNode node) {
    node.allowOnly("age_y", "weight_kg", "height_cm");
    double height = node.number("height_cm");
    double weight = node.number("weight_kg");
    try {
      return new Covariates(
          node.number("age_y"), weight, height, BodySurfaceArea.MOSTELLER.m2(height, weight));
    } catch (InvalidInputException e) {
      throw e.within(node.path());
    }
  }

  private static Regimen regimen(ConfigNode root) {
    List<Infusion> lines = new ArrayList<>();
    for (ConfigNode node : root.objects("regimen")) {
      node.allowOnly("dose", "unit", "cap_mg", "duration_h", "interval_h", "count", "start_h");
      try {
        Dose dose =
            new Dose(
                node.number("dose"),
                DoseUnit.parse(node.text("unit"), "unit"),
                node.number("cap_mg", Double.POSITIVE_INFINITY));
        lines.add(
            new Infusion(
                dose,
                node.number("duration_h"),
                node.number("start_h", 0),
                node.number("interval_h", 0),
                node.integer("count", 1)));
      } catch (InvalidInputException e) {
        throw e.within(node.path());
      }
    }
    return new Regimen(lines);
  }

  private static TimeGrid grid(ConfigNode node) {
    node.allowOnly("end_h", "step_h");
    return TimeGrid.uniform(node.number("end_h"), node.number("step_h"));
  }
}
