package io.vpop.scenario;

import io.vpop.InvalidInputException;
import io.vpop.batch.Metric;
import io.vpop.batch.Sex;
import io.vpop.config.ConfigNode;
import io.vpop.config.InputFiles;
import io.vpop.config.ShippedFiles;
import io.vpop.model.Compartment;
import io.vpop.model.Covariate;
import io.vpop.model.Covariates;
import io.vpop.model.DeclaredCovariate;
import io.vpop.model.Model;
import io.vpop.model.ModelLoader;
import io.vpop.model.Output;
import io.vpop.model.ParameterSet;
import io.vpop.population.AgeDistribution;
import io.vpop.population.BodySurfaceArea;
import io.vpop.population.CovariateTable;
import io.vpop.population.Demographics;
import io.vpop.population.VariabilityRule;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import io.vpop.solve.TimeGrid;
import io.vpop.stats.Target;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads scenario files (YAML) and the presets shipped in the jar. Every field is checked before any
 * work starts; an error names the field's path in the file, the value and what is allowed. The
 * fields each section accepts are those {@link ScenarioFields} documents.
 */
public final class ScenarioLoader {
  /**
   * The typical patient's weight range, kg [A]: below the lightest newborns (about 0.4 kg), above
   * the heaviest people recorded (about 600 kg).
   */
  static final double MIN_WEIGHT_KG = 0.3;

  static final double MAX_WEIGHT_KG = 650;

  /** The typical patient's height range, cm [A]: a newborn's is about 45 cm, the tallest 272 cm. */
  static final double MIN_HEIGHT_CM = 20;

  static final double MAX_HEIGHT_CM = 280;

  /** Where the presets are shipped: one scenario file {@code NAME.yaml} each. */
  private static final String PRESET_FOLDER = "/io/vpop/presets/";

  private ScenarioLoader() {}

  /**
   * The names of the presets shipped in the jar: those without scenario modifiers first (the plain
   * populations), then the interaction studies, each group by name.
   */
  public static List<String> presets() {
    return PresetOrder.NAMES;
  }

  /** The preset names in their order, found once. */
  private static final class PresetOrder {
    static final List<String> NAMES =
        ShippedFiles.yamlNames(PRESET_FOLDER).stream()
            .sorted(
                Comparator.comparing(ScenarioLoader::hasModifiers)
                    .thenComparing(Comparator.naturalOrder()))
            .toList();
  }

  private static boolean hasModifiers(String preset) {
    return !tree(ShippedFiles.text(PRESET_FOLDER, preset), preset + ".yaml")
        .textsOrEmpty("modifiers")
        .isEmpty();
  }

