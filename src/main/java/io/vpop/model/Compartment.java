package io.vpop.model;

/**
 * A well-stirred compartment holding one analyte.
 *
 * @param name unique in the model
 * @param analyte the name of the analyte it holds
 * @param volumeParameter the parameter giving its volume in L, or null for a compartment of amounts
 *     only (a depot: no concentration, and no flow out of it by a clearance)
 */
public record Compartment(String name, String analyte, String volumeParameter) {
  /** Whether it has a volume, so concentrations and clearances apply to it. */
  public boolean hasVolume() {
    return volumeParameter != null;
  }
}
