package io.vpop.solve;

import io.vpop.InvalidInputException;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.Regimen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The timeline both solvers walk, shared by every patient of a run (only dose amounts differ
 * between patients): the sorted union of the output times, every infusion start and end, every
 * bolus, and the bounds of the last dosing interval. Between two consecutive points the infusion
 * input is constant; a bolus is given at its point, before the point's values are recorded.
 *
 * <p>A regimen line may have a lag time (its compartment's ALAG): each of its doses arrives that
 * long after the time the regimen gives it. An infusion given by its rate lasts the amount over the
 * rate. Where the lag or the duration differs between patients (a lag with variability, a rate with
 * a dose in mg/kg or mg/m2 or from a population table), each patient has a schedule of its own
 * ({@link #withTiming}). The last dosing interval (of trough, AUC over tau and Cavg) keeps the
 * nominal dose times, as a trough is drawn before the next dose is given.
 *
 * <p>Points closer than {@value #MERGE_TOLERANCE_H} h (relative to max(1, t)) are one point, so
 * rounding in a grid step never creates a sliver of a segment. Immutable and thread-safe.
 */
public final class Schedule {
  /**
   * Segment lengths this many ulps apart share one propagator: grid times k * step differ from the
   * step by rounding, and a propagator for a length a few ulps off is exact to rounding.
   */
  static final int SAME_LENGTH_ULPS = 8;

  /** Two times closer than this (times max(1, t)) are the same point, in h. */
  static final double MERGE_TOLERANCE_H = 1e-9;

  private final Regimen regimen;
  private final TimeGrid grid;
  private final double[] points;
  private final int[] gridIndexAtPoint;
  private final boolean[] stop;
  private final long[] activeLines;
  private final long[] bolusLines;
  private final String[] compartments;
  private final double[] durations;
  private final boolean[] durationsVary;
  private final double[] lagsH;
  private final double[] thresholds;
  private final double[] steadyStateIntervals;
  private final boolean startsAtSteadyState;
  private final int[] lengthIndex;
  private final int[] runEnd;
  private final double[] distinctLengths;
  private final int commonLength;
  private final int[] halvings;
  private final int lastIntervalStart;
  private final int lastIntervalEnd;

  /**
   * A schedule of doses that arrive when they are given (no lag time).
   *
   * @throws InvalidInputException if the grid ends before the end of the last dosing interval
   */
  public Schedule(Regimen regimen, TimeGrid grid) {
    this(regimen, grid, new double[regimen.lines().size()]);
  }

  /**
   * @param lagsH each regimen line's lag time in h (>= 0): its doses arrive that much later
   * @throws InvalidInputException if the grid ends before the end of the last dosing interval or
   *     before a lagged dose arrives, or if a repeated line's lag (plus its infusion) does not end
   *     before its next dose
   */
  public Schedule(Regimen regimen, TimeGrid grid, double[] lagsH) {
    this(regimen, grid, lagsH, new double[0]);
  }

  /**
   * @param lagsH each regimen line's lag time in h (>= 0): its doses arrive that much later
   * @param thresholds each output's threshold for the time above it, in its unit ({@code +Infinity}
   *     for none), or no entries where no output has one
   * @throws InvalidInputException as {@link #Schedule(Regimen, TimeGrid, double[])}
   * @throws IllegalArgumentException for a line whose duration is each patient's own ({@link
   *     DoseLine#durationScales}): its durations come from the constructor that takes them
   */
  public Schedule(Regimen regimen, TimeGrid grid, double[] lagsH, double[] thresholds) {
    this(
        regimen,
        grid,
        lagsH,
        regimen.lines().stream().mapToDouble(DoseLine::durationH).toArray(),
        new boolean[regimen.lines().size()],
        thresholds);
  }

  /**
   * @param lagsH each regimen line's lag time in h (>= 0): its doses arrive that much later
   * @param durationsH each regimen line's infusion duration in h (finite and > 0; 0 for a bolus):
   *     the line's own, or for a line given by its rate, a patient's amount over the rate
   * @param durationsVary for each line, whether its duration differs between patients ({@link
   *     #patientDuration}): a rate with a dose in mg/kg or mg/m2 or from a population table
   * @param thresholds each output's threshold for the time above it, in its unit ({@code +Infinity}
   *     for none), or no entries where no output has one
   * @throws InvalidInputException as {@link #Schedule(Regimen, TimeGrid, double[])}, or if a
   *     repeated line's infusion outlasts its interval
   */
  public Schedule(
      Regimen regimen,
      TimeGrid grid,
      double[] lagsH,
      double[] durationsH,
      boolean[] durationsVary,
      double[] thresholds) {
    this.regimen = regimen;
    this.grid = grid;
    this.thresholds = thresholds.clone();
    List<DoseLine> lines = regimen.lines();
    if (lagsH.length != lines.size()
        || durationsH.length != lines.size()
        || durationsVary.length != lines.size()) {
      throw new IllegalArgumentException(
          lagsH.length
              + " lag times, "
              + durationsH.length
              + " durations and "
              + durationsVary.length
              + " flags for "
              + lines.size()
              + " lines");
    }
    this.lagsH = lagsH.clone();
    this.durations = durationsH.clone();
    this.durationsVary = durationsVary.clone();
    double horizon = grid.endH();
    double[] lastInterval = regimen.lastInterval(horizon);
    if (!(lastInterval[0] < horizon)) {
      throw new InvalidInputException(
          "time_grid.end_h",
          horizon,
          "later than " + lastInterval[0] + " h, the start of the last administration");
    }
    if (lastInterval[1] > horizon * (1 + MERGE_TOLERANCE_H)) {
      throw new InvalidInputException(
          "time_grid.end_h",
          horizon,
          ">= " + lastInterval[1] + " h, the end of the last dosing interval (its trough)");
    }
    List<Double> events = new ArrayList<>();
    events.add(0.0);
    events.add(horizon);
    events.add(lastInterval[0]);
    events.add(lastInterval[1]);
    for (int l = 0; l < lines.size(); l++) {
      DoseLine line = lines.get(l);
      double lag = lagsH[l];
      requireTimingFits(l, line, lag, durations[l], durationsVary[l], horizon);
      for (int k = 0; k < line.count() && line.startOf(k) + lag < horizon; k++) {
        events.add(line.startOf(k) + lag);
        if (!line.bolus()) {
          events.add(Math.min(line.startOf(k) + durations[l] + lag, horizon));
        }
      }
    }
    double[] all = new double[events.size() + grid.size()];
    for (int i = 0; i < events.size(); i++) {
      all[i] = events.get(i);
    }
    for (int i = 0; i < grid.size(); i++) {
      all[events.size() + i] = grid.time(i);
    }
    Arrays.sort(all);
    double[] merged = new double[all.length];
    int count = 0;
    for (double t : all) {
      if (count == 0 || !same(t, merged[count - 1])) {
        merged[count++] = t;
      }
    }
    this.points = Arrays.copyOf(merged, count);

    this.gridIndexAtPoint = new int[count];
    Arrays.fill(gridIndexAtPoint, -1);
    for (int i = 0; i < grid.size(); i++) {
      gridIndexAtPoint[indexOf(grid.time(i))] = i;
    }
    this.stop = new boolean[count];
    for (double t : events) {
      stop[indexOf(t)] = true;
    }
    for (int l = 0; l < lines.size(); l++) {
      DoseLine line = lines.get(l);
      double lag = lagsH[l];
      for (int k = 0; k < line.count() && line.startOf(k) + lag < horizon && !line.bolus(); k++) {
        if (indexOf(line.startOf(k) + lag)
            == indexOf(Math.min(line.startOf(k) + durations[l] + lag, horizon))) {
          throw new InvalidInputException(
              "duration_h",
              durations[l],
              "a duration that ends after it starts at "
                  + line.startOf(k)
                  + " h (more than "
                  + MERGE_TOLERANCE_H * Math.max(1, line.startOf(k))
                  + " h)");
        }
      }
    }
    this.lastIntervalStart = indexOf(lastInterval[0]);
    this.lastIntervalEnd = indexOf(lastInterval[1]);

    this.steadyStateIntervals =
        lines.stream().mapToDouble(line -> line.steadyState() ? line.intervalH() : 0).toArray();
    this.startsAtSteadyState = lines.stream().anyMatch(DoseLine::steadyState);
    this.compartments = lines.stream().map(DoseLine::compartment).toArray(String[]::new);
    this.bolusLines = new long[count];
    for (int line = 0; line < lines.size(); line++) {
      DoseLine dosing = lines.get(line);
      double lag = lagsH[line];
      for (int k = 0;
          k < dosing.count() && dosing.startOf(k) + lag < horizon && dosing.bolus();
          k++) {
        bolusLines[indexOf(dosing.startOf(k) + lag)] |= 1L << line;
      }
    }
    this.activeLines = new long[count - 1];
    this.lengthIndex = new int[count - 1];
    List<Double> lengths = new ArrayList<>();
    for (int s = 0; s < count - 1; s++) {
      double middle = 0.5 * (points[s] + points[s + 1]);
      for (int line = 0; line < lines.size(); line++) {
        if (infusing(lines.get(line), durations[line], middle - lagsH[line])) {
          activeLines[s] |= 1L << line;
        }
      }
      double length = points[s + 1] - points[s];
      int index = -1;
      for (int i = 0; i < lengths.size() && index < 0; i++) {
        if (Math.abs(lengths.get(i) - length) <= SAME_LENGTH_ULPS * Math.ulp(length)) {
          index = i;
        }
      }
      if (index < 0) {
        index = lengths.size();
        lengths.add(length);
      }
      lengthIndex[s] = index;
    }
    this.distinctLengths = lengths.stream().mapToDouble(Double::doubleValue).toArray();
    int[] segments = new int[distinctLengths.length];
    for (int index : lengthIndex) {
      segments[index]++;
    }
    int common = 0;
    for (int i = 1; i < segments.length; i++) {
      common = segments[i] > segments[common] ? i : common;
    }
    this.commonLength = common;
    this.halvings = new int[distinctLengths.length];
    double commonH = distinctLengths[common];
    for (int i = 0; i < distinctLengths.length; i++) {
      halvings[i] = -1;
      for (int k = 0; k < Double.MAX_EXPONENT && halvings[i] < 0; k++) {
        double scaled = Math.scalb(distinctLengths[i], k);
        if (Math.abs(scaled - commonH) <= SAME_LENGTH_ULPS * Math.ulp(commonH)) {
          halvings[i] = k;
        }
        if (scaled > 2 * commonH) {
          break;
        }
      }
    }
    this.runEnd = new int[count - 1];
    for (int s = count - 2; s >= 0; s--) {
      boolean continues =
          activeLines[s] == 0
              && s + 1 < count - 1
              && activeLines[s + 1] == 0
              && bolusLines[s + 1] == 0
              && lengthIndex[s + 1] == lengthIndex[s]
              && s + 1 != lastIntervalStart
              && s + 1 != lastIntervalEnd;
      runEnd[s] = continues ? runEnd[s + 1] : s + 1;
    }
  }

  /**
   * This schedule with other lag times and infusion durations: a patient's own, where they differ
   * between patients.
   *
   * @param lagsH each regimen line's lag time in h
   * @param durationsH each regimen line's infusion duration in h, with the lags one that {@link
   *     #timingFits} accepts
   */
  public Schedule withTiming(double[] lagsH, double[] durationsH) {
    return new Schedule(regimen, grid, lagsH, durationsH, durationsVary, thresholds);
  }

  /**
   * Whether {@link #withTiming} takes these lag times and durations: each lag is finite and >= 0,
   * each infusion lasts a finite time longer than a merged point, a single dose arrives within the
   * horizon, and a repeated line's dose (with its infusion) is in before its next one.
   */
  public boolean timingFits(double[] lagsH, double[] durationsH) {
    List<DoseLine> lines = regimen.lines();
    double sliverH = 2 * MERGE_TOLERANCE_H * Math.max(1, grid.endH());
    for (int index = 0; index < lines.size(); index++) {
      DoseLine line = lines.get(index);
      double lag = lagsH[index];
      double duration = durationsH[index];
      if (!(lag >= 0)
          || Double.isInfinite(lag)
          || (!line.bolus() && (!(duration > sliverH) || Double.isInfinite(duration)))
          || !arrivesInTime(line, lag, grid.endH())
          || !inBeforeNext(line, lag, duration)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a single dose lagged this long arrives before the horizon. */
  private static boolean arrivesInTime(DoseLine line, double lag, double horizon) {
    return lag == 0 || line.count() > 1 || line.steadyState() || line.startH() + lag < horizon;
  }

  /**
   * Whether each dose of a line, lagged and infused this long, is in before the next is given: an
   * unlagged infusion may end as the next starts.
   */
  private static boolean inBeforeNext(DoseLine line, double lag, double duration) {
    if (!(line.intervalH() > 0)) {
      return true;
    }
    boolean repeated = line.count() > 1 || line.steadyState();
    return lag == 0 ? duration <= line.intervalH() : !repeated || lag + duration < line.intervalH();
  }

  /**
   * A lagged dose must arrive within the horizon, and a repeated line's dose (and its infusion)
   * must be in before the next one is given: the steady state and the infusion search assume one
   * dose of a line at a time.
   */
  private static void requireTimingFits(
      int index, DoseLine line, double lag, double duration, boolean varies, double horizon) {
    if (!(lag >= 0) || Double.isInfinite(lag)) {
      throw new IllegalArgumentException("lag time " + lag + " h");
    }
    if (line.bolus() ? duration != 0 : !(duration > 0) || Double.isInfinite(duration)) {
      throw new IllegalArgumentException("duration " + duration + " h");
    }
    if (!arrivesInTime(line, lag, horizon)) {
      throw new InvalidInputException(
          "time_grid.end_h",
          horizon,
          "later than " + (line.startH() + lag) + " h, when the lagged dose arrives");
    }
    if (!inBeforeNext(line, lag, duration)) {
      throw new InvalidInputException(
          "regimen[" + index + "].interval_h",
          line.intervalH(),
          (lag == 0 ? "at least" : "longer than the lag time " + lag + " h")
              + (line.bolus()
                  ? ""
                  : (lag == 0 ? " " : " plus ") + "the duration " + duration + " h")
              + (varies ? " (the typical patient's dose over the rate)" : "")
              + ", so that each dose is in before the next is given");
    }
  }

  private static boolean infusing(DoseLine line, double duration, double t) {
    if (t < line.startH()) {
      return false;
    }
    int k = line.intervalH() > 0 ? (int) Math.floor((t - line.startH()) / line.intervalH()) : 0;
    return k < line.count() && t > line.startOf(k) && t < line.startOf(k) + duration;
  }

  private static boolean same(double a, double b) {
    return Math.abs(a - b) <= MERGE_TOLERANCE_H * Math.max(1.0, Math.abs(b));
  }

  private int indexOf(double t) {
    int lo = 0;
    int hi = points.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (points[mid] < t && !same(points[mid], t)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  public TimeGrid grid() {
    return grid;
  }

  /** The number of regimen lines (one dose per patient each). */
  public int lines() {
    return durations.length;
  }

  /** The number of points (segments are one fewer). */
  public int points() {
    return points.length;
  }

  /** Point {@code p} in h. */
  public double time(int p) {
    return points[p];
  }

  /** The grid index of point {@code p}, or -1 when it is not an output time. */
  public int gridIndexAt(int p) {
    return gridIndexAtPoint[p];
  }

  /**
   * Whether an integrator must stop at point {@code p}: the start, the horizon, an infusion start
   * or end, a bolus, or a bound of the last dosing interval. Between two stops the input is
   * constant.
   */
  public boolean isStop(int p) {
    return stop[p];
  }

  /**
   * Output k's threshold for the time above it, in its unit: {@code +Infinity} where it has none.
   */
  public double threshold(int k) {
    return thresholds.length == 0 ? Double.POSITIVE_INFINITY : thresholds[k];
  }

  /** The point where the last dosing interval starts. */
  public int lastIntervalStart() {
    return lastIntervalStart;
  }

  /** The point where the last dosing interval ends (the trough). */
  public int lastIntervalEnd() {
    return lastIntervalEnd;
  }

  /**
   * The total infusion rate on segment {@code s} (from point s to s + 1), in mg/h.
   *
   * @param doseMg the patient's amount per administration of each regimen line, in mg
   */
  public double rate(int s, double[] doseMg) {
    double rate = 0;
    long active = activeLines[s];
    while (active != 0) {
      int line = Long.numberOfTrailingZeros(active);
      rate += doseMg[line] / durations[line];
      active &= active - 1;
    }
    return rate;
  }

  /** The regimen lines giving a bolus at point {@code p}, as a bit mask (bit i for line i). */
  public long bolusLines(int p) {
    return bolusLines[p];
  }

  /**
   * The compartment regimen line {@code line}'s doses (boluses or infusions) go into, or null for
   * the model's dosing compartment.
   */
  public String compartment(int line) {
    return compartments[line];
  }

  /** The regimen lines infusing on segment {@code s}, as a bit mask (bit i for line i). */
  public long activeLines(int s) {
    return activeLines[s];
  }

  /** The infusion duration of regimen line {@code line}, in h. */
  public double duration(int line) {
    return durations[line];
  }

  /** Whether some regimen line's infusions last each patient's own time. */
  public boolean durationsVary() {
    for (boolean varies : durationsVary) {
      if (varies) {
        return true;
      }
    }
    return false;
  }

  /**
   * How long regimen line {@code line}'s infusions last for a patient given {@code doseMg} per
   * administration, in h: its amount over the rate where the duration varies, else this schedule's.
   */
  public double patientDuration(int line, double doseMg) {
    return durationsVary[line] ? regimen.lines().get(line).durationFor(doseMg) : durations[line];
  }

  /** The lag time of regimen line {@code line}'s doses, in h (0 when they arrive when given). */
  public double lag(int line) {
    return lagsH[line];
  }

  /**
   * The dosing interval of regimen line {@code line} in h when the patient starts at its steady
   * state, or 0 when the line starts from no drug.
   */
  public double steadyStateInterval(int line) {
    return steadyStateIntervals[line];
  }

  /** Whether any regimen line starts the patient at its steady state. */
  public boolean startsAtSteadyState() {
    return startsAtSteadyState;
  }

  /** The index of segment {@code s}'s length among {@link #distinctLength}. */
  public int lengthIndex(int s) {
    return lengthIndex[s];
  }

  /**
   * The last point of the run that starts with segment {@code s}: the segments from s on that have
   * no input and s's length, up to a point with input (an infusion or a bolus), another length, a
   * bound of the last dosing interval or the horizon; s + 1 when segment s has input.
   */
  public int runEnd(int s) {
    return runEnd[s];
  }

  /** The index of the distinct length most segments have (the grid step, as a rule). */
  public int commonLength() {
    return commonLength;
  }

  /**
   * How many times the common length must be halved to give distinct length {@code i} (0 for the
   * common length itself), or -1 when no number of halvings does.
   */
  public int halvings(int i) {
    return halvings[i];
  }

  /** The number of distinct segment lengths. */
  public int distinctLengths() {
    return distinctLengths.length;
  }

  /** Distinct segment length {@code i}, in h. */
  public double distinctLength(int i) {
    return distinctLengths[i];
  }

  /**
   * Whether another schedule has the same points, output times, infusion lines, durations and
   * thresholds: then a solver built for one solves the other (regimens that differ only in their
   * dose amounts).
   */
  public boolean sameTimeline(Schedule other) {
    return Arrays.equals(points, other.points)
        && Arrays.equals(gridIndexAtPoint, other.gridIndexAtPoint)
        && Arrays.equals(stop, other.stop)
        && Arrays.equals(activeLines, other.activeLines)
        && Arrays.equals(bolusLines, other.bolusLines)
        && Arrays.equals(compartments, other.compartments)
        && Arrays.equals(durations, other.durations)
        && Arrays.equals(durationsVary, other.durationsVary)
        && Arrays.equals(lagsH, other.lagsH)
        && Arrays.equals(thresholds, other.thresholds)
        && Arrays.equals(steadyStateIntervals, other.steadyStateIntervals)
        && Arrays.equals(lengthIndex, other.lengthIndex)
        && Arrays.equals(distinctLengths, other.distinctLengths)
        && lastIntervalStart == other.lastIntervalStart
        && lastIntervalEnd == other.lastIntervalEnd
        && grid.size() == other.grid.size()
        && grid.maxStepH() == other.grid.maxStepH();
  }
}
