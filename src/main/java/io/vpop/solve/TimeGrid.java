package io.vpop.solve;

import io.vpop.InvalidInputException;
import io.vpop.regimen.DoseLine;
import java.util.Arrays;

/**
 * The output times at which concentrations are reported, in h. The simulation runs from 0 to the
 * last grid time (the horizon).
 */
public final class TimeGrid {
  private final double[] timesH;

  private TimeGrid(double[] timesH) {
    this.timesH = timesH;
  }

  /**
   * Times {@code k * stepH} for k = 0, 1, ... up to {@code endH}; {@code endH} itself is the last
   * time even when it is not a multiple of the step. Computed by multiplication, never by repeated
   * addition.
   *
   * @throws InvalidInputException if {@code endH} or {@code stepH} is not &gt; 0, or the grid would
   *     exceed {@value #MAX_POINTS} points
   */
  public static TimeGrid uniform(double endH, double stepH) {
    if (!(endH > 0) || Double.isInfinite(endH)) {
      throw new InvalidInputException("time_grid.end_h", endH, "a finite time > 0 h");
    }
    if (endH > DoseLine.MAX_TIME_H) {
      throw new InvalidInputException(
          "time_grid.end_h", endH, "at most " + (long) DoseLine.MAX_TIME_H + " h");
    }
    if (!(stepH > 0) || Double.isInfinite(stepH)) {
      throw new InvalidInputException("time_grid.step_h", stepH, "a finite step > 0 h");
    }
    if (stepH > DoseLine.MAX_TIME_H) {
      throw new InvalidInputException(
          "time_grid.step_h", stepH, "at most " + (long) DoseLine.MAX_TIME_H + " h");
    }
    if (!(endH >= stepH)) {
      throw new InvalidInputException(
          "time_grid.end_h", endH, "at least the grid step " + stepH + " h");
    }
    double steps = endH / stepH;
    if (!(steps + 2 <= MAX_POINTS)) {
      throw new InvalidInputException(
          "time_grid.step_h",
          stepH,
          "a step giving at most " + MAX_POINTS + " points up to " + endH + " h");
    }
    long whole = Math.round(steps);
    boolean exact = Math.abs(steps - whole) <= 1e-9 * Math.max(1, steps);
    long count = exact ? whole : (long) Math.floor(steps);
    double[] times = new double[(int) count + (exact ? 1 : 2)];
    for (int k = 0; k <= count; k++) {
      times[k] = k * stepH;
    }
    times[times.length - 1] = endH;
    return new TimeGrid(times);
  }

  /**
   * Listed times: 0 h first, then increasing, the last the horizon (the times of simulated
   * observations; {@link #uniform} is the output grid).
   *
   * @throws IllegalArgumentException if the times do not start at 0 or do not increase
   */
  public static TimeGrid of(double[] timesH) {
    if (timesH.length < 2 || timesH[0] != 0) {
      throw new IllegalArgumentException("a grid starts at 0 h and has two times or more");
    }
    for (int i = 1; i < timesH.length; i++) {
      if (!(timesH[i] > timesH[i - 1])) {
        throw new IllegalArgumentException("grid times must increase: " + Arrays.toString(timesH));
      }
    }
    return new TimeGrid(timesH.clone());
  }

  /** The most points a grid may have. */
  public static final int MAX_POINTS = 100_001;

  /** The number of output times. */
  public int size() {
    return timesH.length;
  }

  /** Output time {@code i} in h. */
  public double time(int i) {
    return timesH[i];
  }

  /** The horizon: the last output time, in h. */
  public double endH() {
    return timesH[timesH.length - 1];
  }

  /** The largest distance between consecutive output times, in h. */
  public double maxStepH() {
    double max = 0;
    for (int i = 1; i < timesH.length; i++) {
      max = Math.max(max, timesH[i] - timesH[i - 1]);
    }
    return max;
  }

  /** A copy of the times. */
  public double[] times() {
    return Arrays.copyOf(timesH, timesH.length);
  }
}
