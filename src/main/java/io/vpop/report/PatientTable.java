package io.vpop.report;

import io.vpop.model.Parameter;
import io.vpop.population.PatientBatch;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The rows of {@code patients.csv}: id, covariates, resolved dose and every individual parameter,
 * with units in the header ({@code CL_L_per_h}). Numbers are written in Java's shortest exact form,
 * so a run's file is the same byte for byte whatever the thread count or batch size.
 */
public final class PatientTable {
  private final List<Parameter> parameters;
  private final int lines;

  /**
   * @param parameters the model's parameters (names and units), in the model's order
   * @param lines the number of regimen lines (one dose column each)
   */
  public PatientTable(List<Parameter> parameters, int lines) {
    this.parameters = List.copyOf(parameters);
    this.lines = lines;
  }

  /** Writes the header line. */
  public void writeHeader(Writer out) throws IOException {
    StringBuilder header = new StringBuilder("id,age_y,sex,weight_kg,height_cm,bsa_m2");
    for (int line = 0; line < lines; line++) {
      header.append(lines == 1 ? ",dose_mg" : ",dose" + (line + 1) + "_mg");
    }
    for (Parameter parameter : parameters) {
      header.append(',').append(column(parameter));
    }
    out.write(header.append('\n').toString());
  }

  /** Writes one row per patient of the batch, in slot order. */
  public void writeRows(PatientBatch batch, Writer out) throws IOException {
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
      for (int line = 0; line < lines; line++) {
        row.append(',').append(batch.doseMg(line, i));
      }
      for (int p = 0; p < parameters.size(); p++) {
        row.append(',').append(batch.parameter(p, i));
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
    if (unit.equals("-")) {
      return parameter.name();
    }
    return parameter.name() + "_" + unit.replace("/", "_per_").replace("*", "_");
  }
}
