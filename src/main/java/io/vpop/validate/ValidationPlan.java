package io.vpop.validate;

import io.vpop.InvalidInputException;
import io.vpop.batch.Metric;
import io.vpop.config.ConfigNode;
import io.vpop.config.InputFiles;
import io.vpop.config.ShippedFiles;
import io.vpop.model.Model;
import io.vpop.model.ModelLoader;
import io.vpop.scenario.Scenario;
import io.vpop.scenario.ScenarioLoader;
import io.vpop.solve.TimeGrid;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's validation as data: the published figures it is compared with and how each simulated
 * value is made. Shipped as {@code io/vpop/validation/MODEL.yaml}, one file per shipped model:
 *
 * <ul>
 *   <li>{@code scenario}: a scenario (the fields of a scenario file, without {@code model}) whose
 *       population gives the population rows and whose typical patient, regimen, grid and modifiers
 *       every run starts from;
 *   <li>{@code runs}: named typical runs, each replacing some of {@code typical_patient}, {@code
 *       regimen}, {@code time_grid} and {@code modifiers};
 *   <li>{@code checks}: the rows, each a published figure with its source, tolerance and marks, and
 *       the simulated quantity ({@link Quantity}).
 * </ul>
 *
 * @param model the validated model's name (a shipped one, or the one a model file replaces it by)
 * @param scenario the scenario of the population rows and the start of every run
 * @param runs the typical runs by name
 * @param rows the checks in the file's order
 */
