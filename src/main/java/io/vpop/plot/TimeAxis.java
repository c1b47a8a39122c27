package io.vpop.plot;

import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;

/**
 * The time axis of concentration-time figures, with ticks at round values: hours at 1-24 h steps up
 * to {@value #LONGEST_IN_HOURS_H} h, beyond that days at 2-day steps up to 24 days, then 7-day
 * steps (or multiples of 7 days), so that a weekly regimen's doses fall on ticks.
 *
 * @param hoursPerUnit 1 for an axis in hours, 24 for one in days
 * @param step the tick spacing in the axis's unit
 */
record TimeAxis(double hoursPerUnit, double step) {
  /** Horizons up to 12 days are shown in hours (at most 12 ticks of 24 h). */
  static final double LONGEST_IN_HOURS_H = 288;

  private static final double[] HOUR_STEPS = {1, 2, 3, 4, 6, 12, 24};
  private static final double[] DAY_STEPS = {2, 7, 14, 28, 56, 84, 182, 364, 728, 1820, 3640};
  private static final double MOST_INTERVALS = 12;

  /** The axis for a grid ending at {@code endH} hours. */
  static TimeAxis of(double endH) {
    boolean hours = endH <= LONGEST_IN_HOURS_H;
    double end = hours ? endH : endH / 24;
    double[] steps = hours ? HOUR_STEPS : DAY_STEPS;
    double step = steps[steps.length - 1];
    for (double candidate : steps) {
      if (end / candidate <= MOST_INTERVALS) {
        step = candidate;
        break;
      }
    }
    return new TimeAxis(hours ? 1 : 24, step);
  }

  /** A time in hours in the axis's unit. */
  double x(double hours) {
    return hours / hoursPerUnit;
  }

  /** The axis from 0 to {@code endH}, titled in words with its unit. */
  NumberAxis axis(double endH) {
    NumberAxis axis = Theme.linear(hoursPerUnit == 1 ? "Time (h)" : "Time (days)");
    axis.setRange(0, x(endH));
    axis.setTickUnit(new NumberTickUnit(step, Theme.numbers()));
    return axis;
  }
}
