package io.vpop.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vpop.Numbers;
import io.vpop.batch.Metric;
import io.vpop.batch.ReportedMetrics;
import io.vpop.model.Covariates;
import io.vpop.model.Output;
import io.vpop.model.Parameter;
import io.vpop.plot.Figure;
import io.vpop.plot.PlotFormat;
import io.vpop.plot.ProfileFigure;
import io.vpop.plot.Rendered;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.Regimen;
import io.vpop.run.Typical;
import io.vpop.scenario.Scenario;
import io.vpop.solve.PatientResult;
import io.vpop.solve.SolverKind;
import io.vpop.solve.TimeGrid;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a one-patient run: the console table of metrics with units, {@code summary.json},
 * {@code profile.csv}, the profile plots and {@code report.html}.
 *
 * @param version the vpop version
 * @param scenario the scenario's name
 * @param description the scenario's one-line description
 * @param model the model's name
 * @param parameterSet the parameter set's name
 * @param modifiers the scenario modifiers applied
 * @param solver the solver's name
 * @param patient the covariates
 * @param parameters the patient's individual parameters with units (typical value replaced by the
 *     individual one)
 * @param doseMg the resolved amount per administration of each regimen line, in mg
 * @param regimen the dosing
 * @param grid the output times
 * @param outputs the reported outputs
 * @param reported which metrics of which outputs are reported
 * @param result the solution
 */
