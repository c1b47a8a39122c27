package io.vpop.population;

import io.vpop.batch.Sex;
import io.vpop.model.Covariates;
import java.util.Arrays;

/**
 * The covariates of a population given row by row (a scenario's {@code population.table}) instead
 * of sampled: patient i of a run is row i. Columns as primitive arrays, one entry per row, checked
 * when read.
 *
 * @param source the file the rows came from, for reports
 * @param ageY age in years
 * @param sex each row's sex
 * @param weightKg body weight in kg
 * @param heightCm height in cm
 * @param bsaM2 body-surface area in m2 (from the table, or the scenario's formula)
 * @param doseMg the first regimen line's amount per administration in mg for each row, or null
 *     where the table gives no dose (the regimen's own then applies)
 * @param declared one column per covariate the model declares, in the model's order (none for a
 *     model that declares none)
 */
public record CovariateTable(
    String source,
    double[] ageY,
    Sex[] sex,
    double[] weightKg,
    double[] heightCm,
    double[] bsaM2,
    double[] doseMg,
    double[][] declared) {
  public CovariateTable {
    int rows = ageY.length;
    if (sex.length != rows
        || weightKg.length != rows
        || heightCm.length != rows
        || bsaM2.length != rows
        || (doseMg != null && doseMg.length != rows)
        || Arrays.stream(declared).anyMatch(column -> column.length != rows)) {
      throw new IllegalArgumentException("columns of different lengths");
    }
  }

  /** The number of rows: the most patients a run of this population may have. */
  public int rows() {
    return ageY.length;
  }

  /** Whether the table gives each patient's dose. */
  public boolean hasDose() {
    return doseMg != null;
  }

  /**
   * A hash of every value, so that runs of two tables of the same name but other rows are told
   * apart (their aggregates must not merge).
   */
  public int contentHash() {
    return java.util.Objects.hash(
        Arrays.hashCode(ageY),
        Arrays.hashCode(sex),
        Arrays.hashCode(weightKg),
        Arrays.hashCode(heightCm),
        Arrays.hashCode(bsaM2),
        Arrays.hashCode(doseMg),
        Arrays.deepHashCode(declared));
  }

  /** The covariates of one row. */
  public Covariates covariates(int row) {
    if (declared.length == 0) {
      return new Covariates(ageY[row], sex[row], weightKg[row], heightCm[row], bsaM2[row]);
    }
    double[] values = new double[declared.length];
    for (int c = 0; c < values.length; c++) {
      values[c] = declared[c][row];
    }
    return new Covariates(ageY[row], sex[row], weightKg[row], heightCm[row], bsaM2[row], values);
  }
}
