package io.vpop.validate;

/**
 * One row of the validation: a published figure beside the simulated one.
 *
 * @param quantity what is compared, with its unit
 * @param scenario the dose and conditions
 * @param published the published value (NaN when the reference gives none: an extrapolation)
 * @param source the source tag and where it comes from
 * @param simulated the model's value (the typical patient, or the population statistic named in
 *     quantity)
 * @param population for population figures, the simulated median and 90 % interval, else empty
 * @param tolerance the relative difference allowed (NaN for rows that are not judged)
 * @param why why that tolerance, or why the row is not judged
 * @param byConstruction whether the figure was used to derive a parameter (matching it is no
 *     evidence)
 * @param knownMiss whether the model is known to miss it (a documented limit, shown, not hidden)
 */
public record Check(
    String quantity,
    String scenario,
    double published,
    String source,
    double simulated,
    String population,
    double tolerance,
    String why,
    boolean byConstruction,
    boolean knownMiss) {

  /** The outcome of a row. */
  public enum Outcome {
    PASS,
    FAIL,
    KNOWN_MISS,
    NOT_JUDGED
  }

  /** Simulated relative to published, minus 1; NaN without a published value. */
  public double relativeDifference() {
    return simulated / published - 1;
  }

  public Outcome outcome() {
    if (Double.isNaN(published) || Double.isNaN(tolerance)) {
      return Outcome.NOT_JUDGED;
    }
    boolean within = Math.abs(relativeDifference()) <= tolerance;
    if (knownMiss) {
      return within ? Outcome.PASS : Outcome.KNOWN_MISS;
    }
    return within ? Outcome.PASS : Outcome.FAIL;
  }
}
