package io.vpop.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vpop.Numbers;
import io.vpop.plot.Figure;
import io.vpop.plot.PlotFormat;
import io.vpop.plot.RatioFigure;
import io.vpop.plot.Rendered;
import io.vpop.validate.Check;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
            Numbers.significant(check.published()),
            Numbers.significant(check.simulated()),
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

  /**
   * Writes validation.md, validation.json, the plot in {@code plots}' formats and report.html;
   * returns the file names.
   */
  public List<String> write(Path directory, PlotFormat plots) throws IOException {
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
    List<Rendered> figures =
        plots == PlotFormat.NONE ? List.of() : Rendered.all(List.of(figure()), plots.png(), true);
    written.addAll(Plots.write(directory, figures, plots));
    page(figures).write(directory.resolve(PopulationReport.REPORT));
    written.add(PopulationReport.REPORT);
    return written;
  }

  /** Simulated over published per judged row, with the tolerance around 1, rows named. */
  private Figure figure() {
    List<RatioFigure.Row> rows = new ArrayList<>();
    for (Check check : checks) {
      Check.Outcome outcome = check.outcome();
      if (outcome == Check.Outcome.NOT_JUDGED) {
        continue;
      }
      RatioFigure.Verdict verdict =
          switch (outcome) {
            case FAIL -> RatioFigure.Verdict.MISSED;
            case KNOWN_MISS -> RatioFigure.Verdict.KNOWN_MISS;
            default -> RatioFigure.Verdict.MET;
          };
      String label = check.quantity() + ", " + check.scenario();
      rows.add(
          new RatioFigure.Row(
              label.length() > LABEL_LENGTH ? label.substring(0, LABEL_LENGTH - 3) + "..." : label,
              check.simulated() / check.published(),
              check.tolerance(),
              verdict,
              check.byConstruction()));
    }
    return RatioFigure.of(
        "validation",
        "Model " + model + " against published figures",
        "vpop "
            + version
            + " validate; rows as in validation.md, extrapolations without a"
            + " published value left out",
        rows);
  }

  /** Row labels longer than this are cut, so that the plot keeps its width. */
  private static final int LABEL_LENGTH = 100;

  private HtmlPage page(List<Rendered> figures) {
    List<String[]> table = rows("");
    String[] header = table.get(0);
    List<String[]> withScenario = new ArrayList<>();
    withScenario.add(
        new String[] {
          header[0], "scenario", "source", header[1], header[2], header[3], header[4], header[5]
        });
    for (int i = 0; i < checks.size(); i++) {
      String[] row = table.get(i + 1);
      Check check = checks.get(i);
      withScenario.add(
          new String[] {
            row[0], check.scenario(), check.source(), row[1], row[2], row[3], row[4], row[5]
          });
    }
    HtmlPage page =
        new HtmlPage(
            "vpop validate: model " + model,
            "The model against every published figure of its reference (vpop " + version + ").");
    page.heading("Checks")
        .paragraph(
            "Rows derived by construction are marked; a known miss is shown, not hidden;"
                + " extrapolations have no verdict.")
        .table(withScenario, 3);
    if (!figures.isEmpty()) {
      page.heading("Figure").figures(figures);
    }
    return page;
  }
}