  private static ConfigNode tree(String text, String source) {
    return ConfigNode.parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source);
  }

  /**
   * A preset by name.
   *
   * @param field where the name came from, for the error message
   * @throws InvalidInputException naming {@code field} if there is no such preset
   */
  public static Scenario preset(String name, String field) {
    return parse(presetText(name, field), name + ".yaml", null);
  }

  /**
   * A preset's file as shipped, comments included: a scenario file to copy.
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
   * A scenario file.
   *
   * @param field where the path came from, for the error message
   * @throws InvalidInputException naming {@code field} if the file cannot be read
   */
  public static Scenario file(Path path, String field) {
    String text = InputFiles.text(path, field, "YAML scenario file");
    return parse(text, path.toString(), path.toAbsolutePath().getParent());
  }

  /**
   * Parses and checks a scenario document. Its model is a shipped one ({@code model: temsirolimus})
   * or a parameter file ({@code model_file: PATH}, relative to {@code directory}).
   *
   * @param directory where relative paths in the document start; null for documents in the jar
   */
  public static Scenario parse(String text, String source, Path directory) {
    ConfigNode root = ScenarioFields.checked(tree(text, source));
    Model model = model(root, directory);
    ParameterSet parameterSet =
        model.parameterSet(root.text("parameter_set"), root.pathOf("parameter_set"));
    List<String> modifiers = root.textsOrEmpty("modifiers");
    model.modifierFactors(modifiers, root.pathOf("modifiers"));
    CovariateTable table = table(root.object("population"), directory, model);
    if (table == null && !model.declaredCovariates().isEmpty()) {
      throw InvalidInputException.of(
          root.pathOf("population"),
          "the model declares "
              + String.join(
                  ", ", model.declaredCovariates().stream().map(DeclaredCovariate::name).toList())
              + ", which sampled demographics do not give; give population.table with a column"
              + " for each");
    }
    Regimen regimen = regimen(root, model);
    return new Scenario(
        root.text("name"),
        root.text("description", ""),
        model,
        parameterSet,
        patient(root.object("typical_patient"), model),
        demographics(root.object("population")),
        table,
        variability(root.object("population"), model),
        regimen,
        grid(root.object("time_grid")),
        modifiers,
        targets(root, model, timeAbove(root, model)),
        timeAbove(root, model),
        observations(root, model, grid(root.object("time_grid"))),
        outputs(root).has("per_patient") && outputs(root).bool("per_patient"),
        !outputs(root).has("plots") || outputs(root).bool("plots"),
        text);
  }

  private static Model model(ConfigNode root, Path directory) {
    if (root.has("model") == root.has("model_file")) {
      throw InvalidInputException.of(
          root.pathOf("model"),
          "give either model (a shipped model) or model_file, not both or neither");
    }
    if (root.has("model")) {
      return ModelLoader.builtIn(root.text("model"), root.pathOf("model"));
    }
    String file = root.text("model_file");
    Path path = directory == null ? Path.of(file) : directory.resolve(file);
    return ModelLoader.file(path, root.pathOf("model_file"));
  }

  private static Covariates patient(ConfigNode node, Model model) {
    ScenarioFields.checked(node);
    double age = numberIn(node, "age_y", 0, AgeDistribution.MAX_AGE_Y, "y");
    double weight = numberIn(node, "weight_kg", MIN_WEIGHT_KG, MAX_WEIGHT_KG, "kg");
    double height = numberIn(node, "height_cm", MIN_HEIGHT_CM, MAX_HEIGHT_CM, "cm");
    Sex sex = null;
    if (node.has("sex")) {
      String text = node.text("sex");
      sex =
          switch (text) {
            case "female" -> Sex.FEMALE;
            case "male" -> Sex.MALE;
            default -> throw new InvalidInputException(node.pathOf("sex"), text, "female, male");
          };
    } else if (model.covariateModel().uses(Covariate.SEX)) {
      throw InvalidInputException.of(
          node.pathOf("sex"), "required: the model has an effect of sex (female or male)");
    }
    double[] declared = declared(node, model.declaredCovariates());
    try {
      return new Covariates(
          age, sex, weight, height, BodySurfaceArea.MOSTELLER.m2(height, weight), declared);
    } catch (InvalidInputException e) {
      throw e.field().startsWith(node.path()) ? e : e.within(node.path());
    }
  }

  /**
   * The typical patient's values of the model's declared covariates: {@code covariates: { NAME:
   * value }}, one for each and no other, each within its declared range or one of its levels.
   */
  private static double[] declared(ConfigNode patient, List<DeclaredCovariate> covariates) {
    List<String> names = covariates.stream().map(DeclaredCovariate::name).toList();
    if (!patient.has("covariates")) {
      if (!covariates.isEmpty()) {
        throw InvalidInputException.of(
            patient.pathOf("covariates"),
            "required: the model declares " + String.join(", ", names) + "; give a value of each");
      }
      return new double[0];
    }
    if (covariates.isEmpty()) {
      throw InvalidInputException.of(
          patient.pathOf("covariates"), "the model declares no covariates (covariates.declared)");
    }
    ConfigNode node = patient.object("covariates").allowOnly(names.toArray(String[]::new));
    double[] values = new double[covariates.size()];
    for (int c = 0; c < values.length; c++) {
      DeclaredCovariate covariate = covariates.get(c);
      String text =
          covariate.categorical()
              ? node.text(covariate.name())
              : Double.toString(node.number(covariate.name()));
      values[c] = covariate.valueOf(text);
      if (Double.isNaN(values[c])) {
        throw new InvalidInputException(node.pathOf(covariate.name()), text, covariate.allowed());
      }
    }
    return values;
  }

  /** A number of a node in (min, max], in a unit. */
  private static double numberIn(ConfigNode node, String key, double min, double max, String unit) {
    double value = node.number(key);
    if (!(value > min && value <= max)) {
      throw new InvalidInputException(
          node.pathOf(key), value, "above " + min + " and at most " + max + " " + unit);
    }
    return value;
  }

  private static ConfigNode outputs(ConfigNode root) {
    return root.present("outputs")
        ? ScenarioFields.checked(root.object("outputs"))
        : ConfigNode.empty(root.pathOf("outputs"));
  }

  /**
   * A target's upper end: required with {@code between} (and above its {@code threshold}), refused
   * with any other comparison. NaN where there is none.
   */
  public static double upper(ConfigNode node, Target.Comparison comparison, double threshold) {
    if (comparison != Target.Comparison.BETWEEN) {
      if (node.has("upper")) {
        throw InvalidInputException.of(
            node.pathOf("upper"), "only a range (comparison between) has an upper end");
      }
      return Double.NaN;
    }
    if (!node.has("upper")) {
      throw InvalidInputException.of(
          node.pathOf("upper"), "a range (comparison between) needs its upper end");
    }
    double upper = node.number("upper");
    if (!(upper > threshold) || Double.isInfinite(upper)) {
      throw new InvalidInputException(
          node.pathOf("upper"), upper, "a finite number above threshold " + threshold);
    }
    return upper;
  }

  private static List<TimeAbove> timeAbove(ConfigNode root, Model model) {
    List<TimeAbove> thresholds = new ArrayList<>();
    for (ConfigNode node : root.objectsOrEmpty("time_above")) {
      ScenarioFields.checked(node);
      String analyte = node.text("analyte");
      int output = model.outputIndex(analyte, node.pathOf("analyte"));
      if (thresholds.stream().anyMatch(t -> t.output() == output)) {
        throw new InvalidInputException(
            node.pathOf("analyte"), analyte, "an output without a threshold yet (one each)");
      }
      String unit = model.outputs().get(output).unit();
      double threshold = level(node, "threshold", analyte, unit);
      thresholds.add(new TimeAbove(output, analyte, threshold, unit));
    }
    return thresholds;
  }

  /**
   * The observations block: sampling times within the grid's horizon, each once; the observed
   * outputs (by default every output with a residual error), each with one; and their limits of
   * quantification.
   */
  private static Optional<Observations> observations(ConfigNode root, Model model, TimeGrid grid) {
    if (!root.has("observations")) {
      return Optional.empty();
    }
    ConfigNode node = ScenarioFields.checked(root.object("observations"));
    double[] times = node.numbers("times_h");
    if (times.length == 0 || times.length > Observations.MAX_TIMES) {
      throw InvalidInputException.of(
          node.pathOf("times_h"), "1 to " + Observations.MAX_TIMES + " sampling times");
    }
    double[] sorted = times.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (!(sorted[i] >= 0 && sorted[i] <= grid.endH())) {
        throw new InvalidInputException(
            node.pathOf("times_h"),
            sorted[i],
            "times from 0 h to the horizon " + grid.endH() + " h (time_grid.end_h)");
      }
      if (i > 0 && sorted[i] == sorted[i - 1]) {
        throw new InvalidInputException(node.pathOf("times_h"), sorted[i], "each time once");
      }
    }
    List<String> observable =
        model.outputs().stream()
            .filter(output -> output.residualError().isPresent())
            .map(Output::name)
            .toList();
    if (observable.isEmpty()) {
      throw InvalidInputException.of(
          node.path(),
          "no output of model " + model.name() + " has a residual_error, so none can be observed");
    }
    List<String> names = node.has("outputs") ? node.texts("outputs") : observable;
    List<Integer> outputs = new ArrayList<>();
    for (String name : names) {
      int output = model.outputIndex(name, node.pathOf("outputs"));
      if (!observable.contains(name)) {
        throw new InvalidInputException(
            node.pathOf("outputs"),
            name,
            "an output with a residual_error in the model: " + String.join(", ", observable));
      }
      if (outputs.contains(output)) {
        throw new InvalidInputException(node.pathOf("outputs"), name, "each output once");
      }
      outputs.add(output);
    }
    Double[] lloq = new Double[outputs.size()];
    Arrays.fill(lloq, 0.0);
    for (ConfigNode limit : node.objectsOrEmpty("lloq")) {
      ScenarioFields.checked(limit);
      String analyte = limit.text("analyte");
      int output = model.outputIndex(analyte, limit.pathOf("analyte"));
      int k = outputs.indexOf(output);
      if (k < 0 || lloq[k] > 0) {
        throw new InvalidInputException(
            limit.pathOf("analyte"), analyte, "an observed output without a limit yet (one each)");
      }
      lloq[k] = level(limit, "value", analyte, model.outputs().get(output).unit());
    }
    return Optional.of(
        new Observations(Arrays.stream(sorted).boxed().toList(), outputs, List.of(lloq)));
  }

  /**
   * A level of an output, {@code key} with its {@code unit}: the unit must be the output's, the
   * value a finite number > 0.
   */
  private static double level(ConfigNode node, String key, String analyte, String unit) {
    if (!node.text("unit").equals(unit)) {
      throw new InvalidInputException(
          node.pathOf("unit"), node.text("unit"), unit + " (the unit of " + analyte + ")");
    }
    double value = node.number(key);
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new InvalidInputException(node.pathOf(key), value, "a finite number > 0 " + unit);
    }
    return value;
  }

  private static List<Target> targets(ConfigNode root, Model model, List<TimeAbove> timeAbove) {
    List<Target> targets = new ArrayList<>();
    for (ConfigNode node : root.objectsOrEmpty("targets")) {
      ScenarioFields.checked(node);
      String analyte = node.text("analyte");
      int output = model.outputIndex(analyte, node.pathOf("analyte"));
      Metric metric = Metric.fromKey(node.text("metric"), node.pathOf("metric"));
      if (metric.needsThreshold() && timeAbove.stream().noneMatch(t -> t.output() == output)) {
        throw new InvalidInputException(
            node.pathOf("metric"),
            metric.key(),
            "a metric of " + analyte + " (its time_above needs a threshold in time_above)");
      }
      Target.Comparison comparison =
          Target.Comparison.fromSymbol(node.text("comparison"), node.pathOf("comparison"));
      String unit = metric.unit(model.outputs().get(output).unit());
      if (!node.text("unit").equals(unit)) {
        throw new InvalidInputException(
            node.pathOf("unit"), node.text("unit"), unit + " (the unit of " + metric.key() + ")");
      }
      double threshold = node.number("threshold");
      targets.add(
          new Target(
              output,
              analyte,
              metric,
              comparison,
              threshold,
              upper(node, comparison, threshold),
              unit));
    }
    return targets;
  }

  /** The fields of a sampled population, which a table's rows replace. */
  private static final List<String> SAMPLED =
      List.of("ages", "age_bands", "fraction_male", "weight_kg", "bmi_kg_m2");

  /** The sampled demographics, or null where a table gives the patients. */
  private static Demographics demographics(ConfigNode node) {
    ScenarioFields.checked(node);
    if (node.has("table")) {
      for (String key : SAMPLED) {
        if (node.has(key)) {
          throw InvalidInputException.of(
              node.pathOf(key), "not allowed with table: the table's rows give the patients");
        }
      }
      return null;
    }
    AgeDistribution ages;
    if (node.has("ages") == node.has("age_bands")) {
      throw InvalidInputException.of(
          node.pathOf("ages"),
          "give either ages {min_y, max_y} or age_bands (or a table), not both or neither");
    }
    if (node.has("ages")) {
      ConfigNode range = ScenarioFields.checked(node.object("ages"));
      ages =
          within(
              range, () -> AgeDistribution.uniform(range.number("min_y"), range.number("max_y")));
    } else {
      List<AgeDistribution.Band> bands = new ArrayList<>();
      for (ConfigNode band : node.objects("age_bands")) {
        ScenarioFields.checked(band);
        bands.add(
            within(
                band,
                () ->
                    new AgeDistribution.Band(
                        band.number("min_y"), band.number("max_y"), band.number("weight"))));
      }
      ages = new AgeDistribution(bands);
    }
    BodySurfaceArea formula =
        BodySurfaceArea.parse(
            node.text("bsa", BodySurfaceArea.MOSTELLER.key()), node.pathOf("bsa"));
    double fractionMale = node.number("fraction_male");
    return within(
        node,
        () ->
            new Demographics(
                ages, fractionMale, window(node, "weight_kg"), window(node, "bmi_kg_m2"), formula));
  }

  /** The population table, or null where the demographics are sampled. */
  private static CovariateTable table(ConfigNode node, Path directory, Model model) {
    if (!node.has("table")) {
      return null;
    }
    String file = node.text("table");
    Path path = directory == null ? Path.of(file) : directory.resolve(file);
    BodySurfaceArea formula =
        BodySurfaceArea.parse(
            node.text("bsa", BodySurfaceArea.MOSTELLER.key()), node.pathOf("bsa"));
    return CovariateTableReader.read(
        path, node.pathOf("table"), formula, model.declaredCovariates());
  }

  private static Demographics.Window window(ConfigNode parent, String key) {
    if (!parent.has(key)) {
      return Demographics.Window.ANY;
    }
    ConfigNode node = ScenarioFields.checked(parent.object(key));
    return within(
        node,
        () ->
            new Demographics.Window(
                node.number("min", 0), node.number("max", Double.POSITIVE_INFINITY)));
  }

  private static VariabilityRule variability(ConfigNode population, Model model) {
    ConfigNode node = ScenarioFields.checked(population.object("omega"));
    for (String key : List.of("adult", "pediatric")) {
      String name = node.text(key);
      if (!model.variability().containsKey(name)) {
        throw new InvalidInputException(
            node.pathOf(key), name, String.join(", ", model.variability().keySet()));
      }
    }
    return within(
        node,
        () ->
            new VariabilityRule(
                node.text("adult"),
                node.text("pediatric"),
                node.number(
                    "pediatric_below_age_y", VariabilityRule.DEFAULT_PEDIATRIC_BELOW_AGE_Y)));
  }

  /**
   * Runs a constructor whose validation names bare fields, and qualifies them with the node's path.
   */
  private static <T> T within(ConfigNode node, java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidInputException e) {
      throw e.field().startsWith(node.path()) ? e : e.within(node.path());
    }
  }

  private static Regimen regimen(ConfigNode root, Model model) {
    List<DoseLine> lines = new ArrayList<>();
    for (ConfigNode node : root.objects("regimen")) {
      ScenarioFields.checked(node);
      try {
        Dose dose =
            new Dose(
                node.number("dose"),
                DoseUnit.parse(node.text("unit"), "unit"),
                node.number("cap_mg", Double.POSITIVE_INFINITY));
        String route = node.text("route", "infusion");
        boolean steadyState = node.has("steady_state") && node.bool("steady_state");
        List<String> closed = steadyState ? model.compartmentsWithoutExit() : List.of();
        if (!closed.isEmpty()) {
          throw new InvalidInputException(
              node.pathOf("steady_state"),
              true,
              "false: no steady state exists, as drug in "
                  + String.join(", ", closed)
                  + " never leaves the body (no path of flows from there to an elimination)");
        }
        String compartment = node.text("compartment", null);
        if (model.dosingCompartment().equals(compartment)) {
          // Named or not, the same compartment: one spelling, so that Regimen compares infusions'
          // compartments by name.
          compartment = null;
        }
        if (compartment != null) {
          List<String> names = model.compartments().stream().map(Compartment::name).toList();
          if (!names.contains(compartment)) {
            throw new InvalidInputException(
                node.pathOf("compartment"), compartment, String.join(", ", names));
          }
        }
        DoseLine.Route parsed =
            switch (route) {
              case "infusion" -> DoseLine.Route.INFUSION;
              case "bolus" -> DoseLine.Route.BOLUS;
              default ->
                  throw new InvalidInputException(node.pathOf("route"), route, "infusion, bolus");
            };
        if (node.has("rate_mg_per_h")) {
          if (parsed == DoseLine.Route.BOLUS || node.has("duration_h")) {
            throw InvalidInputException.of(
                node.pathOf("rate_mg_per_h"),
                "an infusion gives duration_h or rate_mg_per_h, not both; a bolus neither");
          }
          lines.add(
              DoseLine.atRate(
                  dose,
                  node.number("rate_mg_per_h"),
                  node.number("start_h", 0),
                  node.number("interval_h", 0),
                  node.integer("count", 1),
                  compartment,
                  steadyState));
          continue;
        }
        lines.add(
            new DoseLine(
                dose,
                parsed,
                // An infusion needs its duration; a bolus has none (DoseLine refuses one given).
                parsed == DoseLine.Route.BOLUS
                    ? node.number("duration_h", 0)
                    : node.number("duration_h"),
                node.number("start_h", 0),
                node.number("interval_h", 0),
                node.integer("count", 1),
                compartment,
                steadyState));
      } catch (InvalidInputException e) {
        throw e.field().startsWith(node.path()) ? e : e.within(node.path());
      }
    }
    return new Regimen(lines);
  }

  private static TimeGrid grid(ConfigNode node) {
    ScenarioFields.checked(node);
    return TimeGrid.uniform(node.number("end_h"), node.number("step_h"));
  }
}
