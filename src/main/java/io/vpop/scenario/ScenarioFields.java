package io.vpop.scenario;

import io.vpop.batch.Metric;
import io.vpop.config.ConfigNode;
import io.vpop.model.ModelLoader;
import io.vpop.model.Output;
import io.vpop.population.AgeDistribution;
import io.vpop.population.BodySurfaceArea;
import io.vpop.population.VariabilityRule;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import io.vpop.solve.TimeGrid;
import io.vpop.stats.Target;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every field of a scenario file, with what it holds, its default, unit and meaning: the one place
 * they are written down. {@link ScenarioLoader} accepts exactly the fields listed here (each
 * section's unknown-field check comes from this table), so a field cannot be read without being
 * documented; the README's "Scenario fields" section is {@link #markdown()}, printed by {@code vpop
 * presets fields}. Ranges and names come from the constants and enums that check them.
 */
public final class ScenarioFields {
  /**
   * One field.
   *
   * @param path keys joined by dots, {@code []} marking the items of a list, e.g. {@code
   *     regimen[].dose}
   * @param allowed its type and the values allowed
   * @param whenAbsent what leaving it out means where no value can state it: {@code required}, or
   *     in words ({@code no cap}); empty where {@code defaultYaml} is given
   * @param defaultYaml the default as a YAML value: writing it is the same as leaving the field out
   * @param unit its unit, or empty
   * @param meaning one line
   */
  public record Field(
      String path,
      String allowed,
      String whenAbsent,
      Optional<String> defaultYaml,
      String unit,
      String meaning) {
    /** The table's default column: the default value, or what leaving the field out means. */
    public String defaultColumn() {
      return defaultYaml.map(yaml -> "`" + yaml + "`").orElse(whenAbsent);
    }
  }

  private static final String MAPPING = "a mapping";
  private static final String LIST = "a list of mappings";
  private static final String TEXT = "a text";
  private static final String BOOLEAN = "`true` or `false`";

