package io.vpop.batch;

import java.util.List;

/**
 * The exposure metrics computed for every output in the same pass as the concentrations.
 *
 * <p>AUCs are integrated exactly (closed form, or an extra state of the ODE), never by trapezoids
 * on the output grid. {@code cmax}/{@code tmax} are a true maximum over the horizon: the ends of
 * infusions are candidates, and so is every step (no longer than the output grid's spacing) whose
 * output slope turns from + to - between its ends, the peak located by root finding. The first time
 * the maximum is reached is reported (peaks equal to 1e-7 count as one).
 */
public enum Metric {
  /** Area under the curve from 0 to the end of the simulation. */
  AUC_0_T("auc_0_t", true),
  /**
   * Area under the curve from 0 to infinity: AUC(0-t) plus the exact area of the free decay after
   * the horizon (no dosing after it; an infusion still running there stops). Infinite when a
   * compartment has no path out of the body.
   */
  AUC_0_INF("auc_0_inf", true),
  /** Area under the curve over the last dosing interval. */
  AUC_TAU("auc_tau", true),
  /** Maximum concentration over the simulation. */
  CMAX("cmax", false),
  /** Time of the maximum, in h. */
  TMAX("tmax", false),
  /** Concentration at the end of the last dosing interval. */
  TROUGH("trough", false),
  /**
   * Average concentration over the last dosing interval: its AUC over the interval's length, at
   * steady state the dose that arrives over CL and tau.
   */
  CAVG("cavg", false),
  /**
   * Minimum concentration over the last dosing interval, from its dose on: the least of the values
   * at its points and of the interior minima located by root finding (a step whose slope turns from
   * - to +), so below the trough where a lag or a metabolite's delayed formation lets the
   * concentration fall on after the dose.
   */
  CMIN("cmin", false),
  /**
   * Hours above the output's threshold ({@code time_above} in the scenario) from 0 to the horizon,
   * the crossings located by root finding on the concentration; 0 for an output without one.
   */
  TIME_ABOVE("time_above", false),
  /** {@code time_above} as a fraction of the horizon. */
  FRACTION_ABOVE("fraction_above", false);

  /** Every metric, in order: values() copies its array on every call, a hot loop reads this. */
  public static final List<Metric> ALL = List.of(values());

  /** The number of metrics per output. */
  public static final int COUNT = ALL.size();

  private final String key;
  private final boolean area;

  Metric(String key, boolean area) {
    this.key = key;
    this.area = area;
  }

  /**
   * The metric named {@code key}.
   *
   * @param field the field the name came from, for the error message
   * @throws io.vpop.InvalidInputException for any other name
   */
  public static Metric fromKey(String key, String field) {
    for (Metric metric : values()) {
      if (metric.key.equals(key)) {
        return metric;
      }
    }
    throw new io.vpop.InvalidInputException(
        field,
        key,
        java.util.Arrays.stream(values())
            .map(Metric::key)
            .collect(java.util.stream.Collectors.joining(", ")));
  }

  /**
   * Whether it is measured only for outputs with a threshold ({@code time_above} in the scenario):
   * reports leave it out for the others.
   */
  public boolean needsThreshold() {
    return this == TIME_ABOVE || this == FRACTION_ABOVE;
  }

  /** The name used in reports, e.g. {@code auc_0_t}. */
  public String key() {
    return key;
  }

  /** The metric in words, for figure titles: e.g. {@code AUC(0-t)}, {@code Trough}. */
  public String title() {
    return switch (this) {
      case AUC_0_T -> "AUC(0-t)";
      case AUC_0_INF -> "AUC(0-inf)";
      case AUC_TAU -> "AUC over the last dosing interval";
      case CMAX -> "Cmax";
      case TMAX -> "Tmax";
      case TROUGH -> "Trough";
      case CAVG -> "Cavg over the last dosing interval";
      case CMIN -> "Cmin over the last dosing interval";
      case TIME_ABOVE -> "Time above the threshold";
      case FRACTION_ABOVE -> "Fraction of the time above the threshold";
    };
  }

  /**
   * The unit of this metric for an output in {@code outputUnit}: {@code ng/mL} gives {@code
   * ng*h/mL} for an AUC, {@code h} for tmax and time_above, {@code 1} for fraction_above and {@code
   * ng/mL} otherwise.
   */
  public String unit(String outputUnit) {
    if (this == TMAX || this == TIME_ABOVE) {
      return "h";
    }
    if (this == FRACTION_ABOVE) {
      return "1";
    }
    if (!area) {
      return outputUnit;
    }
    int slash = outputUnit.indexOf('/');
    return slash < 0
        ? outputUnit + "*h"
        : outputUnit.substring(0, slash) + "*h" + outputUnit.substring(slash);
  }
}
