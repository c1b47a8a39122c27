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
 * Adult weight or height by sex and age group from the NHANES 2003-2006 percentile table (McDowell
 * et al., Anthropometric reference data for children and adults: United States, 2003-2006. Natl
 * Health Stat Report 2008;10; all race-ethnicity groups). Each group's distribution is an LMS
 * (Box-Cox normal) curve fitted to its nine tabulated percentiles P5..P95: for a trial L the
 * tabulated values, transformed to X^L (log X for L = 0), are linear in z with intercept M^L and
 * slope M^L L S, fitted by least squares; L itself minimises the squared error in log X, by
 * golden-section search on [-4, 4]. Beyond P5 and P95 the fit is not extrapolated: the curve goes
 * on linearly (see {@link Lms}); a fit with L = -1.2 would otherwise put women of 20-29 y at 340 kg
 * at z = 3. Immutable.
 */
final class AdultTable {
  /** The tabulated percentiles and their standard normal deviates. */
  static final double[] PERCENTILES = {5, 10, 15, 25, 50, 75, 85, 90, 95};

  private static final double[] Z = {
    -1.6448536269514722,
    -1.2815515655446004,
    -1.0364333894937898,
    -0.6744897501960817,
    0,
    0.6744897501960817,
    1.0364333894937898,
    1.2815515655446004,
    1.6448536269514722
  };

  /** One age group of one sex. */
  record Group(Sex sex, double fromAgeY, double toAgeY, double[] percentiles, Lms lms) {}

  private final List<Group> groups;

  private AdultTable(List<Group> groups) {
    this.groups = List.copyOf(groups);
  }

  /**
   * Reads a NHANES table (ethnicity, gender, age group, n, mean, SE, P5..P95), keeping the "All"
   * rows.
   */
  static AdultTable load(String resource) {
    List<Group> groups = new ArrayList<>();
    try (InputStream in = AdultTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("adult reference " + resource + " is missing from the jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String[] cells = line.trim().split(",");
        if (!cells[0].equals("All")) {
          continue;
        }
        Sex sex = cells[1].equals("Male") ? Sex.MALE : Sex.FEMALE;
        String[] ages = cells[2].split("-");
        double[] percentiles = new double[PERCENTILES.length];
        for (int i = 0; i < percentiles.length; i++) {
          percentiles[i] = Double.parseDouble(cells[6 + i]);
        }
        double to = Double.parseDouble(ages[1]);
        groups.add(
            new Group(
                sex,
                Double.parseDouble(ages[0]),
                to >= 100 ? Double.POSITIVE_INFINITY : to + 1,
                percentiles,
                fit(percentiles)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new AdultTable(groups);
  }

  /** The group of an adult: age groups are whole years, "20-29" covers [20, 30). */
  Group group(Sex sex, double ageY) {
    for (Group group : groups) {
      if (group.sex() == sex && ageY >= group.fromAgeY() && ageY < group.toAgeY()) {
        return group;
      }
    }
    throw new IllegalArgumentException(
        "no adult reference group for " + sex + " at " + ageY + " y");
  }

  List<Group> groups() {
    return groups;
  }

  /** The LMS curve closest, in squared log error, to the tabulated percentiles. */
  static Lms fit(double[] percentiles) {
    final double golden = (Math.sqrt(5) - 1) / 2;
    double a = -4;
    double b = 4;
    double c = b - golden * (b - a);
    double d = a + golden * (b - a);
    double fc = logError(c, percentiles);
    double fd = logError(d, percentiles);
    while (b - a > 1e-9) {
      if (fc < fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - golden * (b - a);
        fc = logError(c, percentiles);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + golden * (b - a);
        fd = logError(d, percentiles);
      }
    }
    return lmsFor(0.5 * (a + b), percentiles);
  }

  /** For a given L, M and S by least squares of X^L (or log X) on z. */
  private static Lms lmsFor(double l, double[] percentiles) {
    boolean logarithmic = Math.abs(l) < 1e-12;
    double meanZ = 0;
    double meanY = 0;
    for (int i = 0; i < Z.length; i++) {
      meanZ += Z[i] / Z.length;
      meanY += transform(percentiles[i], l, logarithmic) / Z.length;
    }
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < Z.length; i++) {
      covariance += (Z[i] - meanZ) * (transform(percentiles[i], l, logarithmic) - meanY);
      variance += (Z[i] - meanZ) * (Z[i] - meanZ);
    }
    double slope = covariance / variance;
    double intercept = meanY - slope * meanZ;
    // Beyond the outermost tabulated percentiles (P5, P95) the curve is continued linearly (see
    // Lms).
    double limit = Z[Z.length - 1];
    if (logarithmic) {
      return new Lms(0, Math.exp(intercept), slope, limit);
    }
    return new Lms(l, Math.pow(intercept, 1 / l), slope / (intercept * l), limit);
  }

  private static double transform(double x, double l, boolean logarithmic) {
    return logarithmic ? Math.log(x) : Math.pow(x, l);
  }

  private static double logError(double l, double[] percentiles) {
    Lms lms = lmsFor(l, percentiles);
    double error = 0;
    for (int i = 0; i < Z.length; i++) {
      double fitted = lms.value(Z[i]);
      if (!(fitted > 0)) {
        return Double.POSITIVE_INFINITY;
      }
      double difference = Math.log(fitted / percentiles[i]);
      error += difference * difference;
    }
    return Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
  }
}
