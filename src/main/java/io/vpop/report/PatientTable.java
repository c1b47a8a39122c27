package io.vpop.report;

import io.vpop.batch.BatchResult;
import io.vpop.batch.Metric;
import io.vpop.batch.PatientBatch;
import io.vpop.batch.ReportedMetrics;
import io.vpop.model.DeclaredCovariate;
import io.vpop.model.Output;
import io.vpop.model.Parameter;
import io.vpop.run.PatientSink;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@code patients.csv}: id, covariates, resolved dose, every individual parameter with
 * its unit in the header ({@code CL_L_per_h}), then, as NONMEM tables have them, the random effects
 * behind the parameters: one column {@code ETA_<parameter>} ({@code ETA_CL}, dimensionless, log
 * scale) per parameter that varies in the scenario's adult or pediatric Omega, in the model's
 * parameter order, 0 where the patient's own Omega leaves the parameter fixed (a parameter is its
 * typical value at the patient's covariates times exp(eta): CL_i = CL(weight, dose) x exp(ETA_CL);
 * a bioavailability's eta is on the logit scale instead, logit F_i = logit F + ETA_F), then the
 * metrics of each output and the status. Numbers are written in Java's shortest exact form, so a
 * run's file is the same byte for byte whatever the thread count or batch size.
 */
public final class PatientTable {
  private final List<Parameter> parameters;
  private final List<String> etaParameters;
  private final List<DeclaredCovariate> declared;
  private final int lines;
  private final List<Output> outputs;
  private final ReportedMetrics reported;

  /**
   * @param parameters the model's parameters (names and units), in the model's order
   * @param etaParameters the names of the parameters whose etas the batches carry, in their order
   *     ({@link io.vpop.scenario.Scenario#etaParameters})
   * @param declared the covariates the model declares, a column each after bsa_m2 (a number in its
   *     unit, or a level's name), as a population table gives them
   * @param lines the number of regimen lines (one dose column each)
   * @param outputs outputs whose metrics follow the parameters (empty for a population without
   *     simulation)
   * @param reported which of their metrics the table has a column for
   */
  public PatientTable(
      List<Parameter> parameters,
      List<String> etaParameters,
      List<DeclaredCovariate> declared,
      int lines,
      List<Output> outputs,
      ReportedMetrics reported) {
    this.reported = reported;
    this.parameters = List.copyOf(parameters);
    this.etaParameters = List.copyOf(etaParameters);
    this.declared = List.copyOf(declared);
    this.lines = lines;
    this.outputs = List.copyOf(outputs);
  }

  /** A run that passes its batches to a sink. */
  @FunctionalInterface
  public interface Run<T> {
    T feed(PatientSink sink) throws IOException;
  }

  /** Opens a table in a file: writes its header and gives the sink that writes its rows. */
  @FunctionalInterface
  interface Opening {
    PatientSink open(Writer writer) throws IOException;
  }

  /**
   * Writes the table into {@code file} while a run feeds it batch by batch: the header, then a row
   * per patient. The file appears whole when the run ends, or not at all ({@link AtomicFiles}).
   *
   * @return what the run returns
   */
  public <T> T writeWhile(Path file, Run<T> run) throws IOException {
    return writeWhile(
        file,
        writer -> {
          writeHeader(writer);
          return (batch, result) -> writeRows(batch, result, writer);
        },
        run);
  }

  /**
   * Writes a table into {@code file} while a run feeds it batch by batch, through the sink that
   * {@code opening} gives once it has written the header; the file appears whole when the run ends,
   * or not at all ({@link AtomicFiles}).
   *
   * @return what the run returns
   */
  static <T> T writeWhile(Path file, Opening opening, Run<T> run) throws IOException {
    List<T> answer = new ArrayList<>(1);
    AtomicFiles.write(file, writer -> answer.add(run.feed(opening.open(writer))));
    return answer.get(0);
  }

  /**
   * About how many bytes the table of {@code patients} patients takes: every number at most 24
   * characters with its comma (Java's shortest exact form of a double).
   */
  public long estimatedBytes(long patients) {
    long columns =
        6
            + declared.size()
            + lines
            + parameters.size()
            + etaParameters.size()
            + outputs.size() * (Metric.COUNT + 1L);
    return patients * columns * 24;
  }

  /** Writes the header line. */
  public void writeHeader(Writer out) throws IOException {
    StringBuilder header = new StringBuilder("id,age_y,sex,weight_kg,height_cm,bsa_m2");
    for (DeclaredCovariate covariate : declared) {
      header.append(',').append(covariate.name());
    }
    for (int line = 0; line < lines; line++) {
      header.append(lines == 1 ? ",dose_mg" : ",dose" + (line + 1) + "_mg");
    }
    for (Parameter parameter : parameters) {
      header.append(',').append(column(parameter));
    }
    for (String parameter : etaParameters) {
      header.append(",ETA_").append(parameter);
    }
    for (int k = 0; k < outputs.size(); k++) {
      Output output = outputs.get(k);
      for (Metric metric : Metric.values()) {
        if (!reported.shows(k, metric)) {
          continue;
        }
        header
            .append(',')
            .append(output.name())
            .append('_')
            .append(metric.key())
            .append('_')
            .append(unitSuffix(metric.unit(output.unit())));
      }
    }
    header.append(outputs.isEmpty() ? "" : ",status");
    out.write(header.append('\n').toString());
  }

  /**
   * Writes one row per patient of the batch, in slot order.
   *
   * @param result the batch's solutions, or null when the table has no outputs
   */
  public void writeRows(PatientBatch batch, BatchResult result, Writer out) throws IOException {
    StringBuilder row = new StringBuilder(256);
    for (int i = 0; i < batch.size(); i++) {
      row.setLength(0);
      row.append(batch.index(i) + 1)
          .append(',')
          .append(batch.ageY(i))
          .append(',')
          .append(batch.sex(i).letter())
          .append(',')
          .append(batch.weightKg(i))
          .append(',')
          .append(batch.heightCm(i))
          .append(',')
          .append(batch.bsaM2(i));
      for (int c = 0; c < declared.size(); c++) {
        row.append(',').append(declared.get(c).textOf(batch.declared(c, i)));
      }
      for (int line = 0; line < lines; line++) {
        row.append(',').append(batch.doseMg(line, i));
      }
      for (int p = 0; p < parameters.size(); p++) {
        row.append(',').append(batch.parameter(p, i));
      }
      for (int e = 0; e < etaParameters.size(); e++) {
        row.append(',').append(batch.eta(e, i));
      }
      for (int k = 0; k < outputs.size(); k++) {
        for (Metric metric : Metric.ALL) {
          if (reported.shows(k, metric)) {
            row.append(',').append(result.metric(k, metric, i));
          }
        }
      }
      if (!outputs.isEmpty()) {
        row.append(',').append(result.status(i).name().toLowerCase(java.util.Locale.ROOT));
      }
      out.write(row.append('\n').toString());
    }
  }

  /**
   * A parameter's column name: its name and unit, e.g. CL_L_per_h; dimensionless ones have no
   * suffix.
   */
  static String column(Parameter parameter) {
    String unit = parameter.unit();
    return unit.equals("-") ? parameter.name() : parameter.name() + "_" + unitSuffix(unit);
  }

  /** A unit as part of a column name: ng*h/mL becomes ng_h_per_mL. */
  static String unitSuffix(String unit) {
    return unit.replace("/", "_per_").replace("*", "_");
  }
}
