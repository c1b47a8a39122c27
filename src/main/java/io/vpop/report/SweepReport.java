package io.vpop.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vpop.Numbers;
import io.vpop.plot.Figure;
import io.vpop.plot.HeatMapFigure;
import io.vpop.plot.PlotFormat;
import io.vpop.plot.Rendered;
import io.vpop.sweep.AgeBand;
import io.vpop.sweep.DoseMatcher;
import io.vpop.sweep.Exposure;
import io.vpop.sweep.RegimenGrid;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a dose sweep: the recommended dose per band on the console, {@code
 * recommendation.json}, {@code sweep.csv} (the regimen grid in long format) and a heat map of the
 * grid's median exposure per band and dose (one per interval and duration).
 *
 * @param version the vpop version
 * @param sweep the sweep's name
 * @param description its description
 * @param text the sweep file, echoed
 * @param exposure the exposure compared
 * @param exposureLabel the exposure's output in words, e.g. {@code Temsirolimus + sirolimus
 *     whole-blood concentration}
 * @param doseUnit the dose unit of the answers
 * @param goal what the doses aim at: the reference's exposure statistic and P5-P95, or a fixed
 *     value, its range and source
 * @param patients patients per population
 * @param seed the random seed
 * @param results the recommendation per band
 * @param cells the grid's cells (empty without a grid)
 */
