package io.vpop.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vpop.validate.Check;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The validation table: on the console, as {@code validation.md} and {@code validation.json}, and
 * as a plot of simulated over published per figure with its tolerance.
 *
 * @param version the vpop version
 * @param model the model's name
 * @param checks the rows
 */
public record ValidationReport(String version, String model, List<Check> checks) {

  /** Whether every judged row passes (known misses and unjudged rows do not count). */
  public boolean passed() {
    return checks.stream().noneMatch(c -> c.outcome() == Check.Outcome.FAIL);
  }

  public void printTable(PrintWriter out) {
    out.println("vpop " + version + " validate: model " + model);
    ConsoleTable.print(out, rows(""), 1);
    long failed = checks.stream().filter(c -> c.outcome() == Check.Outcome.FAIL).count();
    long misses = checks.stream().filter(c -> c.outcome() == Check.Outcome.KNOWN_MISS).count();
    out.printf(
        Locale.ROOT,
        "%d rows: %d failed, %d known misses, %d by construction, %d not judged%n",
        checks.size(),
        failed,
        misses,
        checks.stream().filter(Check::byConstruction).count(),
        checks.stream().filter(c -> c.outcome() == Check.Outcome.NOT_JUDGED).count());
  }

  /**
   * The table's rows, the header first.
   *
   * @param percent what follows a percentage in its cell: nothing on the console, whose header
   *     states the unit once, and " %" in validation.md, whose header is its own
   */
  private List<String[]> rows(String percent) {
    String unit = percent.isEmpty() ? " (%)" : "";
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "quantity", "published", "simulated", "difference" + unit, "tolerance" + unit, "outcome"
        });
    for (Check check : checks) {
      rows.add(
          new String[] {
            check.quantity(),
            ConsoleTable.significant(check.published()),
            ConsoleTable.significant(check.simulated()),
            Double.isNaN(check.published())
                ? "-"
                : String.format(Locale.ROOT, "%+.1f", 100 * check.relativeDifference()) + percent,
            Double.isNaN(check.tolerance())
                ? "-"
                : String.format(Locale.ROOT, "%.1f", 100 * check.tolerance()) + percent,
            check.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (check.byConstruction() ? " (by construction)" : "")
          });
    }
    return rows;
  }

  /** Writes validation.md, validation.json and the plot; returns the file names. */
  public List<String> write(Path directory) throws IOException {
    List<String> written = new ArrayList<>();
    AtomicFiles.write(
        directory.resolve("validation.md"),
        w -> {
          w.write("# vpop validate: model " + model + " (vpop " + version + ")\n\n");
          w.write(
              "| quantity | scenario | published | source | simulated | population | difference"
                  + " | tolerance | why | outcome |\n");
          w.write("| --- | --- | ---: | --- | ---: | --- | ---: | ---: | --- | --- |\n");
          List<String[]> table = rows(" %");
          for (int i = 0; i < checks.size(); i++) {
            Check check = checks.get(i);
            String[] row = table.get(i + 1);
            w.write(
                String.join(
                        " | ",
                        "| " + check.quantity(),
                        check.scenario(),
                        row[1],
                        check.source(),
                        row[2],
                        check.population(),
                        row[3],
                        row[4],
                        check.why(),
                        row[5])
                    + " |\n");
          }
        });
    written.add("validation.md");
    List<Object> rows = new ArrayList<>();
    for (Check check : checks) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("quantity", check.quantity());
      node.put("scenario", check.scenario());
      node.put("published", Double.isNaN(check.published()) ? null : check.published());
      node.put("source", check.source());
      node.put("simulated", check.simulated());
      if (!check.population().isEmpty()) {
        node.put("population", check.population());
      }
      node.put(
          "relative_difference",
          Double.isNaN(check.published()) ? null : check.relativeDifference());
      node.put("tolerance", Double.isNaN(check.tolerance()) ? null : check.tolerance());
      node.put("why", check.why());
      node.put("by_construction", check.byConstruction());
      node.put("outcome", check.outcome().name().toLowerCase(Locale.ROOT));
      rows.add(node);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("vpop_version", version);
    root.put("model", model);
    root.put("passed", passed());
    root.put("checks", rows);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    AtomicFiles.write(directory.resolve("validation.json"), w -> json.writeValue(w, root));
    written.add("validation.json");
    written.addAll(plot(directory));
    return written;
  }

  /** Simulated over published per judged row, with the tolerance as an error bar around 1. */
  private List<String> plot(Path directory) throws IOException {
    List<Double> rows = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> ones = new ArrayList<>();
    List<Double> tolerances = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      Check check = checks.get(i);
      if (Double.isNaN(check.published()) || Double.isNaN(check.tolerance())) {
        continue;
      }
      rows.add(i + 1.0);
      ratios.add(check.simulated() / check.published());
      ones.add(1.0);
      tolerances.add(check.tolerance());
    }
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(500)
            .title("vpop validate: simulated / published (rows as in validation.md)")
            .xAxisTitle("row")
            .yAxisTitle("simulated / published")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.addSeries("tolerance around 1", rows, ones, tolerances);
    chart.addSeries("simulated / published", rows, ratios);
    return Plots.save(chart, directory, "validation");
  }
}
