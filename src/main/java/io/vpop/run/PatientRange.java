package io.vpop.run;

/**
 * The patients [first, end) of a population, by their 0-based run-wide index: patient i depends
 * only on the seed and i, so any range can be run apart from the others.
 *
 * @param first the first index
 * @param end one past the last index
 */
public record PatientRange(long first, long end) {
  public PatientRange {
    if (first < 0 || end < first) {
      throw new IllegalArgumentException("patients [" + first + ", " + end + ")");
    }
  }

  /** The first {@code patients} patients: [0, patients). */
  public static PatientRange of(long patients) {
    return new PatientRange(0, patients);
  }

  /** The number of patients. */
  public long size() {
    return end - first;
  }
}
