package io.vpop.regimen;

import io.vpop.InvalidInputException;

/**
 * Zero-order IV infusions of one dose, repeated: administration {@code k} (0-based) runs from
 * {@code startH + k * intervalH} for {@code durationH} hours at the rate dose/duration. Times are
 * computed as {@code t0 + k * interval}, never by repeated addition, so the last dose of a long
 * regimen falls exactly where it should.
 *
 * @param dose the amount per administration
 * @param durationH infusion duration in h, &gt; 0 and at most the interval (and {@value
 *     #MAX_TIME_H})
 * @param startH time of the first administration in h, 0 to {@value #MAX_TIME_H}
 * @param intervalH time between starts in h, &gt; 0 when {@code count > 1}; 0 means "not repeated"
 * @param count number of administrations, 1 to {@value #MAX_COUNT}
 */
public record Infusion(Dose dose, double durationH, double startH, double intervalH, int count) {
  /** The latest time of a regimen or grid: 1,000,000 h, about 114 years. */
  public static final double MAX_TIME_H = 1e6;

  /** The most administrations of one regimen line: 10,000 (daily for 27 years). */
  public static final int MAX_COUNT = 10_000;

  public Infusion {
    if (!(durationH > 0) || Double.isInfinite(durationH)) {
      throw new InvalidInputException("duration_h", durationH, "a finite duration > 0 h");
    }
    if (!(startH >= 0) || Double.isInfinite(startH)) {
      throw new InvalidInputException("start_h", startH, "a finite time >= 0 h");
    }
    if (count < 1) {
      throw new InvalidInputException("count", count, "a whole number >= 1");
    }
    if (!(intervalH >= 0) || Double.isInfinite(intervalH)) {
      throw new InvalidInputException("interval_h", intervalH, "a finite interval >= 0 h");
    }
    // Beyond these a regimen outlasts any horizon a grid may have, or its schedule any memory.
    requireAtMostMaxTime("duration_h", durationH);
    requireAtMostMaxTime("start_h", startH);
    requireAtMostMaxTime("interval_h", intervalH);
    if (count > MAX_COUNT) {
      throw new InvalidInputException("count", count, "at most " + MAX_COUNT);
    }
    if (count > 1 && !(intervalH > 0)) {
      throw new InvalidInputException("interval_h", intervalH, "> 0 h when count > 1");
    }
    if (intervalH > 0 && !(intervalH >= durationH)) {
      throw new InvalidInputException(
          "interval_h", intervalH, "at least the infusion duration " + durationH + " h");
    }
  }

  private static void requireAtMostMaxTime(String field, double hours) {
    if (hours > MAX_TIME_H) {
      throw new InvalidInputException(field, hours, "at most " + (long) MAX_TIME_H + " h");
    }
  }

  /** The start of administration {@code k} in h. */
  public double startOf(int k) {
    return startH + k * intervalH;
  }

  /** The end of administration {@code k} in h. */
  public double endOf(int k) {
    return startOf(k) + durationH;
  }

  /** The start of the last administration in h. */
  public double lastStartH() {
    return startOf(count - 1);
  }
}
