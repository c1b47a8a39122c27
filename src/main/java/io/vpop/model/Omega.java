package io.vpop.model;

import java.util.List;

/**
 * Between-subject variability: individual parameter = typical x exp(eta), eta normal with mean 0
 * and standard deviation {@code omega} on the log scale. The shipped sets are diagonal (no
 * correlations were published).
 *
 * @param name e.g. {@code adult} or {@code pediatric}
 * @param entries one per parameter that varies
 */
public record Omega(String name, List<Entry> entries) {
  public Omega {
    entries = List.copyOf(entries);
  }

  /**
   * @param parameter the parameter that varies
   * @param omega standard deviation of eta (log scale), &gt;= 0
   * @param source where the value comes from
   */
  public record Entry(String parameter, double omega, String source) {}
}
