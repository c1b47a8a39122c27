package io.vpop.solve;

import io.vpop.batch.Metric;
import java.util.Arrays;

/**
 * Accumulates the exposure metrics of one patient while a solver walks the timeline, in the order
 * the solver reaches each time: {@link #reset}, then {@link #atPoint} for every schedule point it
 * stops at, {@link #peakInside} / {@link #atPeak} for every step whose outputs turn from rising to
 * falling, {@link #minimumInside} / {@link #atMinimum} for every step of the last dosing interval
 * whose outputs turn from falling to rising, and {@link #finish}. Both solvers call the same hooks
 * in the same order, so they differ only in how the state is propagated.
 *
 * <p>AUCs come from the solver's exact integrals (closed form or carried), never from the output
 * grid. {@code cmax} is the largest value seen. {@code tmax} is the first time of the maximum,
 * where peaks that differ by less than {@value #TIE_TOLERANCE} (relative) count as equal: with
 * weekly doses the parent washes out completely, its peaks after each dose agree to 1e-10, and
 * which of them comes "first" must not depend on the last digits of a solver. One instance per
 * solver; allocates nothing after construction.
 */
final class MetricAccumulator {
  /** Peaks closer than this, relative, are one maximum for {@code tmax}. */
  static final double TIE_TOLERANCE = 1e-7;

  private final int outputs;
  private final double[] cmax;
  private final double[] tmax;
  private final double[] valueAtTmax;
  private final double[] integralAtLastIntervalStart;
  private final double[] aucTau;
  private final double[] trough;
  private final double[] cavg;
  private final double[] cmin;
  private final double[] threshold;
  private final double[] timeAbove;
  private final double horizon;
  private double gridCheck;

  /**
   * @param schedule the timeline: its horizon, and each output's threshold for the time above it
   *     ({@link Schedule#threshold})
   */
  MetricAccumulator(int outputs, Schedule schedule) {
    this.outputs = outputs;
    this.threshold = new double[outputs];
    for (int k = 0; k < outputs; k++) {
      threshold[k] = schedule.threshold(k);
    }
    this.timeAbove = new double[outputs];
    this.horizon = schedule.time(schedule.points() - 1);
    this.cmax = new double[outputs];
    this.tmax = new double[outputs];
    this.valueAtTmax = new double[outputs];
    this.integralAtLastIntervalStart = new double[outputs];
    this.aucTau = new double[outputs];
    this.trough = new double[outputs];
    this.cavg = new double[outputs];
    this.cmin = new double[outputs];
  }

  /** Starts a patient. */
  void reset() {
    Arrays.fill(cmax, Double.NEGATIVE_INFINITY);
    Arrays.fill(tmax, 0.0);
    Arrays.fill(valueAtTmax, Double.NEGATIVE_INFINITY);
    Arrays.fill(integralAtLastIntervalStart, Double.NaN);
    Arrays.fill(aucTau, Double.NaN);
    Arrays.fill(trough, Double.NaN);
    Arrays.fill(cavg, Double.NaN);
    Arrays.fill(cmin, Double.POSITIVE_INFINITY);
    Arrays.fill(timeAbove, 0.0);
    gridCheck = 0;
  }

  /**
   * The state at schedule point {@code p}: a candidate maximum, a bound of the last interval, and
   * an output time whose values go into the result.
   *
   * @param values output values at the point, from {@code values[offset]} on
   * @param integrals output integrals from 0 to the point
   */
  void atPoint(
      Schedule schedule,
      int p,
      double[] values,
      int offset,
      double[] integrals,
      PatientResult result) {
    double t = schedule.time(p);
    int g = schedule.gridIndexAt(p);
    if (g >= 0 && result.keepsProfile()) {
      for (int k = 0; k < outputs; k++) {
        double value = values[offset + k];
        result.concentrations[result.index(k, g)] = value;
        gridCheck += 0 * value;
      }
    }
    for (int k = 0; k < outputs; k++) {
      candidate(k, t, values[offset + k]);
    }
    if (p >= schedule.lastIntervalStart() && p <= schedule.lastIntervalEnd()) {
      for (int k = 0; k < outputs; k++) {
        cmin[k] = Math.min(cmin[k], values[offset + k]);
      }
    }
    if (p == schedule.lastIntervalStart()) {
      System.arraycopy(integrals, 0, integralAtLastIntervalStart, 0, outputs);
    }
    if (p == schedule.lastIntervalEnd()) {
      double tau = t - schedule.time(schedule.lastIntervalStart());
      for (int k = 0; k < outputs; k++) {
        aucTau[k] = integrals[k] - integralAtLastIntervalStart[k];
        trough[k] = values[offset + k];
        cavg[k] = aucTau[k] / tau;
      }
    }
  }

  /**
   * Whether an output has a maximum inside a step: it rises at the start (slope d0 &gt; 0) and
   * falls at the end (d1 &lt; 0). Every such step is searched: no cheaper bound is safe where the
   * curve is convex (a metabolite's rise, any decay). A rise and fall that both happen inside one
   * step show no sign change at its ends and are not seen; steps no longer than the output grid's
   * spacing make that a matter of the grid the user chose.
   */
  static boolean peakInside(double d0, double d1) {
    return d0 > 0 && d1 < 0;
  }