public record TypicalRunReport(
    String version,
    String scenario,
    String description,
    String model,
    String parameterSet,
    List<String> modifiers,
    String solver,
    Covariates patient,
    List<Parameter> parameters,
    double[] doseMg,
    Regimen regimen,
    TimeGrid grid,
    List<Output> outputs,
    ReportedMetrics reported,
    PatientResult result) {

  /**
   * The report of a scenario's typical patient: its individual parameters carry the parameter set's
   * units and sources.
   */
  public static TypicalRunReport of(
      String version, Scenario scenario, SolverKind solver, Typical typical) {
    List<Parameter> parameters = new ArrayList<>();
    double[] individual = typical.parameters();
    for (int p = 0; p < individual.length; p++) {
      Parameter typicalParameter = scenario.parameterSet().parameters().get(p);
      parameters.add(
          new Parameter(
              typicalParameter.name(),
              individual[p],
              typicalParameter.unit(),
              typicalParameter.source()));
    }
    return new TypicalRunReport(
        version,
        scenario.name(),
        scenario.description(),
        scenario.model().name(),
        scenario.parameterSet().name(),
        scenario.modifiers(),
        solver.key(),
        typical.patient(),
        parameters,
        typical.doseMg(),
        scenario.regimen(),
        scenario.grid(),
        scenario.model().outputs(),
        scenario.reportedMetrics(),
        typical.result());
  }

  /** Prints the metrics table. */
  public void printTable(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%s (%s)%ntypical patient: %s y, %s kg, %s cm, BSA %s m2; %s solver%n",
        scenario,
        description,
        Numbers.significant(patient.ageY()),
        Numbers.significant(patient.weightKg()),
        Numbers.significant(patient.heightCm()),
        Numbers.significant(patient.bsaM2()),
        solver);
    for (int index = 0; index < regimen.lines().size(); index++) {
      DoseLine line = regimen.lines().get(index);
      out.printf(
          Locale.ROOT,
          "dose: %s mg (%s %s%s) %s, %d x every %s h from %s h%n",
          Numbers.significant(doseMg[index]),
          Numbers.significant(line.dose().amount()),
          line.dose().unit().symbol(),
          line.dose().capped() ? ", cap " + Numbers.significant(line.dose().capMg()) + " mg" : "",
          line.administration(),
          line.count(),
          Numbers.significant(line.intervalH()),
          Numbers.significant(line.startH()));
    }
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("analyte"));
    List<Metric> columns = reported.anyOutput();
    for (Metric metric : columns) {
      header.add(metric.key() + " (" + metric.unit(outputs.get(0).unit()) + ")");
    }
    rows.add(header.toArray(String[]::new));
    for (int k = 0; k < outputs.size(); k++) {
      List<String> row = new ArrayList<>(List.of(outputs.get(k).name()));
      for (Metric metric : columns) {
        // An output without a threshold has no time above one.
        row.add(reported.shows(k, metric) ? Numbers.significant(result.metric(k, metric)) : "-");
      }
      rows.add(row.toArray(String[]::new));
    }
    ConsoleTable.print(out, rows, 1);
  }

  /**
   * Writes {@code summary.json}, {@code profile.csv}, the profile plots in {@code plots}' formats
   * and {@code report.html} into {@code directory}, each atomically.
   *
   * @return the names of the files written
   */
  public List<String> write(Path directory, PlotFormat plots) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> summary = summary();
    AtomicFiles.write(directory.resolve("summary.json"), w -> json.writeValue(w, summary));
    AtomicFiles.write(
        directory.resolve("profile.csv"),
        w -> {
          StringBuilder head = new StringBuilder("time_h");
          for (Output output : outputs) {
            head.append(',')
                .append(output.name())
                .append('_')
                .append(output.unit().replace('/', '_').toLowerCase(Locale.ROOT));
          }
          w.write(head.append('\n').toString());
          for (int i = 0; i < grid.size(); i++) {
            StringBuilder line = new StringBuilder(Double.toString(grid.time(i)));
            for (int k = 0; k < outputs.size(); k++) {
              line.append(',').append(result.concentration(k, i));
            }
            w.write(line.append('\n').toString());
          }
        });
    List<String> written = new ArrayList<>(List.of("summary.json", "profile.csv"));
    List<Rendered> figures =
        plots == PlotFormat.NONE ? List.of() : Rendered.all(figures(), plots.png(), true);
    written.addAll(Plots.write(directory, figures, plots));
    page(figures).write(directory.resolve(PopulationReport.REPORT));
    written.add(PopulationReport.REPORT);
    return written;
  }

  /** The profile of every output, on a linear and on a log axis. */
  private List<Figure> figures() {
    List<ProfileFigure.Curve> curves = new ArrayList<>();
    for (int k = 0; k < outputs.size(); k++) {
      double[] values = new double[grid.size()];
      for (int g = 0; g < values.length; g++) {
        values[g] = result.concentration(k, g);
      }
      curves.add(new ProfileFigure.Curve(outputs.get(k).label(), values));
    }
    String subtitle =
        String.format(
            Locale.ROOT,
            "%s: %s; typical patient %s y, %s kg, %s cm",
            scenario,
            description,
            Numbers.significant(patient.ageY()),
            Numbers.significant(patient.weightKg()),
            Numbers.significant(patient.heightCm()));
    List<Figure> figures = new ArrayList<>();
    for (boolean log : new boolean[] {false, true}) {
      Figure figure =
          ProfileFigure.of(
              "profile" + (log ? "_log" : "_linear"),
              "Concentrations of the typical patient over time",
              subtitle,
              "Whole-blood concentration (" + outputs.get(0).unit() + ")",
              grid.times(),
              curves,
              log);
      if (figure != null) {
        figures.add(figure);
      }
    }
    return figures;
  }

  private HtmlPage page(List<Rendered> figures) {
    StringWriter table = new StringWriter();
    printTable(new PrintWriter(table));
    HtmlPage page = new HtmlPage("vpop: " + scenario + ", typical patient", description);
    page.heading("Run")
        .definitions(
            List.of(
                new String[] {"vpop version", version},
                HtmlPage.written(),
                new String[] {"model", model},
                new String[] {"parameter set", parameterSet},
                new String[] {
                  "modifiers", modifiers.isEmpty() ? "none" : String.join(", ", modifiers)
                },
                new String[] {"solver", solver}));
    page.heading("Exposure").preformatted(table.toString());
    if (!figures.isEmpty()) {
      page.heading("Figures").figures(figures);
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"parameter", "value", "unit", "source"});
    for (Parameter parameter : parameters) {
      rows.add(
          new String[] {
            parameter.name(),
            Numbers.significant(parameter.value(), 6),
            parameter.unit(),
            parameter.source()
          });
    }
    page.heading("Individual parameters and their sources").table(rows, 1);
    return page;
  }

  private Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("vpop_version", version);
    summary.put("command", "simulate");
    summary.put("mode", "typical");
    summary.put("scenario", scenario);
    summary.put("description", description);
    summary.put("model", model);
    summary.put("parameter_set", parameterSet);
    summary.put("modifiers", modifiers);
    summary.put("solver", solver);
    summary.put("status", result.status().name().toLowerCase(Locale.ROOT));

    Map<String, Object> patientNode = new LinkedHashMap<>();
    patientNode.put("age_y", quantity(patient.ageY(), "y"));
    patientNode.put("weight_kg", quantity(patient.weightKg(), "kg"));
    patientNode.put("height_cm", quantity(patient.heightCm(), "cm"));
    patientNode.put("bsa_m2", quantity(patient.bsaM2(), "m2"));
    Map<String, Object> parameterNode = new LinkedHashMap<>();
    for (Parameter parameter : parameters) {
      parameterNode.put(parameter.name(), quantity(parameter.value(), parameter.unit()));
    }
    patientNode.put("parameters", parameterNode);
    summary.put("patient", patientNode);

    List<Object> lines = new ArrayList<>();
    for (int index = 0; index < regimen.lines().size(); index++) {
      DoseLine line = regimen.lines().get(index);
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("dose", quantity(line.dose().amount(), line.dose().unit().symbol()));
      if (line.dose().capped()) {
        node.put("cap", quantity(line.dose().capMg(), "mg"));
      }
      node.put("dose_resolved", quantity(doseMg[index], "mg"));
      if (line.bolus()) {
        node.put("route", "bolus");
      } else {
        node.put("duration", quantity(line.durationFor(doseMg[index]), "h"));
        if (line.byRate()) {
          node.put("rate", quantity(line.rateMgPerH(), "mg/h"));
        }
      }
      if (line.compartment() != null) {
        // A line without one doses the model's dosing compartment, as in the scenario.
        node.put("compartment", line.compartment());
      }
      node.put("start", quantity(line.startH(), "h"));
      node.put("interval", quantity(line.intervalH(), "h"));
      node.put("count", line.count());
      if (line.steadyState()) {
        node.put("steady_state", true);
      }
      lines.add(node);
    }
    summary.put("regimen", lines);
    Map<String, Object> gridNode = new LinkedHashMap<>();
    gridNode.put("end", quantity(grid.endH(), "h"));
    gridNode.put("points", grid.size());
    summary.put("time_grid", gridNode);

    Map<String, Object> metrics = new LinkedHashMap<>();
    for (int k = 0; k < outputs.size(); k++) {
      Map<String, Object> analyte = new LinkedHashMap<>();
      for (Metric metric : Metric.values()) {
        if (reported.shows(k, metric)) {
          analyte.put(
              metric.key(), quantity(result.metric(k, metric), metric.unit(outputs.get(k).unit())));
        }
      }
      metrics.put(outputs.get(k).name(), analyte);
    }
    summary.put("metrics", metrics);
    return summary;
  }

  private static Map<String, Object> quantity(double value, String unit) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("value", value);
    node.put("unit", unit);
    return node;
  }
}
