package io.vpop.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vpop.Numbers;
import io.vpop.backend.DeviceTime;
import io.vpop.batch.BandBuckets;
import io.vpop.batch.Metric;
import io.vpop.model.Output;
import io.vpop.model.Parameter;
import io.vpop.plot.PlotFormat;
import io.vpop.plot.Rendered;
import io.vpop.run.Simulation;
import io.vpop.scenario.Scenario;
import io.vpop.solve.TimeGrid;
import io.vpop.stats.Attainment;
import io.vpop.stats.Percentiles;
import io.vpop.stats.RunAggregate;
import io.vpop.stats.SampleAccumulator;
import io.vpop.stats.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report of a population run: the console table, {@code summary.json}, {@code bands.csv} and
 * the plots.
 *
 * @param version the vpop version
 * @param setup the scenario run (its document is echoed; its modifiers are the scenario's and the
 *     command line's)
 * @param seed the random seed
 * @param backend the backend's description
 * @param runSeconds wall time of the simulation
 * @param deviceTime the GPU's kernel and copy time, when the run used one
 * @param statistics the run's statistics (the aggregate of its patients)
 * @param summaries each output's metric summaries, at {@code k * Metric.COUNT + metric.ordinal()}:
 *     made once (each sorts the metric's values), read by the console, summary.json and the report
 */
public record PopulationReport(
    String version,
    Scenario setup,
    long seed,
    String backend,
    double runSeconds,
    Optional<DeviceTime> deviceTime,
    RunAggregate statistics,
    List<Summary> summaries) {

  /** The report of a population run of a scenario. */
  public static PopulationReport of(
      String version, Scenario scenario, long seed, Simulation.Outcome outcome) {
    RunAggregate statistics = outcome.aggregate();
    List<Summary> summaries = new ArrayList<>();
    for (int k = 0; k < statistics.outputs().size(); k++) {
      for (Metric metric : Metric.ALL) {
        summaries.add(statistics.summary(k, metric));
      }
    }
    return new PopulationReport(
        version,
        scenario,
        seed,
        outcome.backend(),
        outcome.seconds(),
        outcome.deviceTime(),
        statistics,
        List.copyOf(summaries));
  }

  /**
   * About how many bytes a population run's files take besides patients.csv: summary.json,
   * bands.csv (a line of about 48 bytes per output, time and percentile level) and the figures: at
   * most 200 KB per PNG; as SVG (report.html's copy, and the file where asked) about 50 KB per
   * figure plus some 100 bytes per grid point drawn for each band figure (five series of a point
   * each; at most 6,000 points are drawn, see plot.Thinning).
   */
  public static long estimatedBytes(Scenario scenario, boolean bands, PlotFormat plots) {
    long outputs = scenario.model().outputs().size();
    long gridSize = scenario.grid().size();
    long bandLines = bands ? outputs * gridSize * Percentiles.count() : 0;
    long figures = outputs * 4;
    long pngs = plots.png() ? figures * 200_000 : 0;
    long svgCopies = plots == PlotFormat.NONE ? 0 : plots.svg() ? 2 : 1;
    long drawn = Math.min(gridSize, 6_000);
    long svgs = svgCopies * (figures * 50_000 + (bands ? outputs * 2 * 100 * drawn : 0));
    return 100_000 + bandLines * 48 + pngs + svgs;
  }

  /**
   * The percentile levels shown on the console, in percent: the median and the central 95 % range
   * (the JSON has every level of {@link Percentiles}).
   */
  private static final double[] CONSOLE_LEVELS = {2.5, 50, 97.5};

  /** Prints the metrics table, the target attainment and any failures. */
  public void printTable(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%s (%s)%n%d patients (%d failed), seed %d, backend %s, %.1f s%n",
        setup.name(),
        setup.description(),
        statistics.patients(),
        statistics.failed(),
        seed,
        backend,
        runSeconds);
    deviceTime.ifPresent(
        time ->
            out.printf(
                Locale.ROOT,
                "device time: kernels %.3f s, copies %.3f s, over %d batches%n",
                time.kernelSeconds(),
                time.copySeconds(),
                time.batches()));
    ConsoleTable.print(out, metricRows(CONSOLE_LEVELS), 3);
    out.println(
        !allExact()
            ? "percentiles from a DDSketch (beyond the exact limit), relative error <= "
                + SampleAccumulator.SKETCH_RELATIVE_ERROR
            : "percentiles exact (type 7)");
    for (Attainment attainment : statistics.attainment()) {
      out.printf(
          Locale.ROOT,
          "target %s: %.1f %% of %d patients (95 %% CI %.1f-%.1f %%)%n",
          attainment.target().description(),
          100 * attainment.fraction(),
          attainment.patients(),
          100 * attainment.lower95(),
          100 * attainment.upper95());
    }
    for (String failure : statistics.failures()) {
      out.println("failed: " + failure);
    }
  }

  /**
   * Writes {@code summary.json}, {@code bands.csv}, the plots in {@code plots}' formats and {@code
   * report.html} (with every plot inline unless {@code plots} is none) into {@code directory}.
   *
   * @return the names of the files written
   */
  public List<String> write(Path directory, PlotFormat plots) throws IOException {
    List<String> written = new ArrayList<>();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> summary = summary();
    AtomicFiles.write(directory.resolve("summary.json"), w -> json.writeValue(w, summary));
    written.add("summary.json");
    if (statistics.hasBands()) {
      writeBands(directory);
      written.add("bands.csv");
    }
    List<Rendered> figures =
        plots == PlotFormat.NONE
            ? List.of()
            : Rendered.all(Plots.population(setup, statistics), plots.png(), true);
    written.addAll(Plots.write(directory, figures, plots));
    page(figures).write(directory.resolve(REPORT));
    written.add(REPORT);
    return written;
  }

  private void writeBands(Path directory) throws IOException {
    AtomicFiles.write(
        directory.resolve("bands.csv"),
        w -> {
          w.write("time_h,analyte,percentile,concentration_ng_ml\n");
          StringBuilder line = new StringBuilder();
          TimeGrid grid = setup.grid();
          for (int k = 0; k < statistics.outputs().size(); k++) {
            String name = statistics.outputs().get(k).name();
            for (int g = 0; g < grid.size(); g++) {
              for (int level = 0; level < Percentiles.count(); level++) {
                line.setLength(0);
                line.append(grid.time(g))
                    .append(',')
                    .append(name)
                    .append(',')
                    .append(Percentiles.level(level))
                    .append(',')
                    .append(statistics.band(k, g, level))
                    .append('\n');
                w.write(line.toString());
              }
            }
          }
        });
  }

  private Map<String, Object> summary() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("vpop_version", version);
    root.put("command", "simulate");
    root.put("mode", "population");
    root.put("scenario", setup.name());
    root.put("description", setup.description());
    root.put("modifiers", setup.modifiers());
    root.put("seed", seed);
    root.put("backend", backend);
    root.put("patients", statistics.patients());
    root.put("failed", statistics.failed());
    root.put("failures", statistics.failures());
    root.put("run_time_s", runSeconds);
    deviceTime.ifPresent(
        time -> {
          Map<String, Object> node = new LinkedHashMap<>();
          node.put("kernels_s", time.kernelSeconds());
          node.put("copies_s", time.copySeconds());
          node.put("batches", time.batches());
          node.put(
              "note", "summed over streams and batches; kernels and copies overlap in wall time");
          root.put("device_time", node);
        });
    root.put(
        "percentile_definition",
        "exact: Hyndman-Fan type 7 (linear between order statistics); sketch: DDSketch, each percentile"
            + " within its relative error of the value of that rank");
    Map<String, Object> metrics = new LinkedHashMap<>();
    List<Output> outputs = statistics.outputs();
    for (int k = 0; k < outputs.size(); k++) {
      Map<String, Object> analyte = new LinkedHashMap<>();
      for (Metric metric : Metric.values()) {
        if (!setup.reportedMetrics().shows(k, metric)) {
          continue;
        }
        Summary s = summary(k, metric);
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("unit", metric.unit(outputs.get(k).unit()));
        node.put("n", s.count());
        node.put("mean", finite(s.mean()));
        node.put("sd", finite(s.sd()));
        node.put("cv", finite(s.cv()));
        node.put("geometric_mean", finite(s.geometricMean()));
        Map<String, Object> percentiles = new LinkedHashMap<>();
        for (int level = 0; level < Percentiles.count(); level++) {
          percentiles.put(Percentiles.label(level), finite(s.percentiles()[level]));
        }
        node.put("percentiles", percentiles);
        node.put("percentiles_exact", s.exact());
        if (!s.exact()) {
          node.put("sketch_relative_error", s.relativeErrorBound());
        }
        analyte.put(metric.key(), node);
      }
      metrics.put(outputs.get(k).name(), analyte);
    }
    root.put("metrics", metrics);
    if (statistics.hasBands()) {
      Map<String, Object> bands = new LinkedHashMap<>();
      bands.put("file", "bands.csv");
      bands.put(
          "method",
          "each output and time's values counted in log buckets, 64 per power of two; a percentile"
              + " is the midpoint of the bucket holding the value of its rank");
      bands.put("relative_error", BandBuckets.RELATIVE_ERROR);
      root.put("bands", bands);
    }
    List<Object> targets = new ArrayList<>();
    for (Attainment attainment : statistics.attainment()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("target", attainment.target().description());
      node.put("attained", attainment.attained());
      node.put("patients", attainment.patients());
      node.put("probability", finite(attainment.fraction()));
      node.put(
          "ci95_clopper_pearson",
          List.of(finite(attainment.lower95()), finite(attainment.upper95())));
      targets.add(node);
    }
    root.put("target_attainment", targets);
    root.put("scenario_file", setup.text());
    return root;
  }

  private Summary summary(int k, Metric metric) {
    return summaries.get(k * Metric.COUNT + metric.ordinal());
  }

  /** Whether every metric's percentiles are exact (no sketch took over). */
  private boolean allExact() {
    return summaries.stream().allMatch(Summary::exact);
  }

  /**
   * The metrics table, header first: each output and metric with its unit, mean, SD, CV%, geometric
   * mean and the percentiles at {@code levels} (in percent), 4 significant digits.
   */
  private List<String[]> metricRows(double[] levels) {
    List<String[]> rows = new ArrayList<>();
    List<String> header =
        new ArrayList<>(List.of("analyte", "metric", "unit", "mean", "SD", "CV%", "geomean"));
    for (double level : levels) {
      header.add(Percentiles.label(Percentiles.indexOf(level)));
    }
    rows.add(header.toArray(String[]::new));
    List<Output> outputs = statistics.outputs();
    for (int k = 0; k < outputs.size(); k++) {
      for (Metric metric : Metric.values()) {
        if (!setup.reportedMetrics().shows(k, metric)) {
          continue;
        }
        Summary summary = summary(k, metric);
        List<String> row =
            new ArrayList<>(
                List.of(
                    outputs.get(k).name(),
                    metric.key(),
                    metric.unit(outputs.get(k).unit()),
                    Numbers.significant(summary.mean()),
                    Numbers.significant(summary.sd()),
                    Numbers.significant(100 * summary.cv()),
                    Numbers.significant(summary.geometricMean())));
        for (double level : levels) {
          row.add(Numbers.significant(summary.percentiles()[Percentiles.indexOf(level)]));
        }
        rows.add(row.toArray(String[]::new));
      }
    }
    return rows;
  }

  /** The self-contained HTML report of the run. */
  static final String REPORT = "report.html";

  private HtmlPage page(List<Rendered> figures) {
    HtmlPage page = new HtmlPage("vpop: " + setup.name(), setup.description());
    List<String[]> provenance = new ArrayList<>();
    provenance.add(new String[] {"vpop version", version});
    provenance.add(HtmlPage.written());
    provenance.add(
        new String[] {"model", setup.model().name() + ": " + setup.model().description()});
    provenance.add(new String[] {"parameter set", setup.parameterSet().name()});
    provenance.add(
        new String[] {
          "modifiers", setup.modifiers().isEmpty() ? "none" : String.join(", ", setup.modifiers())
        });
    provenance.add(
        new String[] {
          "patients",
          String.format(Locale.ROOT, "%,d (%,d failed)", statistics.patients(), statistics.failed())
        });
    provenance.add(new String[] {"seed", Long.toString(seed)});
    provenance.add(new String[] {"backend", backend});
    provenance.add(new String[] {"run time", String.format(Locale.ROOT, "%.1f s", runSeconds)});
    page.heading("Run").definitions(provenance);

    double[] every = new double[Percentiles.count()];
    for (int level = 0; level < every.length; level++) {
      every[level] = Percentiles.level(level);
    }
    List<String[]> rows = metricRows(every);
    page.heading("Exposure")
        .paragraph(
            allExact()
                ? "Percentiles exact (Hyndman-Fan type 7); 4 significant digits (summary.json has"
                    + " every digit)."
                : "Percentiles from a DDSketch, each within a relative error of "
                    + SampleAccumulator.SKETCH_RELATIVE_ERROR
                    + "; 4 significant digits.")
        .table(rows, 3);
    if (!statistics.attainment().isEmpty()) {
      List<String[]> targets = new ArrayList<>();
      targets.add(new String[] {"target", "attained", "patients", "probability %", "95% CI %"});
      for (Attainment attainment : statistics.attainment()) {
        targets.add(
            new String[] {
              attainment.target().description(),
              Long.toString(attainment.attained()),
              Long.toString(attainment.patients()),
              Numbers.significant(100 * attainment.fraction()),
              Numbers.significant(100 * attainment.lower95())
                  + "-"
                  + Numbers.significant(100 * attainment.upper95())
            });
      }
      page.heading("Target attainment")
          .paragraph("Clopper-Pearson 95 % intervals.")
          .table(targets, 1);
    }
    if (!statistics.failures().isEmpty()) {
      page.heading("Failed patients").preformatted(String.join("\n", statistics.failures()));
    }
    if (!figures.isEmpty()) {
      page.heading("Figures").figures(figures);
    }
    List<String[]> parameters = new ArrayList<>();
    parameters.add(new String[] {"parameter", "value", "unit", "source"});
    for (Parameter parameter : setup.parameterSet().parameters()) {
      parameters.add(
          new String[] {
            parameter.name(),
            Numbers.significant(parameter.value(), 6),
            parameter.unit(),
            parameter.source()
          });
    }
    page.heading("Model parameters and their sources")
        .paragraph(
            "Typical values of parameter set "
                + setup.parameterSet().name()
                + " (before covariates and between-subject variability).")
        .table(parameters, 1);
    page.heading("Scenario file").preformatted(setup.text());
    return page;
  }

  /** JSON has no NaN: a value that is not finite is written as null. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