  /**
   * The values at point {@code p} just before the boluses given there: inside the last dosing
   * interval (after its start, whose own dose begins it), the least value before another line's
   * bolus may be the one just before it.
   */
  void beforeBolus(Schedule schedule, int p, double[] values, int offset) {
    if (p > schedule.lastIntervalStart() && p <= schedule.lastIntervalEnd()) {
      for (int k = 0; k < outputs; k++) {
        cmin[k] = Math.min(cmin[k], values[offset + k]);
      }
    }
  }

  /**
   * Whether an output has a minimum inside a step: it falls at the start (slope d0 &lt; 0) and
   * rises at the end (d1 &gt; 0), the mirror of {@link #peakInside}. Only the steps of the last
   * dosing interval are searched, for {@code cmin}.
   */
  static boolean minimumInside(double d0, double d1) {
    return d0 < 0 && d1 > 0;
  }

  /**
   * Whether every grid value written since {@link #reset} is finite: 0 times a finite value is 0,
   * times an infinite or NaN one NaN, so their sum stays exactly 0 until one is not finite (no
   * branch per value, and no second pass over the profile, whose values lie a batch apart).
   */
  boolean gridFinite() {
    return gridCheck == 0;
  }

  /** An interior maximum of output {@code k} located by a solver. */
  void atPeak(int k, double t, double value) {
    candidate(k, t, value);
  }

  /** An interior minimum of output {@code k} in the last dosing interval, located by a solver. */
  void atMinimum(int k, double value) {
    cmin[k] = Math.min(cmin[k], value);
  }

  /** Whether some output has a threshold. */
  boolean anyThreshold() {
    for (int k = 0; k < outputs; k++) {
      if (hasThreshold(k)) {
        return true;
      }
    }
    return false;
  }

  /** Whether output k has a threshold whose time above it is measured. */
  boolean hasThreshold(int k) {
    return threshold[k] != Double.POSITIVE_INFINITY;
  }

  /** Output k's threshold, in its unit ({@code +Infinity} where it has none). */
  double threshold(int k) {
    return threshold[k];
  }

  /** Hours in which output k lies above its threshold. */
  void addTimeAbove(int k, double hours) {
    timeAbove[k] += hours;
  }

  /** Whether a monotone piece from {@code ya} to {@code yb} crosses {@code level}. */
  static boolean crosses(double ya, double yb, double level) {
    return (ya > level) != (yb > level);
  }

  /**
   * The hours of a monotone piece [a, b] from {@code ya} spent above {@code level}: all or none of
   * it, or up to or from the crossing {@code at} where it {@link #crosses} (NaN where it does not).
   */
  static double timeAbove(double a, double b, double ya, double level, double at) {
    if (at == at) {
      return ya > level ? at - a : b - at;
    }
    return ya > level ? b - a : 0;
  }

  /**
   * Whether an output with a threshold crosses it between the values at two points (of a run in
   * which every output falls), from {@code values[offset]} on in each.
   */
  boolean crossesThreshold(double[] start, double[] end, int offset) {
    for (int k = 0; k < outputs; k++) {
      if (hasThreshold(k) && crosses(start[offset + k], end[offset + k], threshold[k])) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds the hours of a run that crosses no threshold to the time above of the outputs above theirs
   * at its start.
   */
  void addRunAbove(double[] start, int offset, double hours) {
    for (int k = 0; k < outputs; k++) {
      if (start[offset + k] > threshold[k]) {
        timeAbove[k] += hours;
      }
    }
  }

  private void candidate(int k, double t, double value) {
    cmax[k] = Math.max(cmax[k], value);
    if (value > valueAtTmax[k] * (1 + TIE_TOLERANCE)) {
      valueAtTmax[k] = value;
      tmax[k] = t;
    }
  }

  /**
   * Writes the metrics.
   *
   * @param integrals output integrals from 0 to the horizon
   * @param tails output integrals from the horizon to infinity ({@link DecayTail})
   */
  void finish(double[] integrals, double[] tails, PatientResult result) {
    for (int k = 0; k < outputs; k++) {
      int base = k * Metric.COUNT;
      result.metrics[base + Metric.AUC_0_T.ordinal()] = integrals[k];
      result.metrics[base + Metric.AUC_0_INF.ordinal()] = integrals[k] + tails[k];
      result.metrics[base + Metric.AUC_TAU.ordinal()] = aucTau[k];
      result.metrics[base + Metric.CMAX.ordinal()] = cmax[k];
      result.metrics[base + Metric.TMAX.ordinal()] = tmax[k];
      result.metrics[base + Metric.TROUGH.ordinal()] = trough[k];
      result.metrics[base + Metric.CAVG.ordinal()] = cavg[k];
      result.metrics[base + Metric.CMIN.ordinal()] = cmin[k];
      result.metrics[base + Metric.TIME_ABOVE.ordinal()] = timeAbove[k];
      result.metrics[base + Metric.FRACTION_ABOVE.ordinal()] = timeAbove[k] / horizon;
    }
  }
}
