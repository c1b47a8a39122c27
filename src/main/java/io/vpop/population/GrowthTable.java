package io.vpop.population;

import io.vpop.batch.Sex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One growth reference measure (e.g. CDC 2000 weight-for-age) by sex: L, M and S at tabulated ages,
 * interpolated linearly in age between rows (the CDC's recommendation for ages between its
 * half-month rows). Ages outside the table take the first or last row. Immutable.
 */
final class GrowthTable {
  private final double[][] ages = new double[2][];
  private final double[][] ls = new double[2][];
  private final double[][] ms = new double[2][];
  private final double[][] ss = new double[2][];

  /**
   * @param rowsBySex for sex code 1 and 2, rows of {age, L, M, S} in ascending age (in the table's
   *     unit)
   */
  private GrowthTable(List<List<double[]>> rowsBySex) {
    for (int sex = 0; sex < 2; sex++) {
      List<double[]> rows = rowsBySex.get(sex);
      ages[sex] = rows.stream().mapToDouble(r -> r[0]).toArray();
      ls[sex] = rows.stream().mapToDouble(r -> r[1]).toArray();
      ms[sex] = rows.stream().mapToDouble(r -> r[2]).toArray();
      ss[sex] = rows.stream().mapToDouble(r -> r[3]).toArray();
    }
  }

  /**
   * Reads a table from the jar: a CDC 2000 CSV (columns Sex, Agemos, L, M, S, ...; a repeated
   * header line is skipped) or a WHO anthro TSV (columns sex, age, l, m, s, ...).
   */
  static GrowthTable load(String resource) {
    List<List<double[]>> rows = List.of(new ArrayList<>(), new ArrayList<>());
    try (InputStream in = GrowthTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "growth reference " + resource + " is missing from the jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String[] cells = line.trim().split("[,\t]");
        if (cells.length < 5 || !Character.isDigit(cells[0].charAt(0))) {
          continue;
        }
        int sex = Integer.parseInt(cells[0]);
        rows.get(sex - 1)
            .add(
                new double[] {
                  Double.parseDouble(cells[1]),
                  Double.parseDouble(cells[2]),
                  Double.parseDouble(cells[3]),
                  Double.parseDouble(cells[4])
                });
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new GrowthTable(rows);
  }

  /** L, M, S at an age in the table's unit (months for CDC, days for WHO 2006). */
  Lms at(Sex sex, double age) {
    int s = sex.code() - 1;
    double[] a = ages[s];
    if (age <= a[0]) {
      return new Lms(ls[s][0], ms[s][0], ss[s][0]);
    }
    int last = a.length - 1;
    if (age >= a[last]) {
      return new Lms(ls[s][last], ms[s][last], ss[s][last]);
    }
    int lo = 0;
    int hi = last;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= age) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double w = (age - a[lo]) / (a[hi] - a[lo]);
    return new Lms(
        ls[s][lo] + w * (ls[s][hi] - ls[s][lo]),
        ms[s][lo] + w * (ms[s][hi] - ms[s][lo]),
        ss[s][lo] + w * (ss[s][hi] - ss[s][lo]));
  }
}
