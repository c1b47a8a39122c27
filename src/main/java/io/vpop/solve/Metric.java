package io.vpop.solve;

/**
 * The exposure metrics computed for every output in the same pass as the concentrations.
 *
 * <p>AUCs are integrated exactly (closed form, or an extra state of the ODE), never by trapezoids
 * on the output grid. {@code cmax}/{@code tmax} are a true maximum over the horizon: the ends of
 * infusions are candidates, and so is every interior point where the derivative of the output
 * changes sign from + to -, located by root finding. The first time the maximum is reached is
 * reported.
 */
public enum Metric {
  /** Area under the curve from 0 to the end of the simulation. */
  AUC_0_T("auc_0_t", true),
  /** Area under the curve over the last dosing interval. */
  AUC_TAU("auc_tau", true),
  /** Maximum concentration over the simulation. */
  CMAX("cmax", false),
  /** Time of the maximum, in h. */
  TMAX("tmax", false),
  /** Concentration at the end of the last dosing interval. */
  TROUGH("trough", false);

  private final String key;
  private final boolean area;

  Metric(String key, boolean area) {
    this.key = key;
    this.area = area;
  }

  /** The name used in reports, e.g. {@code auc_0_t}. */
  public String key() {
    return key;
  }

  /**
   * The unit of this metric for an output in {@code outputUnit}: {@code ng/mL} gives {@code
   * ng*h/mL} for an AUC, {@code h} for tmax and {@code ng/mL} otherwise.
   */
  public String unit(String outputUnit) {
    if (this == TMAX) {
      return "h";
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