  /** Every field, each section before its fields, in the order of the loader's error messages. */
  public static final List<Field> ALL =
      List.of(
          required("name", TEXT, "", "the scenario's name, in reports and summary.json"),
          absent("description", TEXT, "empty", "", "one line for reports and `vpop presets`"),
          either(
              "model",
              "model_file",
              "a shipped model: " + codes(ModelLoader.builtInNames().stream()),
              "the drug model shipped with vpop (`vpop presets` lists them)"),
          either(
              "model_file",
              "model",
              "a file path, relative to the scenario file",
              "a model file of your own (`vpop presets show MODEL` prints one to start from)"),
          required(
              "parameter_set",
              "a name in the model's `parameter_sets`",
              "",
              "the typical parameter values"),
          required(
              "population", MAPPING, "", "who the virtual patients are (not used by `--typical`)"),
          absent(
              "population.table",
              "a CSV file path, relative to the scenario file, of at most "
                  + number(CovariateTableReader.MAX_ROWS)
                  + " rows",
              "sampled demographics",
              "",
              "the patients row by row instead of sampled: a header naming "
                  + codes(CovariateTableReader.REQUIRED.stream())
                  + " (sex `female` or `male`, or `F` or `M`; units as in `typical_patient`) and optionally "
                  + codes(CovariateTableReader.OPTIONAL.stream())
                  + " (`dose_mg` replaces the first regimen line's amount), and a column for each"
                  + " covariate the model declares; patient i is row i and"
                  + " `--patients` defaults to every row; no `ages`, `age_bands`, `fraction_male`,"
                  + " `weight_kg` or `bmi_kg_m2` with it"),
          either(
              "population.ages",
              "age_bands",
              MAPPING,
              "ages drawn uniformly from one range (not with `table`)"),
          required(
              "population.ages.min_y",
              "0 to below " + number(AgeDistribution.MAX_AGE_Y),
              "y",
              "the youngest age"),
          required(
              "population.ages.max_y",
              "above `min_y`, at most " + number(AgeDistribution.MAX_AGE_Y),
              "y",
              "the oldest age (exclusive)"),
          either(
              "population.age_bands",
              "ages",
              LIST,
              "ages drawn from bands, each band chosen with its weight, uniform within it"),
          required(
              "population.age_bands[].min_y",
              "0 to below " + number(AgeDistribution.MAX_AGE_Y),
              "y",
              "the band's youngest age"),
          required(
              "population.age_bands[].max_y",
              "above `min_y`, at most " + number(AgeDistribution.MAX_AGE_Y),
              "y",
              "the band's oldest age (exclusive)"),
          required(
              "population.age_bands[].weight",
              "> 0",
              "",
              "the band's share of patients, normalised over the bands"),
          absent(
              "population.fraction_male",
              "0 to 1",
              "required without `table`",
              "",
              "the share of male patients"),
          absent(
              "population.weight_kg",
              MAPPING,
              "any weight",
              "",
              "keeps patients whose weight is in [min, max]: others are drawn again, never clamped"),
          optional("population.weight_kg.min", ">= 0", "0", "kg", "the lightest patient kept"),
          absent(
              "population.weight_kg.max",
              "above `min`",
              "no bound",
              "kg",
              "the heaviest patient kept"),
          absent(
              "population.bmi_kg_m2",
              MAPPING,
              "any BMI",
              "",
              "keeps patients whose BMI is in [min, max], as `weight_kg` does"),
          optional("population.bmi_kg_m2.min", ">= 0", "0", "kg/m2", "the lowest BMI kept"),
          absent(
              "population.bmi_kg_m2.max",
              "above `min`",
              "no bound",
              "kg/m2",
              "the highest BMI kept"),
          optional(
              "population.bsa",
              codes(Arrays.stream(BodySurfaceArea.values()).map(BodySurfaceArea::key)),
              BodySurfaceArea.MOSTELLER.key(),
              "",
              "the body-surface area formula of mg/m2 doses"),
          required(
              "population.omega",
              MAPPING,
              "",
              "which of the model's between-subject variabilities (Omegas) applies to whom"),
          required(
              "population.omega.adult",
              "a name in the model's `variability`",
              "",
              "the Omega of adults"),
          required(
              "population.omega.pediatric",
              "a name in the model's `variability`",
              "",
              "the Omega of children"),
          optional(
              "population.omega.pediatric_below_age_y",
              "0 to " + number(AgeDistribution.MAX_AGE_Y),
              number(VariabilityRule.DEFAULT_PEDIATRIC_BELOW_AGE_Y),
              "y",
              "patients younger than this get the pediatric Omega"),
          required(
              "typical_patient",
              MAPPING,
              "",
              "the reference patient of `--typical`: the parameter set's values, no variability"),
          required(
              "typical_patient.age_y",
              "above 0, at most " + number(AgeDistribution.MAX_AGE_Y),
              "y",
              "the reference patient's age"),
          required(
              "typical_patient.weight_kg",
              "above "
                  + number(ScenarioLoader.MIN_WEIGHT_KG)
                  + ", at most "
                  + number(ScenarioLoader.MAX_WEIGHT_KG),
              "kg",
              "the reference patient's weight"),
          required(
              "typical_patient.height_cm",
              "above "
                  + number(ScenarioLoader.MIN_HEIGHT_CM)
                  + ", at most "
                  + number(ScenarioLoader.MAX_HEIGHT_CM),
              "cm",
              "the reference patient's height (BSA by Mosteller)"),
          absent(
              "typical_patient.sex",
              "`female` or `male`",
              "not known: allowed unless the model has an effect of sex",
              "",
              "the reference patient's sex"),
          absent(
              "typical_patient.covariates",
              "a mapping of each covariate the model declares (`covariates.declared`) to a value in"
                  + " its declared range, or one of its levels",
              "required where the model declares covariates, refused otherwise",
              "",
              "the reference patient's values of the model's own covariates, e.g. `{ CRCL: 100,"
                  + " CYP2C19: EM }`"),
          required(
              "regimen",
              "a list of 1 to " + Regimen.MAX_LINES + " mappings",
              "",
              "the dosing: one line per repeated IV infusion or bolus; lines may overlap, their rates"
                  + " add"),
          required(
              "regimen[].dose",
              "> 0, at most " + number(Dose.MAX_AMOUNT),
              "in `unit`",
              "the amount per administration"),
          required(
              "regimen[].unit",
              codes(Arrays.stream(DoseUnit.values()).map(DoseUnit::symbol)),
              "",
              "flat, per kg of body weight or per m2 of body-surface area"),
          absent(
              "regimen[].cap_mg",
              "> 0, at most " + number(Dose.MAX_AMOUNT),
              "no cap",
              "mg",
              "the largest amount any patient is given"),
          optional(
              "regimen[].route",
              "`infusion` or `bolus`",
              "infusion",
              "",
              "zero-order over `duration_h` into `compartment`, or all at once into it (a bolus"
                  + " into a depot is an oral dose)"),
          absent(
              "regimen[].duration_h",
              "> 0, at most " + number(DoseLine.MAX_TIME_H) + " and at most `interval_h`",
              "required for an infusion without `rate_mg_per_h`; none for a bolus",
              "h",
              "the infusion's duration (zero-order rate dose/duration)"),
          absent(
              "regimen[].rate_mg_per_h",
              "> 0; no `duration_h` beside it",
              "none (the line gives `duration_h`)",
              "mg/h",
              "an infusion's rate instead of its duration: each lasts the amount over the rate,"
                  + " each patient's own in mg/kg or mg/m2 or from a table's `dose_mg`"),
          absent(
              "regimen[].compartment",
              "a compartment of the model; every infusion of the regimen into the same one",
              "the model's dosing compartment",
              "",
              "where the line's doses go"),
          optional(
              "regimen[].interval_h",
              "0 (not repeated) or at least `duration_h`, at most "
                  + number(DoseLine.MAX_TIME_H)
                  + "; > 0 when `count` > 1",
              "0",
              "h",
              "the time between the starts of two administrations"),
          optional(
              "regimen[].count",
              "a whole number, 1 to " + number(DoseLine.MAX_COUNT),
              "1",
              "",
              "the number of administrations"),
          optional(
              "regimen[].start_h",
              ">= 0, at most " + number(DoseLine.MAX_TIME_H),
              "0",
              "h",
              "the start of the first administration"),
          optional(
              "regimen[].steady_state",
              "`true` or `false`; `true` needs `start_h` 0 and `interval_h` > 0",
              "false",
              "",
              "start the patient at this line's exact periodic steady state (as if dosed at"
                  + " `interval_h` forever before 0 h), then give its administrations"),
          required(
              "time_grid",
              MAPPING,
              "",
              "the output times 0, `step_h`, 2 `step_h`, ... and `end_h`, the horizon"),
          required(
              "time_grid.end_h",
              "> 0, at most "
                  + number(DoseLine.MAX_TIME_H)
                  + ", at least `step_h` and the end of the last dosing interval",
              "h",
              "the end of the simulation; AUC(0-t) runs to it"),
          required(
              "time_grid.step_h",
              "> 0, giving at most " + number(TimeGrid.MAX_POINTS) + " times",
              "h",
              "the spacing of the reported times (maxima are found between them)"),
          optional(
              "modifiers",
              "a list of names in the model's `modifiers`",
              "[]",
              "",
              "scenario modifiers, e.g. a strong CYP3A4 inhibitor or inducer"),
          optional(
              "time_above",
              LIST,
              "[]",
              "",
              "thresholds whose time above them (metrics `time_above`, h, and `fraction_above`, of"
                  + " the horizon) is reported, one per output at most"),
          required(
              "time_above[].analyte",
              "a name in the model's `outputs`, each once",
              "",
              "the output compared, e.g. `sirolimus`"),
          required(
              "time_above[].threshold",
              "> 0",
              "in `unit`",
              "the level; the time above it runs from 0 h to the horizon, its crossings located"
                  + " exactly"),
          required(
              "time_above[].unit",
              "the output's unit, e.g. `" + Output.Measure.CONCENTRATION.unit() + "`",
              "",
              "the threshold's unit, stated so that a threshold in another unit is refused"),
          optional(
              "targets",
              LIST,
              "[]",
              "",
              "targets whose attainment (share of patients, Clopper-Pearson 95 % interval)"
                  + " is reported"),
          required(
              "targets[].analyte",
              "a name in the model's `outputs`",
              "",
              "the output compared, e.g. `sirolimus` or `sum`"),
          required(
              "targets[].metric",
              codes(Metric.ALL.stream().map(Metric::key)),
              "",
              "the exposure metric compared"),
          required(
              "targets[].comparison",
              codes(Arrays.stream(Target.Comparison.values()).map(Target.Comparison::symbol)),
              "",
              "how the metric must compare with `threshold` (quote it in YAML: `'>='`), or"
                  + " `between` it and `upper`"),
          required(
              "targets[].threshold",
              "a number",
              "in `unit`",
              "the value the metric is compared with; a range's lower end"),
          absent(
              "targets[].upper",
              "a number above `threshold`",
              "required with `between`, refused otherwise",
              "in `unit`",
              "a range's upper end: `between` attains from `threshold` to `upper`, both included"),
          required(
              "targets[].unit",
              "the metric's unit; for concentrations in "
                  + Output.Measure.CONCENTRATION.unit()
                  + ": "
                  + Metric.ALL.stream()
                      .map(
                          metric ->
                              metric.key()
                                  + " `"
                                  + metric.unit(Output.Measure.CONCENTRATION.unit())
                                  + "`")
                      .collect(Collectors.joining(", ")),
              "",
              "the threshold's unit, stated so that a threshold in another unit is refused"),
          absent(
              "observations",
              MAPPING,
              "none",
              "",
              "simulated measurements of each patient, written to observations.csv by `vpop"
                  + " simulate`: the exact prediction (IPRED) and, scattered by the model's"
                  + " `residual_error`, the observed value (DV); other outputs are unchanged"),
          required(
              "observations.times_h",
              "1 to "
                  + number(Observations.MAX_TIMES)
                  + " times from 0 to `time_grid.end_h`, each once",
              "h",
              "the sampling times, from the first dose"),
          absent(
              "observations.outputs",
              "a list of names in the model's `outputs` that have a `residual_error`",
              "every output with a `residual_error`",
              "",
              "the outputs measured at each time"),
          optional(
              "observations.lloq",
              LIST,
              "[]",
              "",
              "lower limits of quantification: an observation below it has BLQ 1 and DV the limit"
                  + " (NONMEM's M3 convention)"),
          required(
              "observations.lloq[].analyte",
              "an observed output, each once",
              "",
              "the output whose assay has the limit"),
          required("observations.lloq[].value", "> 0", "in `unit`", "the limit"),
          required(
              "observations.lloq[].unit",
              "the output's unit, e.g. `" + Output.Measure.CONCENTRATION.unit() + "`",
              "",
              "the limit's unit, stated so that a limit in another unit is refused"),
          absent("outputs", MAPPING, "the defaults", "", "which optional files a run writes"),
          optional(
              "outputs.per_patient",
              BOOLEAN,
              "false",
              "",
              "writes patients.csv, as `--per-patient` does"),
          optional(
              "outputs.plots",
              BOOLEAN,
              "true",
              "",
              "writes the plots (PNG; --plots chooses the formats); false: none, and report.html without figures"));

