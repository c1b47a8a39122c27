package io.vpop.solve;

import io.vpop.batch.Status;

/**
 * The exact solution of the linear system with piecewise-constant infusion input: the reference and
 * the fast path.
 *
 * <p>On a segment of length h with constant input R the state z = [A, R] moves by one matrix
 * exponential of the reduced matrix
 *
 * <pre>
 *        | K  b |
 *   R  = | 0  0 |     z(t + h) = exp(R h) z(t)
 * </pre>
 *
 * computed once per patient for each distinct segment length of the schedule (two for an hourly
 * grid with half-hour infusions): for the common length h (the grid step) and its halves, from the
 * peak search's dyadic propagators exp(R h / 2^k) (below), which a patient needs anyway; for other
 * lengths, by an exponential of their own. The outputs y = W A and their slopes W (K A + b R) at
 * the segment's end are fixed linear functions of z(t) too, so one matrix C = [exp(R h); W exp(R
 * h); S exp(R h)] (S the slope weights) takes the point vector [A, R, y, slopes] of a segment's
 * start to its end: (n + 1) (n + 1 + 2 outputs) multiply-adds, rows summed four side by side, so
 * their additions overlap instead of waiting for each other. The AUC is exact, not a trapezoid, and
 * needs nothing per segment: integrating x' = K x + b R from 0 (where x = 0) to t gives x(t) = K
 * (integral of x) + b D(t), D the amount infused so far, so the integral of the outputs is W
 * (-K)^-1 (b D(t) - x(t)), solved with the LU factors of -K at the few times the metrics read it.
 * Where -K is singular or nearly so (a compartment with no path out of the body, or a clearance
 * near 0: that form would cancel), the integrals are carried instead, by the augmented matrix of
 * Van Loan ("Computing integrals involving the matrix exponential", IEEE TAC 23(3), 1978), whose
 * exponential also holds each segment's integral rows:
 *
 * <pre>
 *        | K  0  b |
 *   M =  | W  0  0 |     [A, integral of W A, R](t + h) = exp(M h) [A, integral of W A, R](t)
 *        | 0  0  0 |
 * </pre>
 *
 * Interior maxima are located by safeguarded Newton iteration on the output's slope W (K A + b R),
 * whose derivative W K (K A + b R) is known in closed form. The first estimate is the root of the
 * slope's cubic Hermite interpolant from its values and derivatives at the segment's ends. The
 * state is propagated from the segment's start to the multiple of h / 2^m at or below it by the
 * dyadic propagators exp(R h / 2^k), k = 1..m (one exponential and m - 1 squarings, kept while the
 * next peak lies in a segment of the same length, as on a uniform grid; m matrix-vector products
 * per move), and the slope's Taylor polynomial about that point (coefficients (S R^j / j!) z, from
 * rows S R^j / j! made once per patient and output) stands for the slope within h / 2^m of it, so
 * the Newton iterates cost a polynomial each. An iterate farther out moves the polynomial, again
 * forwards from the segment start (backwards, the fast modes would amplify rounding by e^(|lambda|
 * h)).
 *
 * <p>A run that needs only the metrics ({@link PatientResult#keepsProfile} false) skips output
 * times that cannot change them: where every flow between compartments is non-negative and every
 * output weighs amounts with non-negative weights, amounts that all fall with no input fall until
 * the input changes, so the output times up to the next change hold no peak and no value above the
 * current one. The state jumps there by the propagators exp(R h 2^j) of its binary digits.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class ExactSolver implements PatientSolver, RootFinder.DifferentiableFunction {
  /** Tolerance of the peak search on the time axis, in h. */
  static final double PEAK_TIME_TOLERANCE_H = 1e-10;

  /**
   * Most dyadic levels of the peak search: enough for ||R||_1 h up to 0.1 * 2^16 = 6,554 (rates of
   * thousands per hour); beyond that the rest of a move takes a matrix exponential of its own.
   */
  static final int MAX_LEVELS = 16;

  /** Degree of the slope's Taylor polynomial about a point of the peak search. */
  static final int PEAK_SERIES_DEGREE = 8;

  /**
   * The polynomial stands for the slope where ||R||_1 times the distance from its centre is at most
   * this: truncation below 0.1^9 / 9! = 2.8e-15 relative.
   */
  static final double PEAK_SERIES_REACH = 0.1;

  /** Iterations of the safeguarded Newton search for the Hermite estimate's root. */
  static final int HERMITE_ITERATIONS = 60;

  /**
   * The integrals come from the factors of -K when its smallest pivot is at least this, relative to
   * its largest entry; otherwise they are carried. The closed form subtracts amounts of the order
   * of D from each other, so it loses about log10(1 / (lambda t)) digits for the slowest
   * elimination rate lambda: with lambda at 1e-8 of the fastest rate and grids of 1e4 times the
   * fastest time constant, 4 of 16.
   */
  static final double CLOSED_FORM_PIVOT = 1e-8;

  /**
   * Dyadic propagators exp(R h 2^j), j below this, for the jumps of a metrics-only run: a run of up
   * to 2^8 - 1 segments takes at most 8 products, a longer one the longest level repeatedly.
   */
  static final int JUMP_LEVELS = 8;

  /** The sign of a maximum's search ({@link #locateExtremum}). */
  static final double MAXIMUM = 1;

  /** The sign of a minimum's search: the slope times -1 falls through 0 at a minimum. */
  static final double MINIMUM = -1;

  /** Rows of a step summed side by side: {@link #step} is written for four. */
  static final int STEP_BLOCK = 4;

  static {
    if (STEP_BLOCK != 4) {
      throw new AssertionError("step() sums four rows at a time");
    }
  }

  private final double closedFormPivot;
  private final CompartmentSystem system;
  private final Schedule schedule;
  private final int n;
  private final int width;
  private final int outputs;
  private final int size;
  private final MatrixExponential reducedExponential;
  private final MatrixExponential augmentedExponential;
  private final MetricAccumulator metrics;

  private final double[] rates;
  private final double[] outputWeights;
  private final double[] reduced;
  private final double[] augmented;
  private final double[] augmentedPropagator;
  private final double[] slopeWeights;
  private final double[] curvatureWeights;
  private final int pointLength;
  private final int fallingRows;
  private final double[][] fallingSteps;
  private final double[] fallingPoint;
  private final double[] fallingNext;
  private final int valuesAt;
  private final int slopesAt;
  private final double[][] steps;
  private final double[] propagator;
  private final double[][] integralRows;
  private final boolean[] stepReady;
  private final double[] point;
  private final double[] nextPoint;
  private final double[] integrals;
  private final double[] carried;
  private final double[] integralScale;
  private final double[] areaInput;
  private final int[] doseCompartments;
  private final int[] doseBioavailability;
  private final double[] arriving;
  private final double[] given;
  private final SteadyState steadyState;
  private final double[] tails;
  private final DecayTail tail;
  private boolean closedFormIntegrals;
  private double infused;
  private final double[] seriesRows;
  private final boolean[] seriesRowsReady;
  private final double[] product;
  private final double[] peakState;
  private final double[] peakStart;
  private final double[] peakPropagator;
  private final double[] seriesSlope;
  private final double[][] levels;
  private final double[][] jumps;
  private boolean decayPersists;
  private int risingAmount;
  private int jumpsLength;
  private int jumpLevels;
  private int levelsHeld;
  private int levelsLength;
  private int levelBase;
  private int levelCount;
  private double levelUnit;
  private double seriesCentre;
  private double seriesReach;
  private double seriesValue;
  private int peakOutput;

  /** {@value #MAXIMUM} while a maximum is searched, {@value #MINIMUM} while a minimum is. */
  private double searchSign;

  /** Where the last extremum searched lies, hours into its segment, and its value. */
  private double extremumAt;

  private double extremumValue;

  /** The search for a threshold's crossing ({@link #locateCrossing}). */
  private final Crossing crossing = new Crossing();

  private double peakCurvature;
  private double peakAt;
  private double reducedNorm;

  /**
   * Whether falling runs may be stepped point by point (the step matrices without the input): for
   * the profile, or to find where an output falls through its threshold.
   */
  private boolean steppingFalls;

  public ExactSolver(CompartmentSystem system, Schedule schedule) {
    this(system, schedule, CLOSED_FORM_PIVOT);
  }

  /**
   * @param closedFormPivot the smallest relative pivot of -K for which the integrals come from its
   *     factors ({@link #CLOSED_FORM_PIVOT}); infinity carries them always, to check one way
   *     against the other
   */
  ExactSolver(CompartmentSystem system, Schedule schedule, double closedFormPivot) {
    this.closedFormPivot = closedFormPivot;
    this.system = system;
    this.schedule = schedule;
    this.n = system.states();
    this.width = n + 1;
    this.outputs = system.outputs();
    this.size = n + outputs + 1;
    this.reducedExponential = new MatrixExponential(width);
    this.augmentedExponential = new MatrixExponential(size);
    this.metrics = new MetricAccumulator(outputs, schedule);
    this.rates = new double[n * n];
    this.outputWeights = new double[outputs * n];
    this.reduced = new double[width * width];
    this.augmented = new double[size * size];
    this.augmentedPropagator = new double[size * size];
    this.slopeWeights = new double[outputs * width];
    this.curvatureWeights = new double[outputs * width];
    this.pointLength = width + 2 * outputs;
    this.fallingRows = n + outputs;
    this.valuesAt = width;
    this.slopesAt = width + outputs;
    int blocks = (pointLength + STEP_BLOCK - 1) / STEP_BLOCK;
    this.steps = new double[schedule.distinctLengths()][blocks * STEP_BLOCK * width];
    this.fallingSteps =
        new double[schedule.distinctLengths()]
            [(fallingRows + STEP_BLOCK - 1) / STEP_BLOCK * STEP_BLOCK * n];
    this.fallingPoint = new double[fallingRows];
    this.fallingNext = new double[fallingRows];
    this.propagator = new double[width * width];
    this.integralRows = new double[schedule.distinctLengths()][outputs * width];
    this.stepReady = new boolean[schedule.distinctLengths()];
    this.point = new double[pointLength];
    this.nextPoint = new double[pointLength];
    this.integrals = new double[outputs];
    this.carried = new double[outputs];
    this.integralScale = new double[outputs];
    this.areaInput = new double[n];
    this.doseCompartments = system.doseCompartments(schedule);
    this.doseBioavailability = system.doseBioavailability(schedule);
    this.arriving = new double[schedule.lines()];
    this.given = new double[n];
    this.steadyState = new SteadyState(n);
    this.tails = new double[outputs];
    this.tail = new DecayTail(n);
    this.seriesRows = new double[outputs * (PEAK_SERIES_DEGREE + 1) * width];
    this.seriesRowsReady = new boolean[outputs];
    this.product = new double[width];
    this.peakState = new double[width];
    this.peakStart = new double[width];
    this.peakPropagator = new double[width * width];
    this.seriesSlope = new double[PEAK_SERIES_DEGREE + 1];
    this.levels = new double[MAX_LEVELS][width * width];
    this.jumps = new double[JUMP_LEVELS][width * width];
  }

  @Override
  public void solve(double[] parameters, double[] doseMg, PatientResult result) {
    assemble(parameters);
    // From here on, the amounts that arrive (F times the dose, where the compartment has an F).
    double[] arrivingMg = arriving;
    CompartmentSystem.bioavailableDoses(parameters, doseBioavailability, doseMg, arrivingMg);
    java.util.Arrays.fill(stepReady, false);
    java.util.Arrays.fill(seriesRowsReady, false);
    levelsHeld = -1;
    levelsLength = -1;
    jumpsLength = -1;
    risingAmount = 0;
    boolean jumping = !result.keepsProfile();
    // The point vectors [A, R, y, slopes] at a segment's start and end, which swap every segment.
    double[] v = point;
    double[] vNext = nextPoint;
    // No drug yet: amounts, and so outputs, are 0.
    java.util.Arrays.fill(v, 0.0);
    java.util.Arrays.fill(carried, 0.0);
    java.util.Arrays.fill(given, 0.0);
    infused = 0;
    metrics.reset();
    boolean thresholds = metrics.anyThreshold();
    steppingFalls = !jumping || thresholds;
    if (schedule.startsAtSteadyState()) {
      // The steady-state amounts count as given at 0 h, like boluses, for the closed-form
      // integrals.
      steadyState.add(schedule, rates, system.dosingCompartment(), doseCompartments, arrivingMg, v);
      System.arraycopy(v, 0, given, 0, n);
      refresh(v);
    }

    arrive(0, v, arrivingMg, result);
    double previousRate = Double.NaN;
    int last = schedule.points() - 1;
    for (int s = 0; s < last; ) {
      double rate = schedule.rate(s, arrivingMg);
      v[n] = rate;
      if (rate != previousRate) {
        // A new input changes the slopes at this start; otherwise the last step's end has them.
        slopesOf(v);
      }
      previousRate = rate;
      int length = schedule.lengthIndex(s);
      prepare(length);
      int end = schedule.runEnd(s);
      if (decayPersists && end > s + 1 && decaying(v)) {
        // No output rises again before the input changes: the run's points hold no peak and no
        // value above this one.
        if (jumping) {
          // A metrics-only run needs none of them, unless an output falls through its threshold
          // there: then the steps below find where.
          jump(length, end - s, v, vNext);
          if (!metrics.crossesThreshold(v, vNext, valuesAt)) {
            metrics.addRunAbove(v, valuesAt, schedule.time(end) - schedule.time(s));
            double[] swap = v;
            v = vNext;
            vNext = swap;
            s = end;
            arrive(s, v, arrivingMg, result);
            continue;
          }
        }
        // The profile needs their values, but not their slopes; and with no input, the amounts
        // and values at a point follow from the amounts alone: [A, y] moves by F.
        double[] f = fallingPoint;
        double[] fNext = fallingNext;
        System.arraycopy(v, 0, f, 0, n);
        System.arraycopy(v, valuesAt, f, n, outputs);
        for (; s < end; s++) {
          step(fallingSteps[length], fallingRows, n, f, fNext);
          // Asked once for the run, not per output and step: most runs have no threshold.
          for (int k = 0; thresholds && k < outputs; k++) {
            if (metrics.hasThreshold(k)) {
              beginSearch(k, length, f, 0);
              pieceAbove(k, 0, schedule.time(s + 1) - schedule.time(s), f[n + k], fNext[n + k]);
            }
          }
          double[] swap = f;
          f = fNext;
          fNext = swap;
          if (s + 1 < end) {
            record(s + 1, f, n, result);
          }
        }
        System.arraycopy(f, 0, v, 0, n);
        System.arraycopy(f, n, v, valuesAt, outputs);
        slopesOf(v);
        // The run's end may hold a bolus, given before its values are recorded.
        arrive(end, v, arrivingMg, result);
        continue;
      }
      if (!closedFormIntegrals) {
        carry(integralRows[length], v);
      }
      step(steps[length], pointLength, width, v, vNext);
      double h = schedule.time(s + 1) - schedule.time(s);
      infused += rate * h;
      boolean lastInterval = s >= schedule.lastIntervalStart() && s < schedule.lastIntervalEnd();
      for (int k = 0; k < outputs; k++) {
        double d0 = v[slopesAt + k];
        double d1 = vNext[slopesAt + k];
        boolean threshold = metrics.hasThreshold(k);
        boolean peak = MetricAccumulator.peakInside(d0, d1);
        boolean minimum =
            !peak && (lastInterval || threshold) && MetricAccumulator.minimumInside(d0, d1);
        if (peak) {
          locateExtremum(k, s, h, v, vNext, MAXIMUM);
          metrics.atPeak(k, schedule.time(s) + extremumAt, extremumValue);
        } else if (minimum) {
          locateExtremum(k, s, h, v, vNext, MINIMUM);
          if (lastInterval) {
            metrics.atMinimum(k, extremumValue);
          }
        }
        if (threshold) {
          double y0 = v[valuesAt + k];
          double y1 = vNext[valuesAt + k];
          if (peak || minimum) {
            // Monotone on either side of the turn: at most one crossing in each part.
            pieceAbove(k, 0, extremumAt, y0, extremumValue);
            pieceAbove(k, extremumAt, h, extremumValue, y1);
          } else {
            beginSearch(k, length, v, rate);
            pieceAbove(k, 0, h, y0, y1);
          }
        }
      }
      double[] swap = v;
      v = vNext;
      vNext = swap;
      s++;
      arrive(s, v, arrivingMg, result);
    }
    readIntegrals(v);
    tail.areas(v, outputWeights, tails);
    metrics.finish(integrals, tails, result);
    result.status = Status.OK;
    if (!metrics.gridFinite() || !result.metricsFinite()) {
      result.fail(Status.NON_FINITE);
    }
  }

  /**
   * Builds R, the weights giving each output's slope W [K b] [A; R] and its derivative W [K b] R
   * [A; R], the factors of -K, and, where the integrals are carried, M.
   */
  private void assemble(double[] parameters) {
    system.rateMatrix(parameters, rates);
    system.outputMatrix(parameters, outputWeights);
    int dosing = system.dosingCompartment();
    java.util.Arrays.fill(reduced, 0.0);
    for (int i = 0; i < n; i++) {
      System.arraycopy(rates, i * n, reduced, i * width, n);
    }
    reduced[dosing * width + n] = 1.0;
    for (int k = 0; k < outputs; k++) {
      for (int j = 0; j <= n; j++) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += outputWeights[k * n + i] * reduced[i * width + j];
        }
        slopeWeights[k * width + j] = sum;
      }
      for (int j = 0; j <= n; j++) {
        double sum = 0;
        for (int i = 0; i <= n; i++) {
          sum += slopeWeights[k * width + i] * reduced[i * width + j];
        }
        curvatureWeights[k * width + j] = sum;
      }
    }
    reducedNorm = 0;
    for (int j = 0; j <= n; j++) {
      double column = 0;
      for (int i = 0; i <= n; i++) {
        column += Math.abs(reduced[i * width + j]);
      }
      reducedNorm = Math.max(reducedNorm, column);
    }
    double pivot = tail.factor(rates);
    closedFormIntegrals = pivot > 0 && pivot >= closedFormPivot;
    if (!closedFormIntegrals) {
      assembleAugmented(dosing);
    }
    // With every flow between compartments non-negative, exp(K t) >= 0 entrywise, so amounts that
    // all fall with no input, A' = K A <= 0, fall for good: A'(t) = exp(K t) A'(0); and outputs
    // that weigh amounts with non-negative weights fall with them.
    decayPersists = closedFormIntegrals;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        decayPersists &= i == j || rates[i * n + j] >= 0;
      }
    }
    for (int i = 0; i < outputs * n; i++) {
      decayPersists &= outputWeights[i] >= 0;
    }
  }

  /**
   * Whether every amount falls at the start of an input-free segment (v[n] = 0): K A &lt;= 0. The
   * outputs' slopes, which must then be &lt;= 0 too, are checked first, as the cheaper test; then
   * the amounts from the one found rising last, which is likely to be rising still.
   */
  private boolean decaying(double[] v) {
    for (int k = 0; k < outputs; k++) {
      if (!(v[slopesAt + k] <= 0)) {
        return false;
      }
    }
    for (int checked = 0; checked < n; checked++) {
      int i = risingAmount + checked < n ? risingAmount + checked : risingAmount + checked - n;
      double change = 0;
      for (int j = 0; j < n; j++) {
        change += rates[i * n + j] * v[j];
      }
      if (!(change <= 0)) {
        risingAmount = i;
        return false;
      }
    }
    return true;
  }

  /**
   * out = the point vector {@code segments} input-free segments of length index {@code length}
   * after v, by the dyadic propagators exp(R h 2^j): the binary digits of the count, the longest
   * level as often as it fits.
   */
  private void jump(int length, int segments, double[] v, double[] out) {
    prepareJumps(length, segments);
    System.arraycopy(v, 0, out, 0, width);
    int remaining = segments;
    for (int level = jumpLevels - 1; level >= 0; level--) {
      while (remaining >= 1 << level) {
        apply(jumps[level], out);
        remaining -= 1 << level;
      }
    }
    for (int k = 0; k < outputs; k++) {
      double value = 0;
      for (int i = 0; i < n; i++) {
        value += outputWeights[k * n + i] * out[i];
      }
      out[valuesAt + k] = value;
    }
    slopesOf(out);
  }

  /**
   * The jump propagators exp(R h 2^j) of a segment length up to the level a jump of {@code
   * segments} needs, kept for the patient's last jump length: the first is the step matrix's first
   * rows, the others its squares.
   */
  private void prepareJumps(int length, int segments) {
    if (jumpsLength != length) {
      jumpsLength = length;
      jumpLevels = 0;
    }
    int needed = Math.min(JUMP_LEVELS, 32 - Integer.numberOfLeadingZeros(segments));
    for (; jumpLevels < needed; jumpLevels++) {
      if (jumpLevels == 0) {
        for (int i = 0; i <= n; i++) {
          for (int j = 0; j <= n; j++) {
            jumps[0][i * width + j] = steps[length][blockEntry(i, j, width)];
          }
        }
      } else {
        reducedExponential.multiply(
            jumps[jumpLevels - 1], jumps[jumpLevels - 1], jumps[jumpLevels]);
      }
    }
  }

  /**
   * M, whose integral rows are scaled to unit 1-norm (a concentration row holds 1000 / V in ng/mL
   * per mg), so they do not inflate ||M|| and the number of squarings.
   */
  private void assembleAugmented(int dosing) {
    java.util.Arrays.fill(augmented, 0.0);
    for (int i = 0; i < n; i++) {
      System.arraycopy(rates, i * n, augmented, i * size, n);
    }
    augmented[dosing * size + size - 1] = 1.0;
    for (int k = 0; k < outputs; k++) {
      double rowSum = 0;
      for (int i = 0; i < n; i++) {
        rowSum += Math.abs(outputWeights[k * n + i]);
      }
      integralScale[k] = rowSum > 0 ? 1.0 / rowSum : 1.0;
      for (int i = 0; i < n; i++) {
        augmented[(n + k) * size + i] = outputWeights[k * n + i] * integralScale[k];
      }
    }
  }

  /**
   * Builds a segment length's step matrix C (pointLength x width, {@link #blockEntry}) once per
   * patient from the propagator P = exp(R h): its first rows are P's, the value and slope rows W P
   * and S P; where the profile is kept, F (n + outputs rows, n columns), the amount and value rows
   * of C without the input's row and column, which moves [A, y] along a run with no input; and
   * where the integrals are carried, the rows that give a segment's output integrals from its start
   * state.
   */
  private void prepare(int length) {
    if (stepReady[length]) {
      return;
    }
    double h = schedule.distinctLength(length);
    double[] p = propagator;
    int halvings = schedule.halvings(length);
    if (closedFormIntegrals && halvings >= 0 && levelsOfCommonLength() >= halvings) {
      // exp(R h) from the common length's dyadic propagators (the peak search needs them anyway)
      // instead of an exponential of its own: the square of exp(R h / 2), or one of them.
      if (halvings == 0) {
        reducedExponential.multiply(levels[0], levels[0], p);
      } else {
        p = levels[halvings - 1];
      }
    } else if (closedFormIntegrals) {
      reducedExponential.compute(reduced, h, p);
    } else {
      augmentedExponential.compute(augmented, h, augmentedPropagator);
      double[] rows = integralRows[length];
      for (int i = 0; i < n; i++) {
        System.arraycopy(augmentedPropagator, i * size, p, i * width, n);
        p[i * width + n] = augmentedPropagator[i * size + size - 1];
      }
      for (int k = 0; k < outputs; k++) {
        for (int j = 0; j < n; j++) {
          rows[k * width + j] = augmentedPropagator[(n + k) * size + j] / integralScale[k];
        }
        rows[k * width + n] = augmentedPropagator[(n + k) * size + size - 1] / integralScale[k];
      }
    }
    double[] c = steps[length];
    for (int j = 0; j <= n; j++) {
      for (int i = 0; i < n; i++) {
        c[blockEntry(i, j, width)] = p[i * width + j];
      }
      // The rate carries over exactly.
      c[blockEntry(n, j, width)] = j == n ? 1.0 : 0.0;
      for (int k = 0; k < outputs; k++) {
        double value = 0;
        for (int i = 0; i < n; i++) {
          value += outputWeights[k * n + i] * p[i * width + j];
        }
        c[blockEntry(valuesAt + k, j, width)] = value;
      }
      for (int k = 0; k < outputs; k++) {
        double slope = 0;
        for (int i = 0; i < n; i++) {
          slope += slopeWeights[k * width + i] * p[i * width + j];
        }
        if (j == n) {
          slope += slopeWeights[k * width + n];
        }
        c[blockEntry(slopesAt + k, j, width)] = slope;
      }
    }
    if (steppingFalls) {
      // The same entries without the input's row and column, for runs with no input.
      double[] f = fallingSteps[length];
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          f[blockEntry(i, j, n)] = c[blockEntry(i, j, width)];
        }
        for (int k = 0; k < outputs; k++) {
          f[blockEntry(n + k, j, n)] = c[blockEntry(valuesAt + k, j, width)];
        }
      }
    }
    stepReady[length] = true;
  }

  /**
   * Where entry (row, j) of a step matrix with {@code columns} columns lies: rows in blocks of
   * {@value #STEP_BLOCK}, each block column by column with its rows side by side, so that {@link
   * #step} reads a block in one sweep.
   */
  private static int blockEntry(int row, int j, int columns) {
    return ((row / STEP_BLOCK) * columns + j) * STEP_BLOCK + row % STEP_BLOCK;
  }

  /**
   * The point vector v = [A, R, y, slopes] reached point p: the boluses given there go into their
   * compartments (and into the amounts given so far, for the closed-form integrals), the outputs
   * and slopes follow, and then the point is recorded, so that its values are those after the dose.
   */
  private void arrive(int p, double[] v, double[] arrivingMg, PatientResult result) {
    long boluses = schedule.bolusLines(p);
    if (boluses != 0) {
      metrics.beforeBolus(schedule, p, v, valuesAt);
      while (boluses != 0) {
        int line = Long.numberOfTrailingZeros(boluses);
        int compartment = doseCompartments[line];
        v[compartment] += arrivingMg[line];
        given[compartment] += arrivingMg[line];
        boluses &= boluses - 1;
      }
      refresh(v);
    }
    record(p, v, valuesAt, result);
  }

  /** The outputs and slopes of the point vector v from its amounts and rate. */
  private void refresh(double[] v) {
    for (int k = 0; k < outputs; k++) {
      double value = 0;
      for (int i = 0; i < n; i++) {
        value += outputWeights[k * n + i] * v[i];
      }
      v[valuesAt + k] = value;
    }
    slopesOf(v);
  }

  /** The point vector v, whose output values start at {@code values}, reached point p. */
  private void record(int p, double[] v, int values, PatientResult result) {
    if (p == schedule.lastIntervalStart() || p == schedule.lastIntervalEnd()) {
      // The only points whose integrals the metrics read (auc_tau); the horizon's come at the end.
      readIntegrals(v);
    }
    metrics.atPoint(schedule, p, v, values, integrals, result);
  }

  /**
   * The output integrals from 0 to the time of state z: W (-K)^-1 (b D + G - A), with G the bolus
   * amounts given into each compartment so far, or the carried sums.
   */
  private void readIntegrals(double[] z) {
    if (!closedFormIntegrals) {
      System.arraycopy(carried, 0, integrals, 0, outputs);
      return;
    }
    for (int i = 0; i < n; i++) {
      // -(A - G) rather than G - A: the same bits as -A where nothing was given (G = +0).
      areaInput[i] = -(z[i] - given[i]);
    }
    areaInput[system.dosingCompartment()] += infused;
    tail.solve(areaInput, areaInput);
    for (int k = 0; k < outputs; k++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += outputWeights[k * n + i] * areaInput[i];
      }
      integrals[k] = sum;
    }
  }

  /**
   * Finds the interior maximum ({@code sign} {@value #MAXIMUM}) or minimum ({@value #MINIMUM}) of
   * output k on segment s, between the point vectors {@code start} and {@code end}, from the
   * Hermite estimate and the slope's polynomial about it: the search runs on the slope times the
   * sign, which falls through 0 at either.
   */
  private void locateExtremum(int k, int s, double h, double[] start, double[] end, double sign) {
    beginSearch(k, schedule.lengthIndex(s), start, start[n]);
    searchSign = sign;
    double startCurvature = 0;
    double endCurvature = 0;
    for (int j = 0; j <= n; j++) {
      startCurvature += curvatureWeights[k * width + j] * start[j];
      endCurvature += curvatureWeights[k * width + j] * end[j];
    }
    double guess =
        hermiteRoot(
            sign * start[slopesAt + k],
            sign * startCurvature,
            sign * end[slopesAt + k],
            sign * endCurvature,
            h);
    expandAt(guess);
    extremumAt = RootFinder.newton(this, 0.0, h, guess, PEAK_TIME_TOLERANCE_H);
    extremumValue = valueAt(extremumAt);
  }

  /**
   * Starts a search on output k inside a segment of length index {@code length} from the state
   * [amounts, rate] at its start.
   */
  private void beginSearch(int k, int length, double[] amounts, double rate) {
    peakOutput = k;
    prepareLevels(length);
    System.arraycopy(amounts, 0, peakStart, 0, n);
    peakStart[n] = rate;
  }

  /**
   * The value of the output searched, {@code offset} hours into the segment: its value at the
   * series' centre plus the integral of the slope's polynomial where the offset is within its
   * reach, else from the state propagated there.
   */
  private double valueAt(double offset) {
    if (withinSeries(offset)) {
      double delta = offset - seriesCentre;
      double integral = 0;
      for (int j = PEAK_SERIES_DEGREE; j >= 0; j--) {
        integral = integral * delta + seriesSlope[j] / (j + 1);
      }
      return seriesValue + integral * delta;
    }
    moveTo(offset, true);
    double value = 0;
    for (int i = 0; i < n; i++) {
      value += outputWeights[peakOutput * n + i] * peakState[i];
    }
    return value;
  }

  /**
   * Where the output searched crosses {@code level} between {@code a} and {@code b} hours into the
   * segment, from {@code ya} to {@code yb} on either side of it (and monotone between): Newton on
   * the value minus the level, from the straight line's crossing, after {@link #beginSearch}.
   */
  private double locateCrossing(double a, double b, double ya, double yb, double level) {
    crossing.level = level;
    crossing.sign = ya > level ? 1 : -1;
    double guess = a + (b - a) * (ya - level) / (ya - yb);
    expandAt(guess);
    return RootFinder.newton(crossing, a, b, guess, PEAK_TIME_TOLERANCE_H);
  }

  /**
   * Adds to the time above its threshold of output k the part of a monotone piece [a, b] of a
   * segment (hours into it) from {@code ya} to {@code yb} that lies above it, after {@link
   * #beginSearch}.
   */
  private void pieceAbove(int k, double a, double b, double ya, double yb) {
    double level = metrics.threshold(k);
    double at =
        MetricAccumulator.crosses(ya, yb, level) ? locateCrossing(a, b, ya, yb, level) : Double.NaN;
    metrics.addTimeAbove(k, MetricAccumulator.timeAbove(a, b, ya, level, at));
  }

  /**
   * The value of the output searched minus a level, times the sign that makes it fall through 0
   * ({@link RootFinder#newton}), and its derivative, the slope times that sign.
   */
  private final class Crossing implements RootFinder.DifferentiableFunction {
    private double level;
    private double sign;
    private double slope;

    @Override
    public double value(double offset) {
      if (!withinSeries(offset)) {
        // The polynomial moves to where the search has gone, as for a maximum.
        expandAt(offset);
      }
      double value = valueAt(offset);
      double slopeHere = 0;
      if (withinSeries(offset)) {
        double delta = offset - seriesCentre;
        for (int j = PEAK_SERIES_DEGREE; j >= 0; j--) {
          slopeHere = slopeHere * delta + seriesSlope[j];
        }
      } else {
        // valueAt propagated the state to the offset.
        for (int j = 0; j <= n; j++) {
          slopeHere += slopeWeights[peakOutput * width + j] * peakState[j];
        }
      }
      slope = sign * slopeHere;
      return sign * (value - level);
    }

    @Override
    public double derivative() {
      return slope;
    }
  }

  /**
   * The root in (0, h) of the cubic Hermite interpolant of a slope that is {@code s0} &gt; 0 at 0
   * and {@code s1} &lt; 0 at h, with derivatives {@code c0} and {@code c1} there: safeguarded
   * Newton in u = t / h on p(u) = a u^3 + b u^2 + h c0 u + s0, started where the straight line
   * between the slopes is zero.
   */
  static double hermiteRoot(double s0, double c0, double s1, double c1, double h) {
    double d0 = c0 * h;
    double d1 = c1 * h;
    double a = 2 * s0 + d0 - 2 * s1 + d1;
    double b = -3 * s0 - 2 * d0 + 3 * s1 - d1;
    double low = 0;
    double high = 1;
    double u = s0 / (s0 - s1);
    for (int iteration = 0; iteration < HERMITE_ITERATIONS; iteration++) {
      double p = ((a * u + b) * u + d0) * u + s0;
      if (p > 0) {
        low = u;
      } else if (p < 0) {
        high = u;
      } else if (p == 0) {
        break;
      }
      // A NaN (slopes out of range) moves no bound: the step below falls back to bisection.
      double slope = (3 * a * u + 2 * b) * u + d0;
      double candidate = slope < 0 ? u - p / slope : Double.NaN;
      if (!(candidate > low && candidate < high)) {
        candidate = 0.5 * (low + high);
      }
      boolean converged = Math.abs(candidate - u) <= PEAK_TIME_TOLERANCE_H / h;
      u = candidate;
      if (converged) {
        break;
      }
    }
    return u * h;
  }

  /** The dyadic propagators of the schedule's common segment length; their number. */
  private int levelsOfCommonLength() {
    prepareLevels(schedule.commonLength());
    return levelCount;
  }

  /**
   * Makes levels[levelBase + k], k = 0..levelCount - 1, the dyadic propagators exp(R h / 2^(k + 1))
   * of a segment length. levelCount is the smallest that brings h / 2^levelCount within the slope
   * polynomial's reach, at most {@value #MAX_LEVELS}. A length that is the common length halved j
   * times has the same unit as the common length (unless the cap differs) and takes its levels from
   * the common length's, from the j-th on: a search inside a half-hour infusion and one inside an
   * hourly step then share one exponential instead of computing theirs in turn.
   */
  private void prepareLevels(int length) {
    if (levelsLength == length) {
      return;
    }
    int count = levelCountFor(schedule.distinctLength(length));
    int halvings = schedule.halvings(length);
    int common = schedule.commonLength();
    if (halvings > 0 && levelCountFor(schedule.distinctLength(common)) == count + halvings) {
      holdLevels(common, count + halvings);
      levelBase = halvings;
    } else {
      holdLevels(length, count);
      levelBase = 0;
    }
    levelCount = count;
    levelsLength = length;
  }

  /** The number of dyadic levels that bring a segment of h hours within the polynomial's reach. */
  private int levelCountFor(double h) {
    int count = 1;
    while (count < MAX_LEVELS && reducedNorm * Math.scalb(h, -count) > PEAK_SERIES_REACH) {
      count++;
    }
    return count;
  }

  /**
   * Fills levels[k] with exp(R h / 2^(k + 1)), k = 0..count - 1, for segment length {@code length}
   * unless they are held already: the shortest by its exponential, the others by squaring; their
   * unit h / 2^count is levelUnit, also for a halved length's view of them.
   */
  private void holdLevels(int length, int count) {
    if (levelsHeld == length) {
      return;
    }
    levelUnit = Math.scalb(schedule.distinctLength(length), -count);
    reducedExponential.compute(reduced, levelUnit, levels[count - 1]);
    for (int k = count - 2; k >= 0; k--) {
      reducedExponential.multiply(levels[k + 1], levels[k + 1], levels[k]);
    }
    levelsHeld = length;
  }

  /**
   * Propagates the segment's start state to the multiple of h / 2^levelCount at or below {@code
   * offset}, and on to {@code offset} itself by an exponential of the rest when {@code exactly} or
   * when the rest is beyond the slope polynomial's reach; {@link #peakAt} is where it arrived.
   */
  private void moveTo(double offset, boolean exactly) {
    long last = (1L << levelCount) - 1;
    double ratio = offset / levelUnit;
    // A NaN or negative ratio stays at the start; beyond the last unit, at the last.
    long units = ratio >= 1 ? (long) Math.min(ratio, (double) last) : 0;
    System.arraycopy(peakStart, 0, peakState, 0, width);
    for (int k = 0; k < levelCount; k++) {
      if (((units >> (levelCount - 1 - k)) & 1) != 0) {
        apply(levels[levelBase + k], peakState);
      }
    }
    peakAt = units * levelUnit;
    double rest = offset - peakAt;
    if (rest > 0 && (exactly || !(rest * reducedNorm <= PEAK_SERIES_REACH))) {
      reducedExponential.compute(reduced, rest, peakPropagator);
      apply(peakPropagator, peakState);
      peakAt = offset;
    }
  }

  /** z := P z for a propagator P of the reduced system and the first width entries of z. */
  private void apply(double[] propagator, double[] z) {
    for (int i = 0; i <= n; i++) {
      double sum = 0;
      for (int j = 0; j <= n; j++) {
        sum += propagator[i * width + j] * z[j];
      }
      product[i] = sum;
    }
    System.arraycopy(product, 0, z, 0, width);
  }

  /**
   * Propagates the state to near {@code centre} ({@link #moveTo}) and takes the output's value
   * there and its slope's Taylor coefficients, (S R^j / j!) z for j = 0..{@value
   * #PEAK_SERIES_DEGREE}: a dot product each with the output's {@link #prepareSeriesRows series
   * rows}.
   */
  private void expandAt(double centre) {
    moveTo(centre, false);
    seriesCentre = peakAt;
    seriesValue = 0;
    for (int i = 0; i < n; i++) {
      seriesValue += outputWeights[peakOutput * n + i] * peakState[i];
    }
    prepareSeriesRows(peakOutput);
    int row = peakOutput * (PEAK_SERIES_DEGREE + 1) * width;
    for (int j = 0; j <= PEAK_SERIES_DEGREE; j++) {
      double coefficient = 0;
      for (int i = 0; i <= n; i++) {
        coefficient += seriesRows[row + i] * peakState[i];
      }
      seriesSlope[j] = coefficient;
      row += width;
    }
    // Rates so large that powers of the matrix overflow (absurd parameters) leave no polynomial.
    boolean finite = Double.isFinite(seriesValue);
    for (double coefficient : seriesSlope) {
      finite &= Double.isFinite(coefficient);
    }
    seriesReach = finite ? PEAK_SERIES_REACH / reducedNorm : -1;
  }

  /**
   * The row vectors S R^j / j!, j = 0..{@value #PEAK_SERIES_DEGREE}, of output k's slope weights S,
   * each the one before times R / j: made once per patient for each output that peaks, so that an
   * expansion costs dot products instead of powers of R applied to the state.
   */
  private void prepareSeriesRows(int k) {
    if (seriesRowsReady[k]) {
      return;
    }
    int row = k * (PEAK_SERIES_DEGREE + 1) * width;
    System.arraycopy(slopeWeights, k * width, seriesRows, row, width);
    for (int j = 1; j <= PEAK_SERIES_DEGREE; j++) {
      int previous = row;
      row += width;
      for (int m = 0; m <= n; m++) {
        double sum = 0;
        for (int i = 0; i <= n; i++) {
          sum += seriesRows[previous + i] * reduced[i * width + m];
        }
        seriesRows[row + m] = sum / j;
      }
    }
    seriesRowsReady[k] = true;
  }

  /**
   * Whether {@code offset} is near enough the polynomial's centre for it to stand for the slope.
   */
  private boolean withinSeries(double offset) {
    return Math.abs(offset - seriesCentre) <= seriesReach;
  }

  /**
   * The slope of the output being searched, {@code offset} hours into the segment, times the
   * search's sign.
   */
  @Override
  public double value(double offset) {
    if (!withinSeries(offset)) {
      // The polynomial moves to where the search has gone: the next iterates land near it.
      expandAt(offset);
      if (!withinSeries(offset)) {
        // No polynomial (its coefficients overflowed): the exact slope, its curvature set.
        return exactSlope(offset);
      }
    }
    double delta = offset - seriesCentre;
    double slope = 0;
    double curvature = 0;
    for (int j = PEAK_SERIES_DEGREE; j >= 0; j--) {
      slope = slope * delta + seriesSlope[j];
      if (j > 0) {
        curvature = curvature * delta + j * seriesSlope[j];
      }
    }
    peakCurvature = searchSign * curvature;
    return searchSign * slope;
  }

  /**
   * The slope, {@code offset} hours into the segment, from the state propagated there, times the
   * search's sign.
   */
  private double exactSlope(double offset) {
    moveTo(offset, true);
    double slope = 0;
    double curvature = 0;
    for (int j = 0; j <= n; j++) {
      slope += slopeWeights[peakOutput * width + j] * peakState[j];
      curvature += curvatureWeights[peakOutput * width + j] * peakState[j];
    }
    peakCurvature = searchSign * curvature;
    return searchSign * slope;
  }

  /**
   * The derivative of the slope (times the search's sign) at the offset of the last {@link #value}
   * call.
   */
  @Override
  public double derivative() {
    return peakCurvature;
  }

  /** Each output's slope W (K A + b R) in the point vector v = [A, R, y, slopes]. */
  private void slopesOf(double[] v) {
    for (int k = 0; k < outputs; k++) {
      double sum = 0;
      for (int j = 0; j <= n; j++) {
        sum += slopeWeights[k * width + j] * v[j];
      }
      v[slopesAt + k] = sum;
    }
  }

  /**
   * The first {@code rows} entries of out = C v for a step matrix C of {@code columns} columns
   * ({@link #blockEntry}): the point vector at the segment's end. Rows go in blocks of {@value
   * #STEP_BLOCK}, summed side by side in registers, so that their additions overlap instead of
   * waiting for each other.
   */
  private static void step(double[] c, int rows, int columns, double[] v, double[] out) {
    int blocks = rows / STEP_BLOCK;
    int at = 0;
    for (int b = 0; b < blocks; b++) {
      double sum0 = 0;
      double sum1 = 0;
      double sum2 = 0;
      double sum3 = 0;
      for (int j = 0; j < columns; j++) {
        double vj = v[j];
        sum0 += c[at] * vj;
        sum1 += c[at + 1] * vj;
        sum2 += c[at + 2] * vj;
        sum3 += c[at + 3] * vj;
        at += STEP_BLOCK;
      }
      int r = b * STEP_BLOCK;
      out[r] = sum0;
      out[r + 1] = sum1;
      out[r + 2] = sum2;
      out[r + 3] = sum3;
    }
    for (int r = blocks * STEP_BLOCK; r < rows; r++) {
      double sum = 0;
      for (int j = 0; j < columns; j++) {
        sum += c[blockEntry(r, j, columns)] * v[j];
      }
      out[r] = sum;
    }
  }

  /** Adds the output integrals over a segment from its start state z (carried integrals only). */
  private void carry(double[] rows, double[] z) {
    for (int k = 0; k < outputs; k++) {
      double sum = 0;
      for (int j = 0; j <= n; j++) {
        sum += rows[k * width + j] * z[j];
      }
      carried[k] += sum;
    }
  }
}
