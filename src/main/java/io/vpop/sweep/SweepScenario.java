package io.vpop.sweep;

import io.vpop.InvalidInputException;
import io.vpop.batch.Metric;
import io.vpop.config.ConfigNode;
import io.vpop.config.InputFiles;
import io.vpop.config.ShippedFiles;
import io.vpop.regimen.DoseUnit;
import io.vpop.scenario.Scenario;
import io.vpop.scenario.ScenarioLoader;
import io.vpop.stats.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A dose-finding sweep: what the doses aim at (a reference scenario's exposure, or a fixed value),
 * a target scenario (population and regimen shape), the target's age bands, the exposure compared,
 * the dose search and an optional grid of regimens. Presets are files {@code
 * io/vpop/sweeps/NAME.yaml} in the jar.
 *
 * @param reference the scenario whose exposure statistic the bands match; empty with a {@code goal}
 * @param goal the fixed exposure value the bands match; empty with a {@code reference}
 * @param attainment a threshold on the exposure metric whose attainment each grid cell reports
 */
public record SweepScenario(
    String name,
    String description,
    Optional<Scenario> reference,
    Optional<FixedGoal> goal,
    Scenario target,
    List<AgeBand> bands,
    Exposure exposure,
    DoseMatcher.Settings dose,
    Optional<RegimenGrid> grid,
    Optional<Target> attainment,
    String text) {

  /**
   * A fixed exposure value each band's dose must reach, e.g. a median trough of 12.5 ng/mL, in the
   * exposure's unit.
   *
   * @param value the value the band's exposure statistic must equal
   * @param rangeLow the lower end of the range each band's fraction of patients is counted in
   * @param rangeHigh its upper end
   * @param source where the value and range come from
   */
  public record FixedGoal(double value, double rangeLow, double rangeHigh, String source) {}

  /** Where the sweep presets are shipped: one sweep file {@code NAME.yaml} each. */
  private static final String PRESET_FOLDER = "/io/vpop/sweeps/";

  /** The names of the sweep presets shipped in the jar. */
  public static List<String> presets() {
    return ShippedFiles.yamlNames(PRESET_FOLDER);
  }

  /**
   * A sweep preset by name.
   *
   * @param field where the name came from, for the error message
   * @throws InvalidInputException naming {@code field} if there is no such preset
   */
  public static SweepScenario preset(String name, String field) {
    return parse(presetText(name, field), name + ".yaml", null);
  }

  /**
   * A sweep preset's file as shipped, comments included: a sweep file to copy.
   *
   * @param field where the name came from, for the error message
   * @throws InvalidInputException naming {@code field} if there is no such preset
   */
  public static String presetText(String name, String field) {
    if (!presets().contains(name)) {
      throw new InvalidInputException(field, name, String.join(", ", presets()));
    }
    return ShippedFiles.text(PRESET_FOLDER, name);
  }

  /**
   * A sweep file.
   *
   * @param field where the path came from, for the error message
   * @throws InvalidInputException naming {@code field} if the file cannot be read
   */
  public static SweepScenario file(Path path, String field) {
    String text = InputFiles.text(path, field, "YAML sweep file");
    return parse(text, path.toString(), path.toAbsolutePath().getParent());
  }

  /**
   * Parses and checks a sweep document; its reference and target are presets or scenario files
   * (relative to {@code directory}, null for documents in the jar).
   */
  public static SweepScenario parse(String text, String source, Path directory) {
    ConfigNode root =
        ConfigNode.parse(
            new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source);
    root.allowOnly(
        "name",
        "description",
        "reference",
        "goal",
        "target",
        "bands",
        "exposure",
        "dose",
        "grid",
        "attainment");
    if (root.has("reference") == root.has("goal")) {
      throw InvalidInputException.of(
          "reference",
          (root.has("reference") ? "not both: " : "required: ")
              + "give either reference (a scenario whose exposure the bands match) or goal (a"
              + " fixed exposure value)");
    }
    Optional<Scenario> reference =
        root.has("reference")
            ? Optional.of(scenario(root.object("reference"), directory))
            : Optional.empty();
    Scenario target = scenario(root.object("target"), directory);
    for (String side : List.of("reference", "target")) {
      Scenario scenario = side.equals("reference") ? reference.orElse(null) : target;
      if (scenario != null && scenario.table() != null) {
        throw InvalidInputException.of(
            root.pathOf(side),
            "a scenario with a population table is not allowed: a sweep samples each age band's"
                + " patients");
      }
    }
    List<AgeBand> bands = new ArrayList<>();
    for (ConfigNode band : root.objects("bands")) {
      band.allowOnly("min_y", "max_y");
      AgeBand ages = new AgeBand(band.number("min_y"), band.number("max_y"));
      if (!target.demographics().ages().covers(ages.fromY(), ages.toY())) {
        // The band's patients would be sampled outside the population the target describes.
        throw new InvalidInputException(
            band.path(), ages.label(), "ages within the target population's age bands");
      }
      bands.add(ages);
    }
    if (bands.isEmpty()) {
      throw InvalidInputException.of("bands", "at least one age band is required");
    }
    Exposure exposure = exposure(root.object("exposure"), target);
    ConfigNode dose =
        root.object("dose").allowOnly("unit", "min", "max", "rounding_step", "target_factor");
    DoseUnit unit = DoseUnit.parse(dose.text("unit"), dose.pathOf("unit"));
    Optional<FixedGoal> goal =
        root.has("goal") ? Optional.of(goal(root.object("goal"), exposure)) : Optional.empty();
    if (goal.isPresent() && dose.has("target_factor")) {
      throw InvalidInputException.of(
          dose.pathOf("target_factor"), "only with a reference: a goal states the exposure itself");
    }
    DoseMatcher.Settings settings =
        new DoseMatcher.Settings(
            unit,
            dose.number("min"),
            dose.number("max"),
            dose.number("rounding_step", 0.5),
            dose.number("target_factor", 1.0));
    Optional<RegimenGrid> grid = Optional.empty();
    if (root.has("grid")) {
      ConfigNode node =
          root.object("grid").allowOnly("doses", "intervals_h", "durations_h", "count");
      grid =
          Optional.of(
              new RegimenGrid(
                  boxed(node.numbers("doses")),
                  unit,
                  boxed(node.numbers("intervals_h")),
                  boxed(node.numbers("durations_h")),
                  node.integer("count", 1)));
    }
    Optional<Target> attainment = Optional.empty();
    if (root.has("attainment")) {
      ConfigNode node =
          root.object("attainment").allowOnly("comparison", "threshold", "upper", "unit");
      Target.Comparison comparison =
          Target.Comparison.fromSymbol(node.text("comparison"), node.pathOf("comparison"));
      if (!node.text("unit").equals(exposure.unit())) {
        throw new InvalidInputException(node.pathOf("unit"), node.text("unit"), exposure.unit());
      }
      double threshold = node.number("threshold");
      attainment =
          Optional.of(
              new Target(
                  exposure.output(),
                  exposure.outputName(),
                  exposure.metric(),
                  comparison,
                  threshold,
                  ScenarioLoader.upper(node, comparison, threshold),
                  exposure.unit()));
    }
    return new SweepScenario(
        root.text("name"),
        root.text("description", ""),
        reference,
        goal,
        target,
        bands,
        exposure,
        settings,
        grid,
        attainment,
        text);
  }

  private static Scenario scenario(ConfigNode node, Path directory) {
    node.allowOnly("preset", "scenario_file");
    if (node.has("preset") == node.has("scenario_file")) {
      throw InvalidInputException.of(node.path(), "give either preset or scenario_file");
    }
    if (node.has("preset")) {
      return ScenarioLoader.preset(node.text("preset"), node.pathOf("preset"));
    }
    String file = node.text("scenario_file");
    return ScenarioLoader.file(
        directory == null ? Path.of(file) : directory.resolve(file), node.pathOf("scenario_file"));
  }

  /**
   * {@code goal: {value, unit, range: [low, high], source}}: the value in the exposure's unit, and
   * the range that holds it.
   */
  private static FixedGoal goal(ConfigNode node, Exposure exposure) {
    node.allowOnly("value", "unit", "range", "source");
    if (!node.text("unit").equals(exposure.unit())) {
      throw new InvalidInputException(node.pathOf("unit"), node.text("unit"), exposure.unit());
    }
    double value = node.number("value");
    if (!(value > 0)) {
      throw new InvalidInputException(node.pathOf("value"), value, "> 0 " + exposure.unit());
    }
    double[] range = node.numbers("range");
    if (range.length != 2 || !(range[0] >= 0 && range[0] <= value && value <= range[1])) {
      throw new InvalidInputException(
          node.pathOf("range"),
          Arrays.toString(range),
          "[low, high] in " + exposure.unit() + " with 0 <= low <= value " + value + " <= high");
    }
    return new FixedGoal(value, range[0], range[1], node.text("source"));
  }

  private static Exposure exposure(ConfigNode node, Scenario target) {
    node.allowOnly("analyte", "metric", "statistic");
    String analyte = node.text("analyte");
    int output = target.model().outputIndex(analyte, node.pathOf("analyte"));
    Metric metric = Metric.fromKey(node.text("metric"), node.pathOf("metric"));
    return new Exposure(
        output,
        analyte,
        metric,
        metric.unit(target.model().outputs().get(output).unit()),
        node.text("statistic", "p50"));
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
