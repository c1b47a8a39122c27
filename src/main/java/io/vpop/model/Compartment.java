package io.vpop.model;

/**
 * A well-stirred compartment holding one analyte.
 *
 * @param name unique in the model
 * @param analyte the name of the analyte it holds
 * @param volumeParameter the parameter giving its volume in L, or null for a compartment of amounts
 *     only (a depot: no concentration, and no flow out of it by a clearance)
 * @param bioavailabilityParameter the parameter giving the fraction of each dose into it that
 *     reaches it (F, in (0, 1]), or null for all of it
 * @param lagParameter the parameter giving the lag time of each dose into it (ALAG, in h: a dose
 *     given at t arrives at t + ALAG), or null for none; it may vary between patients
 */
public record Compartment(
    String name,
    String analyte,
    String volumeParameter,
    String bioavailabilityParameter,
    String lagParameter) {
  /** Whether it has a volume, so concentrations and clearances apply to it. */
  public boolean hasVolume() {
    return volumeParameter != null;
  }
}
