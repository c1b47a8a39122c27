package io.vpop.regimen;

import io.vpop.InvalidInputException;
import io.vpop.Numbers;

/**
 * One line of a regimen: administrations of one dose, repeated. Administration {@code k} (0-based)
 * starts at {@code startH + k * intervalH}; a zero-order infusion runs from there for {@code
 * durationH} hours at the rate dose/duration into its compartment, a bolus puts the whole amount
 * into its compartment at once (into a depot, an oral dose). Times are computed as {@code t0 + k *
 * interval}, never by repeated addition, so the last dose of a long regimen falls exactly where it
 * should.
 *
 * @param dose the amount per administration
 * @param route how it is given
 * @param durationH infusion duration in h, &gt; 0 and at most the interval (and {@value
 *     #MAX_TIME_H}); 0 for a bolus; for a line given by its rate, the amount over the rate, or NaN
 *     where the amount scales with the patient (mg/kg, mg/m2): then each patient's infusion lasts
 *     its own amount over the rate ({@link #durationFor})
 * @param startH time of the first administration in h, 0 to {@value #MAX_TIME_H}
 * @param intervalH time between starts in h, &gt; 0 when {@code count > 1}; 0 means "not repeated"
 * @param count number of administrations, 1 to {@value #MAX_COUNT}
 * @param compartment the compartment its doses go into, or null for the model's dosing compartment
 *     (every infusion of a regimen into the same one, {@link Regimen})
 * @param steadyState whether the patient starts at the periodic steady state of this line: as if
 *     its administrations had been given at -interval, -2 interval, ... forever (NONMEM's SS=1 on
 *     the first dose record, but with the exact periodic state of the linear system, not a
 *     simulated approach to it); needs a start at 0 h and an interval &gt; 0
 * @param rateMgPerH the infusion rate in mg/h where the line is given by its rate ({@link
 *     #atRate}), NaN where by its duration
 */