public record SweepReport(
    String version,
    String sweep,
    String description,
    String text,
    Exposure exposure,
    String exposureLabel,
    String doseUnit,
    DoseMatcher.Goal goal,
    long patients,
    long seed,
    List<DoseMatcher.Result> results,
    List<RegimenGrid.Cell> cells) {

  /** Prints the recommendation table. */
  public void printTable(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%s: %s%n%s, %d patients per population, seed %d%n",
        sweep,
        description,
        goal.fromReference()
            ? String.format(
                Locale.ROOT,
                "reference %s = %s (P5-P95 %s-%s)",
                exposure.description(),
                Numbers.significant(goal.statistic()),
                Numbers.significant(goal.rangeLow()),
                Numbers.significant(goal.rangeHigh()))
            : "goal " + exposure.description() + " = " + goalText(),
        patients,
        seed);
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "band",
          "matching dose (" + doseUnit + ")",
          "rounded (" + doseUnit + ")",
          "ratio at rounded",
          "90% CI",
          goal.fromReference() ? "in ref P5-P95 (%)" : "in range (%)"
        });
    for (DoseMatcher.Result result : results) {
      rows.add(
          new String[] {
            result.band().label(),
            Numbers.significant(result.matchingDose()),
            Numbers.significant(result.roundedDose()),
            Numbers.significant(result.ratioAtRounded()),
            Numbers.significant(result.ratioLow90())
                + "-"
                + Numbers.significant(result.ratioHigh90()),
            String.format(Locale.ROOT, "%.1f", 100 * result.fractionInRange())
          });
    }
    ConsoleTable.print(out, rows, 1);
  }

  /**
   * Writes recommendation.json, with a grid sweep.csv and the heat maps in {@code plots}' formats,
   * and report.html; returns the file names.
   */
  public List<String> write(Path directory, PlotFormat plots) throws IOException {
    List<String> written = new ArrayList<>();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> recommendation = recommendation();
    AtomicFiles.write(
        directory.resolve("recommendation.json"), w -> json.writeValue(w, recommendation));
    written.add("recommendation.json");
    List<Rendered> figures = List.of();
    if (!cells.isEmpty()) {
      writeGrid(directory);
      written.add("sweep.csv");
      if (plots != PlotFormat.NONE) {
        figures = Rendered.all(heatMaps(), plots.png(), true);
      }
    }
    written.addAll(Plots.write(directory, figures, plots));
    page(figures).write(directory.resolve(PopulationReport.REPORT));
    written.add(PopulationReport.REPORT);
    return written;
  }

  private void writeGrid(Path directory) throws IOException {
    AtomicFiles.write(
        directory.resolve("sweep.csv"),
        w -> {
          String unit = exposure.unit();
          w.write(
              "band,dose_"
                  + doseUnit.replace("/", "_per_")
                  + ",interval_h,duration_h,statistic,value,unit\n");
          for (RegimenGrid.Cell cell : cells) {
            String prefix =
                cell.band().label()
                    + ","
                    + cell.dose()
                    + ","
                    + cell.intervalH()
                    + ","
                    + cell.durationH()
                    + ",";
            w.write(prefix + "p5," + cell.p5() + "," + unit + "\n");
            w.write(prefix + "p50," + cell.p50() + "," + unit + "\n");
            w.write(prefix + "p95," + cell.p95() + "," + unit + "\n");
            w.write(prefix + "mean," + cell.mean() + "," + unit + "\n");
            if (!Double.isNaN(cell.attainment())) {
              w.write(prefix + "attainment," + cell.attainment() + ",fraction\n");
            }
          }
        });
  }

  /** One heat map per interval and duration: the median exposure per age band and dose. */
  private List<Figure> heatMaps() {
    List<Figure> figures = new ArrayList<>();
    List<double[]> regimens = new ArrayList<>();
    for (RegimenGrid.Cell cell : cells) {
      double[] key = {cell.intervalH(), cell.durationH()};
      if (regimens.stream().noneMatch(r -> r[0] == key[0] && r[1] == key[1])) {
        regimens.add(key);
      }
    }
    List<AgeBand> bands = cells.stream().map(RegimenGrid.Cell::band).distinct().toList();
    List<Double> doses = cells.stream().map(RegimenGrid.Cell::dose).distinct().toList();
    HeatMapFigure.Axis doseAxis =
        new HeatMapFigure.Axis(
            "Dose (" + doseUnit + ")",
            doses.stream().map(d -> Numbers.significant(d)).toArray(String[]::new));
    HeatMapFigure.Axis bandAxis =
        new HeatMapFigure.Axis(
            "Age band", bands.stream().map(AgeBand::label).toArray(String[]::new));
    for (double[] regimen : regimens) {
      double[][] values = new double[bands.size()][doses.size()];
      String[][] text = new String[bands.size()][doses.size()];
      for (double[] row : values) {
        java.util.Arrays.fill(row, Double.NaN);
      }
      for (RegimenGrid.Cell cell : cells) {
        if (cell.intervalH() == regimen[0] && cell.durationH() == regimen[1]) {
          int r = bands.indexOf(cell.band());
          int c = doses.indexOf(cell.dose());
          values[r][c] = cell.p50();
          // Shown in the cells: 4 significant digits are what a reader compares.
          text[r][c] = Numbers.significant(cell.p50());
        }
      }
      String interval = Numbers.significant(regimen[0]);
      String duration = Numbers.significant(regimen[1]);
      Figure figure =
          HeatMapFigure.of(
              "heatmap_interval_" + interval + "h_duration_" + duration + "h",
              "Median exposure by dose and age band",
              String.format(
                  Locale.ROOT,
                  "%s: %s; infusions over %s h every %s h; %,d patients per cell",
                  sweep,
                  exposureLabel,
                  duration,
                  interval,
                  patients),
              doseAxis,
              bandAxis,
              values,
              "Median " + exposure.metric().title() + " (" + exposure.unit() + ")",
              text);
      if (figure != null) {
        figures.add(figure);
      }
    }
    return figures;
  }

  private HtmlPage page(List<Rendered> figures) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "band",
          "matching dose (" + doseUnit + ")",
          "rounded (" + doseUnit + ")",
          "exposure ratio at rounded",
          "90% bootstrap CI",
          goal.fromReference() ? "within reference P5-P95 (%)" : "within the goal's range (%)"
        });
    for (DoseMatcher.Result result : results) {
      rows.add(
          new String[] {
            result.band().label(),
            Numbers.significant(result.matchingDose()),
            Numbers.significant(result.roundedDose()),
            Numbers.significant(result.ratioAtRounded()),
            Numbers.significant(result.ratioLow90(), 3)
                + "-"
                + Numbers.significant(result.ratioHigh90(), 3),
            Numbers.significant(100 * result.fractionInRange())
          });
    }
    HtmlPage page = new HtmlPage("vpop sweep: " + sweep, description);
    page.heading("Run")
        .definitions(
            List.of(
                new String[] {"vpop version", version},
                HtmlPage.written(),
                new String[] {"exposure", exposure.description()},
                goal.fromReference()
                    ? new String[] {
                      "reference",
                      Numbers.significant(goal.statistic())
                          + " "
                          + exposure.unit()
                          + " (P5-P95 "
                          + Numbers.significant(goal.rangeLow())
                          + "-"
                          + Numbers.significant(goal.rangeHigh())
                          + ")"
                    }
                    : new String[] {"goal", goalText()},
                new String[] {
                  "patients per population", String.format(Locale.ROOT, "%,d", patients)
                },
                new String[] {"seed", Long.toString(seed)}));
    page.heading("Recommended doses").table(rows, 1);
    if (!figures.isEmpty()) {
      page.heading("Regimen grid").figures(figures);
    }
    page.heading("Sweep file").preformatted(text);
    return page;
  }

  private Map<String, Object> recommendation() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("vpop_version", version);
    root.put("command", "sweep");
    root.put("sweep", sweep);
    root.put("description", description);
    root.put("patients_per_population", patients);
    root.put("seed", seed);
    root.put("exposure", exposure.description());
    if (goal.fromReference()) {
      root.put("reference", quantity(goal.statistic(), exposure.unit()));
      root.put("reference_p5_p95", List.of(goal.rangeLow(), goal.rangeHigh()));
    } else {
      root.put("goal", quantity(goal.statistic(), exposure.unit()));
      root.put("goal_range", List.of(goal.rangeLow(), goal.rangeHigh()));
      root.put("goal_source", goal.source());
    }
    List<Object> bands = new ArrayList<>();
    for (DoseMatcher.Result result : results) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("band", result.band().label());
      node.put("min_age_y", result.band().fromY());
      node.put("max_age_y", result.band().toY());
      node.put("matching_dose", quantity(result.matchingDose(), doseUnit));
      node.put("rounded_dose", quantity(result.roundedDose(), doseUnit));
      node.put("exposure_at_matching_dose", quantity(result.exposureAtMatch(), exposure.unit()));
      node.put("exposure_ratio_at_rounded_dose", result.ratioAtRounded());
      node.put("exposure_ratio_ci90_bootstrap", List.of(result.ratioLow90(), result.ratioHigh90()));
      node.put(
          goal.fromReference() ? "fraction_within_reference_p5_p95" : "fraction_within_goal_range",
          result.fractionInRange());
      bands.add(node);
    }
    root.put("bands", bands);
    root.put("sweep_file", text);
    return root;
  }

  /** A fixed goal in words: "12.5 ng/mL (range 10-15 ng/mL; source)". */
  private String goalText() {
    return String.format(
        Locale.ROOT,
        "%s %s (range %s-%s %s; %s)",
        Numbers.significant(goal.statistic()),
        exposure.unit(),
        Numbers.significant(goal.rangeLow()),
        Numbers.significant(goal.rangeHigh()),
        exposure.unit(),
        goal.source());
  }

  /** {value, unit}, in that order: Map.of's order changes from one JVM to the next. */
  private static Map<String, Object> quantity(double value, String unit) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("value", value);
    node.put("unit", unit);
    return node;
  }
}
