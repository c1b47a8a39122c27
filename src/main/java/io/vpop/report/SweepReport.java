package io.vpop.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

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
 * @param doseUnit the dose unit of the answers
 * @param referenceExposure the reference's exposure statistic
 * @param referenceP5 the reference's 5th percentile of the exposure
 * @param referenceP95 its 95th percentile
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
    String doseUnit,
    double referenceExposure,
    double referenceP5,
    double referenceP95,
    long patients,
    long seed,
    List<DoseMatcher.Result> results,
    List<RegimenGrid.Cell> cells) {

  /** Prints the recommendation table. */
  public void printTable(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%s: %s%nreference %s = %s (P5-P95 %s-%s), %d patients per population, seed %d%n",
        sweep,
        description,
        exposure.description(),
        ConsoleTable.significant(referenceExposure),
        ConsoleTable.significant(referenceP5),
        ConsoleTable.significant(referenceP95),
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
          "in ref P5-P95 (%)"
        });
    for (DoseMatcher.Result result : results) {
      rows.add(
          new String[] {
            result.band().label(),
            ConsoleTable.significant(result.matchingDose()),
            ConsoleTable.significant(result.roundedDose()),
            ConsoleTable.significant(result.ratioAtRounded()),
            ConsoleTable.significant(result.ratioLow90())
                + "-"
                + ConsoleTable.significant(result.ratioHigh90()),
            String.format(Locale.ROOT, "%.1f", 100 * result.fractionInReferenceRange())
          });
    }
    ConsoleTable.print(out, rows, 1);
  }

  /**
   * Writes recommendation.json and, with a grid, sweep.csv and the heat maps; returns the file
   * names.
   */
  public List<String> write(Path directory) throws IOException {
    List<String> written = new ArrayList<>();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> recommendation = recommendation();
    AtomicFiles.write(
        directory.resolve("recommendation.json"), w -> json.writeValue(w, recommendation));
    written.add("recommendation.json");
    if (cells.isEmpty()) {
      return written;
    }
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
    written.add("sweep.csv");
    written.addAll(heatMaps(directory));
    return written;
  }

  private List<String> heatMaps(Path directory) throws IOException {
    List<String> written = new ArrayList<>();
    List<double[]> regimens = new ArrayList<>();
    for (RegimenGrid.Cell cell : cells) {
      double[] key = {cell.intervalH(), cell.durationH()};
      if (regimens.stream().noneMatch(r -> r[0] == key[0] && r[1] == key[1])) {
        regimens.add(key);
      }
    }
    List<AgeBand> bands = cells.stream().map(RegimenGrid.Cell::band).distinct().toList();
    List<Double> doses = cells.stream().map(RegimenGrid.Cell::dose).distinct().toList();
    for (double[] regimen : regimens) {
      List<Number[]> values = new ArrayList<>();
      for (RegimenGrid.Cell cell : cells) {
        if (cell.intervalH() == regimen[0] && cell.durationH() == regimen[1]) {
          // Shown in the cells: 4 significant digits are what a reader compares.
          double shown = Double.parseDouble(ConsoleTable.significant(cell.p50()));
          values.add(new Number[] {doses.indexOf(cell.dose()), bands.indexOf(cell.band()), shown});
        }
      }
      HeatMapChart chart =
          new HeatMapChartBuilder()
              .width(900)
              .height(500)
              .title(
                  String.format(
                      Locale.ROOT,
                      "%s: median %s %s (%s), every %s h over %s h",
                      sweep,
                      exposure.outputName(),
                      exposure.metric().key(),
                      exposure.unit(),
                      ConsoleTable.significant(regimen[0]),
                      ConsoleTable.significant(regimen[1])))
              .xAxisTitle("dose (" + doseUnit + ")")
              .yAxisTitle("age band")
              .build();
      chart.getStyler().setShowValue(true);
      chart.addSeries(
          "p50",
          doses.stream().map(d -> ConsoleTable.significant(d)).toList(),
          bands.stream().map(AgeBand::label).toList(),
          values);
      String name =
          "heatmap_interval_"
              + ConsoleTable.significant(regimen[0])
              + "h_duration_"
              + ConsoleTable.significant(regimen[1])
              + "h";
      written.addAll(Plots.save(chart, directory, name));
    }
    return written;
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
    root.put("reference", quantity(referenceExposure, exposure.unit()));
    root.put("reference_p5_p95", List.of(referenceP5, referenceP95));
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
      node.put("fraction_within_reference_p5_p95", result.fractionInReferenceRange());
      bands.add(node);
    }
    root.put("bands", bands);
    root.put("sweep_file", text);
    return root;
  }

  /** {value, unit}, in that order: Map.of's order changes from one JVM to the next. */
  private static Map<String, Object> quantity(double value, String unit) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("value", value);
    node.put("unit", unit);
    return node;
  }
}