public record DoseLine(
    Dose dose,
    Route route,
    double durationH,
    double startH,
    double intervalH,
    int count,
    String compartment,
    boolean steadyState,
    double rateMgPerH) {
  /** How a line's amount is given. */
  public enum Route {
    /** Zero-order, over the line's duration. */
    INFUSION,
    /** All at once. */
    BOLUS
  }

  /** The latest time of a regimen or grid: 1,000,000 h, about 114 years. */
  public static final double MAX_TIME_H = 1e6;

  /** The most administrations of one regimen line: 10,000 (daily for 27 years). */
  public static final int MAX_COUNT = 10_000;

  /** Zero-order infusions into the model's dosing compartment. */
  public DoseLine(Dose dose, double durationH, double startH, double intervalH, int count) {
    this(dose, Route.INFUSION, durationH, startH, intervalH, count, null, false);
  }

  /** A line given by its duration (a bolus, or an infusion over {@code durationH}). */
  public DoseLine(
      Dose dose,
      Route route,
      double durationH,
      double startH,
      double intervalH,
      int count,
      String compartment,
      boolean steadyState) {
    this(dose, route, durationH, startH, intervalH, count, compartment, steadyState, Double.NaN);
  }

  /**
   * Zero-order infusions at a fixed rate: each lasts the amount over the rate, which for a dose in
   * mg/kg or mg/m2 is each patient's own time ({@link #durationFor}).
   *
   * @param compartment the compartment the infusions go into, or null for the dosing compartment
   * @throws InvalidInputException naming {@code rate_mg_per_h} if the rate is not a finite number
   *     &gt; 0
   */
  public static DoseLine atRate(
      Dose dose,
      double rateMgPerH,
      double startH,
      double intervalH,
      int count,
      String compartment,
      boolean steadyState) {
    if (!(rateMgPerH > 0) || Double.isInfinite(rateMgPerH)) {
      throw new InvalidInputException("rate_mg_per_h", rateMgPerH, "a finite rate > 0 mg/h");
    }
    double durationH =
        dose.unit() == DoseUnit.MG
            ? Math.min(dose.amount(), dose.capMg()) / rateMgPerH
            : Double.NaN;
    return new DoseLine(
        dose,
        Route.INFUSION,
        durationH,
        startH,
        intervalH,
        count,
        compartment,
        steadyState,
        rateMgPerH);
  }

  /** Whether the line is given by its rate ({@link #atRate}) rather than its duration. */
  public boolean byRate() {
    return !Double.isNaN(rateMgPerH);
  }

  /**
   * How long each administration of {@code doseMg} lasts, in h: the amount over the rate for a line
   * given by its rate, else the line's duration (0 for a bolus).
   */
  public double durationFor(double doseMg) {
    return byRate() ? doseMg / rateMgPerH : durationH;
  }

  /**
   * Whether each patient's infusion lasts its own time whatever the amount: a rate with a dose in
   * mg/kg or mg/m2 ({@link #durationH} is NaN).
   */
  public boolean durationScales() {
    return byRate() && dose.unit() != DoseUnit.MG;
  }

  /**
   * Boluses into a compartment.
   *
   * @param compartment the compartment's name, or null for the model's dosing compartment
   */
  public static DoseLine bolus(
      Dose dose, double startH, double intervalH, int count, String compartment) {
    return new DoseLine(dose, Route.BOLUS, 0, startH, intervalH, count, compartment, false);
  }

  public DoseLine {
    if (route == Route.BOLUS && durationH != 0) {
      throw new InvalidInputException(
          "duration_h", durationH, "no duration for a bolus (route: bolus is given at once)");
    }
    boolean scales = !Double.isNaN(rateMgPerH) && dose.unit() != DoseUnit.MG;
    if (scales != Double.isNaN(durationH)) {
      throw new IllegalArgumentException(
          "duration " + durationH + " h for a rate " + rateMgPerH + " mg/h of " + dose);
    }
    if (route == Route.INFUSION && !scales && (!(durationH > 0) || Double.isInfinite(durationH))) {
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
    // Where each patient's infusion lasts its own time, the schedule checks each patient's.
    if (intervalH > 0 && !scales && !(intervalH >= durationH)) {
      throw new InvalidInputException(
          "interval_h", intervalH, "at least the infusion duration " + durationH + " h");
    }
    if (steadyState && !(intervalH > 0)) {
      throw new InvalidInputException(
          "interval_h", intervalH, "> 0 h for a steady-state line (its dosing interval)");
    }
    if (steadyState && startH != 0) {
      throw new InvalidInputException(
          "start_h",
          startH,
          "0 h for a steady-state line (the patient starts at its steady state, at its first dose)");
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

  /**
   * The same line with another amount per administration: at the same rate, for a line given by its
   * rate (so the infusion lasts the new amount over it).
   */
  public DoseLine withDose(Dose newDose) {
    if (byRate()) {
      return atRate(newDose, rateMgPerH, startH, intervalH, count, compartment, steadyState);
    }
    return new DoseLine(
        newDose, route, durationH, startH, intervalH, count, compartment, steadyState);
  }

  /** The same line with the patient starting at its steady state. */
  public DoseLine atSteadyState() {
    return new DoseLine(
        dose, route, durationH, startH, intervalH, count, compartment, true, rateMgPerH);
  }

  /** Whether it is given at once. */
  public boolean bolus() {
    return route == Route.BOLUS;
  }

  /**
   * How each administration is given, in words: {@code over 0.5 h} for an infusion, {@code at 50
   * mg/h (over 0.5 h)} for one given by its rate ({@code at 50 mg/h} where each patient's time is
   * its own), {@code as a bolus} for a bolus; {@code into depot} after any of them where the line
   * names its compartment, {@code , from steady state} where it starts at steady state.
   */
  public String administration() {
    String into = compartment == null ? "" : " into " + compartment;
    String given;
    if (bolus()) {
      given = "as a bolus" + into;
    } else if (durationScales()) {
      given = "at " + Numbers.significant(rateMgPerH) + " mg/h" + into;
    } else if (byRate()) {
      given =
          "at "
              + Numbers.significant(rateMgPerH)
              + " mg/h (over "
              + Numbers.significant(durationH)
              + " h)"
              + into;
    } else {
      given = "over " + Numbers.significant(durationH) + " h" + into;
    }
    return steadyState ? given + ", from steady state" : given;
  }

  /** The start of the last administration in h. */
  public double lastStartH() {
    return startOf(count - 1);
  }
}