public record ValidationPlan(
    String model, Scenario scenario, Map<String, Scenario> runs, List<Row> rows) {

  /** Where the validation files are shipped: {@code MODEL.yaml}, named as the model. */
  private static final String FOLDER = "/io/vpop/validation/";

  /** What a simulated value is. */
  public sealed interface Quantity {}

  /**
   * A statistic ({@code mean} or {@code cv_percent}) of a metric over the scenario's population.
   */
  public record PopulationStatistic(int output, String outputName, Metric metric, String statistic)
      implements Quantity {}

  /** A metric of one output of a typical run. */
  public record RunMetric(String run, int output, Metric metric) implements Quantity {}

  /**
   * The half-life of the log-linear decline of an output of a typical run between two of its grid
   * points.
   */
  public record HalfLife(String run, int output, int fromIndex, int toIndex) implements Quantity {}

  /** An individual parameter of a typical run's patient, per kg of body weight if {@code perKg}. */
  public record ParameterValue(String run, int parameter, boolean perKg) implements Quantity {}

  /**
   * The slope of log metric on log dose over a typical run at each of {@code doses} (the first
   * regimen line's amount, in its unit): a power model's exponent.
   */
  public record DoseExponent(String run, int output, Metric metric, double[] doses)
      implements Quantity {}

  /** One quantity over another. */
  public record Ratio(Quantity numerator, Quantity denominator) implements Quantity {}

  /**
   * One check.
   *
   * @param quantity what is compared, with its unit
   * @param conditions the dose and conditions
   * @param published the published value (NaN where the sources give none)
   * @param source the source tag and where it comes from
   * @param simulated how the model's value is made
   * @param tolerance the relative difference allowed (NaN: not judged)
   * @param why why that tolerance, or why the row is not judged
   * @param byConstruction whether the figure was used to derive a parameter
   * @param knownMiss whether the model is known to miss it
   */
  public record Row(
      String quantity,
      String conditions,
      double published,
      String source,
      Quantity simulated,
      double tolerance,
      String why,
      boolean byConstruction,
      boolean knownMiss) {}

  /** Whether some row is a statistic over the scenario's population. */
  public boolean hasPopulationRows() {
    return rows.stream().anyMatch(row -> uses(row.simulated()));
  }

  private static boolean uses(Quantity quantity) {
    return quantity instanceof PopulationStatistic
        || (quantity instanceof Ratio ratio
            && (uses(ratio.numerator()) || uses(ratio.denominator())));
  }

  /** The names of the models with a shipped validation file. */
  public static List<String> shipped() {
    return ShippedFiles.yamlNames(FOLDER);
  }

  /**
   * The shipped validation of a model, run on that model or, with {@code modelFile}, on a model
   * file in its place.
   *
   * @param field where the name came from, for the error message
   */
  public static ValidationPlan shipped(String name, String field, Path modelFile) {
    if (!shipped().contains(name)) {
      throw new InvalidInputException(field, name, String.join(", ", shipped()));
    }
    return parse(ShippedFiles.text(FOLDER, name), name + ".yaml", modelFile);
  }

  /**
   * Parses a validation document.
   *
   * @param modelFile a model file to validate instead of the document's model; null for its own
   */
  public static ValidationPlan parse(String text, String source, Path modelFile) {
    ConfigNode root =
        ConfigNode.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source);
    root.allowOnly("model", "scenario", "runs", "checks");
    String modelName = root.text("model");
    if (!ModelLoader.builtInNames().contains(modelName)) {
      throw new InvalidInputException(
          root.pathOf("model"), modelName, String.join(", ", ModelLoader.builtInNames()));
    }
    ConfigNode base = root.object("scenario");
    for (String key : List.of("model", "model_file")) {
      if (base.has(key)) {
        throw InvalidInputException.of(
            base.pathOf(key), "the validation's model is the top-level model field");
      }
    }
    ConfigNode withModel =
        modelFile == null
            ? base.withText("model", modelName)
            : base.withText("model_file", modelFile.toAbsolutePath().toString());
    if (modelFile != null) {
      // Read here so that an unreadable model file is reported as --model-file, not as a scenario.
      InputFiles.text(modelFile, "--model-file", "YAML model file");
    }
    Scenario scenario = scenario(withModel, "scenario");
    Map<String, Scenario> runs = new LinkedHashMap<>();
    List<Map.Entry<String, ConfigNode>> runEntries =
        root.present("runs") ? root.entries("runs") : List.of();
    for (Map.Entry<String, ConfigNode> entry : runEntries) {
      ConfigNode run =
          entry.getValue().allowOnly("typical_patient", "regimen", "time_grid", "modifiers");
      Scenario varied =
          scenario(withModel.overriddenBy(run), root.pathOf("runs." + entry.getKey()));
      runs.put(
          entry.getKey(),
          scenario
              .withTypicalPatient(varied.typicalPatient())
              .with(varied.regimen(), varied.grid(), varied.modifiers()));
    }
    List<Row> rows = new ArrayList<>();
    for (ConfigNode check : root.objects("checks")) {
      check.allowOnly(
          "quantity",
          "conditions",
          "published",
          "source",
          "simulated",
          "tolerance",
          "why",
          "by_construction",
          "known_miss");
      double published = check.has("published") ? check.number("published") : Double.NaN;
      if (published == 0) {
        throw new InvalidInputException(
            check.pathOf("published"), published, "a value other than 0 (rows compare ratios)");
      }
      double tolerance = check.has("tolerance") ? check.number("tolerance") : Double.NaN;
      if (!Double.isNaN(tolerance) && !(tolerance >= 0)) {
        throw new InvalidInputException(check.pathOf("tolerance"), tolerance, ">= 0 (relative)");
      }
      rows.add(
          new Row(
              check.text("quantity"),
              check.text("conditions"),
              published,
              check.text("source"),
              quantity(check.object("simulated"), scenario.model(), runs),
              tolerance,
              check.text("why"),
              check.has("by_construction") && check.bool("by_construction"),
              check.has("known_miss") && check.bool("known_miss")));
    }
    if (rows.isEmpty()) {
      throw InvalidInputException.of(root.pathOf("checks"), "at least one check is required");
    }
    return new ValidationPlan(scenario.model().name(), scenario, runs, rows);
  }

  private static Scenario scenario(ConfigNode document, String field) {
    try {
      return ScenarioLoader.parse(document.document(), field, null);
    } catch (InvalidInputException e) {
      throw e.within(field);
    }
  }

  /**
   * A simulated quantity: exactly one of {@code population}, {@code metric}, {@code half_life},
   * {@code parameter}, {@code dose_exponent} or {@code ratio}.
   */
  private static Quantity quantity(ConfigNode node, Model model, Map<String, Scenario> runs) {
    List<String> kinds =
        List.of("population", "metric", "half_life", "parameter", "dose_exponent", "ratio");
    node.allowOnly(kinds.toArray(String[]::new));
    List<String> given = kinds.stream().filter(node::has).toList();
    if (given.size() != 1) {
      throw InvalidInputException.of(
          node.path(), "give exactly one of " + String.join(", ", kinds));
    }
    String kind = given.get(0);
    if (kind.equals("ratio")) {
      List<ConfigNode> terms = node.objects("ratio");
      if (terms.size() != 2) {
        throw InvalidInputException.of(
            node.pathOf("ratio"), "a list of two quantities: numerator, denominator");
      }
      return new Ratio(quantity(terms.get(0), model, runs), quantity(terms.get(1), model, runs));
    }
    ConfigNode item = node.object(kind);
    return switch (kind) {
      case "population" -> {
        item.allowOnly("analyte", "metric", "statistic");
        String statistic = item.text("statistic");
        if (!List.of("mean", "cv_percent").contains(statistic)) {
          throw new InvalidInputException(item.pathOf("statistic"), statistic, "mean, cv_percent");
        }
        yield new PopulationStatistic(
            output(item, model), item.text("analyte"), metric(item), statistic);
      }
      case "metric" -> {
        item.allowOnly("run", "analyte", "metric");
        yield new RunMetric(run(item, runs), output(item, model), metric(item));
      }
      case "half_life" -> {
        item.allowOnly("run", "analyte", "from_h", "to_h");
        String run = run(item, runs);
        TimeGrid grid = runs.get(run).grid();
        int from = gridIndex(item, "from_h", grid);
        int to = gridIndex(item, "to_h", grid);
        if (to <= from) {
          throw new InvalidInputException(item.pathOf("to_h"), grid.time(to), "after from_h");
        }
        yield new HalfLife(run, output(item, model), from, to);
      }
      case "parameter" -> {
        item.allowOnly("run", "name", "per_kg");
        String name = item.text("name");
        if (!model.parameterNames().contains(name)) {
          throw new InvalidInputException(
              item.pathOf("name"), name, String.join(", ", model.parameterNames()));
        }
        yield new ParameterValue(
            run(item, runs), model.parameterIndex(name), item.has("per_kg") && item.bool("per_kg"));
      }
      case "dose_exponent" -> {
        item.allowOnly("run", "analyte", "metric", "doses");
        double[] doses = item.numbers("doses");
        if (doses.length < 2 || Arrays.stream(doses).anyMatch(d -> !(d > 0))) {
          throw new InvalidInputException(
              item.pathOf("doses"),
              Arrays.toString(doses),
              "two or more doses > 0, in the run's first line's unit");
        }
        yield new DoseExponent(run(item, runs), output(item, model), metric(item), doses);
      }
      default -> throw new IllegalStateException(kind);
    };
  }

  private static String run(ConfigNode item, Map<String, Scenario> runs) {
    String run = item.text("run");
    if (!runs.containsKey(run)) {
      throw new InvalidInputException(
          item.pathOf("run"),
          run,
          runs.isEmpty() ? "a name in runs (none defined)" : String.join(", ", runs.keySet()));
    }
    return run;
  }

  private static int output(ConfigNode item, Model model) {
    return model.outputIndex(item.text("analyte"), item.pathOf("analyte"));
  }

  private static Metric metric(ConfigNode item) {
    return Metric.fromKey(item.text("metric"), item.pathOf("metric"));
  }

  /**
   * The index of a time that must be one of the grid's points (to 1e-9 relative, so that 0.3 is the
   * point 3 x 0.1 of a grid of step 0.1).
   */
  private static int gridIndex(ConfigNode item, String key, TimeGrid grid) {
    double time = item.number(key);
    for (int i = 0; i < grid.size(); i++) {
      if (Math.abs(grid.time(i) - time) <= 1e-9 * Math.max(1, Math.abs(time))) {
        return i;
      }
    }
    throw new InvalidInputException(item.pathOf(key), time, "a time of the run's grid, h");
  }
}