  private ScenarioFields() {}

  /**
   * Refuses the fields of {@code node} that this table does not list at its place in the document
   * (items of a list share one place: {@code regimen[0]} and {@code regimen[1]} are {@code
   * regimen[]}).
   *
   * @throws io.vpop.InvalidInputException naming the first unknown field
   * @throws IllegalStateException if the table lists no fields there (a loader bug)
   */
  static ConfigNode checked(ConfigNode node) {
    String section = node.path().replaceAll("\\[\\d+]", "[]");
    String[] keys =
        ALL.stream()
            .map(Field::path)
            .filter(path -> parent(path).equals(section))
            .map(path -> path.substring(path.lastIndexOf('.') + 1))
            .toArray(String[]::new);
    if (keys.length == 0) {
      throw new IllegalStateException("ScenarioFields lists no fields under '" + section + "'");
    }
    return node.allowOnly(keys);
  }

  private static String parent(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  /** The table in Markdown: a header row, then one row per field. */
  public static String markdown() {
    StringBuilder text =
        new StringBuilder(
            "| field | allowed | default | unit | meaning |\n| --- | --- | --- | --- | --- |\n");
    for (Field field : ALL) {
      text.append("| `")
          .append(field.path())
          .append("` | ")
          .append(field.allowed())
          .append(" | ")
          .append(field.defaultColumn())
          .append(" | ")
          .append(field.unit())
          .append(" | ")
          .append(field.meaning())
          .append(" |\n");
    }
    return text.toString();
  }

  private static Field required(String path, String allowed, String unit, String meaning) {
    return new Field(path, allowed, "required", Optional.empty(), unit, meaning);
  }

  /** One of two fields that exclude each other, one of which is required. */
  private static Field either(String path, String other, String allowed, String meaning) {
    return new Field(
        path, allowed, "this or `" + other + "`, not both", Optional.empty(), "", meaning);
  }

  /** An optional field whose default can be written: writing it is the same as leaving it out. */
  private static Field optional(
      String path, String allowed, String defaultYaml, String unit, String meaning) {
    return new Field(path, allowed, "", Optional.of(defaultYaml), unit, meaning);
  }

  /** An optional field whose absence no value can state, e.g. no cap. */
  private static Field absent(
      String path, String allowed, String whenAbsent, String unit, String meaning) {
    return new Field(path, allowed, whenAbsent, Optional.empty(), unit, meaning);
  }

  private static String codes(Stream<String> names) {
    return names.map(name -> "`" + name + "`").collect(Collectors.joining(", "));
  }

  /** A limit as the README writes it: 1,000,000 and 0.3. */
  private static String number(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%,d", (long) value)
        : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
