package io.vpop.model;

/**
 * How the parameter of a first-order flow gives its rate: a clearance CL (L/h), whose flux from a
 * compartment is CL * C = (CL / V) * A, or a rate constant k (1/h), whose flux is k * A.
 */
public enum FlowRate {
  CLEARANCE("clearance", "L/h"),
  RATE_CONSTANT("rate_constant", "1/h");

  private final String key;
  private final String unit;

  FlowRate(String key, String unit) {
    this.key = key;
    this.unit = unit;
  }

  /** The field a model file names the parameter in. */
  public String key() {
    return key;
  }

  /** The parameter's unit. */
  public String unit() {
    return unit;
  }
}
