package io.vpop.solve;

import io.vpop.batch.Status;

/**
 * The exact solution of the linear system with piecewise-constant infusion input: the reference and
 * the fast path.
 *
 * <p>The state is augmented with the output integrals and the infusion rate, z = [A, integral of W
 * A, R], so that one matrix exponential carries everything across a segment of length h with
 * constant input:
 *
 * <pre>
 *        | K  0  b |
 *   M =  | W  0  0 |     z(t + h) = exp(M h) z(t)
 *        | 0  0  0 |
 * </pre>
 *
 * (Van Loan, "Computing integrals involving the matrix exponential", IEEE TAC 23(3), 1978). The AUC
 * is thus exact, not a trapezoid. exp(M h) is computed once per patient for each distinct segment
 * length of the schedule (two for an hourly grid with half-hour infusions). Interior maxima are
 * located by safeguarded Newton iteration on the output's slope W (K A + b R), whose derivative W K
 * (K A + b R) is known in closed form. The first estimate is the root of the slope's cubic Hermite
 * interpolant from its values and derivatives at the segment's ends; the state [A, R] is propagated
 * there once, by the smaller matrix [K b; 0 0], and the slope's Taylor polynomial about that point
 * (coefficients from powers of [K b; 0 0] applied to the state) stands for the slope nearby, so the
 * Newton iterates cost a polynomial each. An iterate farther out propagates the state exactly,
 * always forwards from the segment start or the previous iterate (backwards, the fast modes would
 * amplify rounding by e^(|lambda| h)).
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class ExactSolver implements PatientSolver, RootFinder.DifferentiableFunction {
  /** Tolerance of the peak search on the time axis, in h. */
  static final double PEAK_TIME_TOLERANCE_H = 1e-10;

  /** Degree of the vector Taylor series of the peak search. */
  static final int TAYLOR_DEGREE = 12;

  /** Largest 1-norm of R times a sub-step of the peak search. */
  static final double TAYLOR_STEP_NORM = 0.25;

  /** Longer moves of the peak search use the matrix exponential. */
  static final int MAX_TAYLOR_SUBSTEPS = 8;

  /** Degree of the slope's Taylor polynomial about the peak's first estimate. */
  static final int PEAK_SERIES_DEGREE = 8;

  /**
   * The polynomial stands for the slope where ||[K b; 0 0]||_1 times the distance from its centre
   * is at most this: truncation below 0.1^9 / 9! = 2.8e-15 relative.
   */
  static final double PEAK_SERIES_REACH = 0.1;

  /** Iterations of the safeguarded Newton search for the Hermite estimate's root. */
  static final int HERMITE_ITERATIONS = 60;

  private final CompartmentSystem system;
  private final Schedule schedule;
  private final int n;
  private final int outputs;
  private final int size;
  private final MatrixExponential exponential;
  private final MetricAccumulator metrics;

  private final double[] rates;
  private final double[] outputWeights;
  private final double[] augmented;
  private final double[] reduced;
  private final double[] slopeWeights;
  private final double[] curvatureWeights;
  private final double[][] propagators;
  private final boolean[] propagatorReady;
  private final double[] state;
  private final double[] next;
  private final double[] values;
  private final double[] nextValues;
  private final double[] slopes;
  private final double[] nextSlopes;
  private final double[] integrals;
  private final double[] integralScale;
  private final double[] tails;
  private final DecayTail tail;
  private final double[] taylorTerm;
  private final double[] taylorNext;
  private final double[] peakState;
  private final double[] peakStart;
  private final double[] peakPropagator;
  private final MatrixExponential reducedExponential;
  private final double[] seriesSlope;
  private double seriesCentre;
  private double seriesReach;
  private double seriesValue;
  private int peakOutput;
  private double peakCurvature;
  private double peakAt;
  private double reducedNorm;

  public ExactSolver(CompartmentSystem system, Schedule schedule) {
    this.system = system;
    this.schedule = schedule;
    this.n = system.states();
    this.outputs = system.outputs();
    this.size = n + outputs + 1;
    this.exponential = new MatrixExponential(size);
    this.metrics = new MetricAccumulator(outputs);
    this.rates = new double[n * n];
    this.outputWeights = new double[outputs * n];
    this.augmented = new double[size * size];
    this.reduced = new double[(n + 1) * (n + 1)];
    this.slopeWeights = new double[outputs * (n + 1)];
    this.curvatureWeights = new double[outputs * (n + 1)];
    this.propagators = new double[schedule.distinctLengths()][size * size];
    this.propagatorReady = new boolean[schedule.distinctLengths()];
    this.state = new double[size];
    this.next = new double[size];
    this.values = new double[outputs];
    this.nextValues = new double[outputs];
    this.slopes = new double[outputs];
    this.nextSlopes = new double[outputs];
    this.integrals = new double[outputs];
    this.integralScale = new double[outputs];
    this.tails = new double[outputs];
    this.tail = new DecayTail(n);
    this.taylorTerm = new double[n + 1];
    this.taylorNext = new double[n + 1];
    this.peakState = new double[n + 1];
    this.peakStart = new double[n + 1];
    this.peakPropagator = new double[(n + 1) * (n + 1)];
    this.reducedExponential = new MatrixExponential(n + 1);
    this.seriesSlope = new double[PEAK_SERIES_DEGREE + 1];
  }

  @Override
  public void solve(double[] parameters, double[] doseMg, PatientResult result) {
    assemble(parameters);
    java.util.Arrays.fill(propagatorReady, false);
    java.util.Arrays.fill(state, 0.0);
    metrics.reset();

    system.outputValues(outputWeights, state, values);
    record(0, values, result);
    double previousRate = Double.NaN;
    for (int s = 0; s < schedule.points() - 1; s++) {
      double rate = schedule.rate(s, doseMg);
      state[size - 1] = rate;
      double h = schedule.time(s + 1) - schedule.time(s);
      propagate(propagator(schedule.lengthIndex(s)), state, next);
      if (rate == previousRate) {
        // Same state, same input: the slopes at this start are the last segment's end slopes.
        System.arraycopy(nextSlopes, 0, slopes, 0, outputs);
      } else {
        slopesOf(state, slopes);
      }
      previousRate = rate;
      slopesOf(next, nextSlopes);
      system.outputValues(outputWeights, next, nextValues);
      for (int k = 0; k < outputs; k++) {
        if (MetricAccumulator.peakInside(slopes[k], nextSlopes[k])) {
          locatePeak(k, s, h);
        }
      }
      System.arraycopy(next, 0, state, 0, size);
      System.arraycopy(nextValues, 0, values, 0, outputs);
      record(s + 1, values, result);
    }
    readIntegrals();
    tail.compute(rates, state, outputWeights, tails);
    metrics.finish(integrals, tails, result);
    result.status = Status.OK;
    if (!result.allFinite()) {
      result.fail(Status.NON_FINITE);
    }
  }

  /**
   * Builds M, the reduced matrix [K b; 0 0] of the peak search, and the weights giving each
   * output's slope W [K b] [A; R] and its derivative W [K b] [K b; 0 0] [A; R].
   */
  private void assemble(double[] parameters) {
    system.rateMatrix(parameters, rates);
    system.outputMatrix(parameters, outputWeights);
    int dosing = system.dosingCompartment();
    java.util.Arrays.fill(augmented, 0.0);
    java.util.Arrays.fill(reduced, 0.0);
    for (int i = 0; i < n; i++) {
      System.arraycopy(rates, i * n, augmented, i * size, n);
      System.arraycopy(rates, i * n, reduced, i * (n + 1), n);
    }
    augmented[dosing * size + size - 1] = 1.0;
    reduced[dosing * (n + 1) + n] = 1.0;
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
    for (int k = 0; k < outputs; k++) {
      for (int j = 0; j <= n; j++) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += outputWeights[k * n + i] * reduced[i * (n + 1) + j];
        }
        slopeWeights[k * (n + 1) + j] = sum;
      }
      for (int j = 0; j <= n; j++) {
        double sum = 0;
        for (int i = 0; i <= n; i++) {
          sum += slopeWeights[k * (n + 1) + i] * reduced[i * (n + 1) + j];
        }
        curvatureWeights[k * (n + 1) + j] = sum;
      }
    }
    reducedNorm = 0;
    for (int j = 0; j <= n; j++) {
      double column = 0;
      for (int i = 0; i <= n; i++) {
        column += Math.abs(reduced[i * (n + 1) + j]);
      }
      reducedNorm = Math.max(reducedNorm, column);
    }
  }

  private double[] propagator(int lengthIndex) {
    if (!propagatorReady[lengthIndex]) {
      exponential.compute(
          augmented, schedule.distinctLength(lengthIndex), propagators[lengthIndex]);
      propagatorReady[lengthIndex] = true;
    }
    return propagators[lengthIndex];
  }

  private void record(int p, double[] pointValues, PatientResult result) {
    if (p == schedule.lastIntervalStart() || p == schedule.lastIntervalEnd()) {
      // The only points whose integrals the metrics read (auc_tau); the horizon's come at the end.
      readIntegrals();
    }
    metrics.atPoint(schedule, p, pointValues, integrals, result);
  }

  /**
   * Finds the interior maximum of output k on segment s, whose start state is {@link #state} and
   * end state {@link #next}, from the Hermite estimate and the slope's polynomial about it.
   */
  private void locatePeak(int k, int s, double h) {
    peakOutput = k;
    System.arraycopy(state, 0, peakStart, 0, n);
    peakStart[n] = state[size - 1];
    System.arraycopy(peakStart, 0, peakState, 0, n + 1);
    peakAt = 0;
    double startCurvature = 0;
    double endCurvature = curvatureWeights[k * (n + 1) + n] * next[size - 1];
    for (int j = 0; j <= n; j++) {
      startCurvature += curvatureWeights[k * (n + 1) + j] * peakStart[j];
    }
    for (int j = 0; j < n; j++) {
      endCurvature += curvatureWeights[k * (n + 1) + j] * next[j];
    }
    double guess = hermiteRoot(slopes[k], startCurvature, nextSlopes[k], endCurvature, h);
    expandAt(guess);
    double offset = RootFinder.newton(this, 0.0, h, guess, PEAK_TIME_TOLERANCE_H);
    double peak;
    if (withinSeries(offset)) {
      // The output's value: its value at the centre plus the integral of the slope's polynomial.
      double delta = offset - seriesCentre;
      double integral = 0;
      for (int j = PEAK_SERIES_DEGREE; j >= 0; j--) {
        integral = integral * delta + seriesSlope[j] / (j + 1);
      }
      peak = seriesValue + integral * delta;
    } else {
      exactSlope(offset);
      peak = 0;
      for (int i = 0; i < n; i++) {
        peak += outputWeights[k * n + i] * peakState[i];
      }
    }
    metrics.atPeak(k, schedule.time(s) + offset, peak);
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

  /**
   * Propagates the state to {@code centre} and takes the output's value there and its slope's
   * Taylor coefficients, slopeWeights [K b; 0 0]^j z / j! for j = 0..{@value #PEAK_SERIES_DEGREE}.
   *
   * @return the slope at the centre, from the state propagated there
   */
  private double expandAt(double centre) {
    double slope = exactSlope(centre);
    seriesCentre = centre;
    seriesValue = 0;
    for (int i = 0; i < n; i++) {
      seriesValue += outputWeights[peakOutput * n + i] * peakState[i];
    }
    System.arraycopy(peakState, 0, taylorTerm, 0, n + 1);
    for (int j = 0; j <= PEAK_SERIES_DEGREE; j++) {
      if (j > 0) {
        for (int i = 0; i <= n; i++) {
          double sum = 0;
          for (int m = 0; m <= n; m++) {
            sum += reduced[i * (n + 1) + m] * taylorTerm[m];
          }
          taylorNext[i] = sum / j;
        }
        System.arraycopy(taylorNext, 0, taylorTerm, 0, n + 1);
      }
      double coefficient = 0;
      for (int i = 0; i <= n; i++) {
        coefficient += slopeWeights[peakOutput * (n + 1) + i] * taylorTerm[i];
      }
      seriesSlope[j] = coefficient;
    }
    // Rates so large that powers of the matrix overflow (absurd parameters) leave no polynomial.
    boolean finite = Double.isFinite(seriesValue);
    for (double coefficient : seriesSlope) {
      finite &= Double.isFinite(coefficient);
    }
    seriesReach = finite ? PEAK_SERIES_REACH / reducedNorm : -1;
    return slope;
  }

  /**
   * Whether {@code offset} is near enough the polynomial's centre for it to stand for the slope.
   */
  private boolean withinSeries(double offset) {
    return Math.abs(offset - seriesCentre) <= seriesReach;
  }

  /** The slope of the output being searched, {@code offset} hours into the segment. */
  @Override
  public double value(double offset) {
    if (!withinSeries(offset)) {
      // The polynomial moves to where the search has gone: the next iterates land near it.
      double slope = expandAt(offset);
      if (!withinSeries(offset)) {
        // No polynomial (its coefficients overflowed): the exact slope, its curvature set.
        return slope;
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
    peakCurvature = curvature;
    return slope;
  }

  /** The slope, {@code offset} hours into the segment, from the state propagated there. */
  private double exactSlope(double offset) {
    if (offset < peakAt) {
      // Never propagate backwards: the fast modes would amplify rounding by e^(|lambda| h).
      System.arraycopy(peakStart, 0, peakState, 0, n + 1);
      peakAt = 0;
    }
    double delta = offset - peakAt;
    if (reducedNorm * delta > TAYLOR_STEP_NORM * MAX_TAYLOR_SUBSTEPS) {
      reducedExponential.compute(reduced, delta, peakPropagator);
      for (int i = 0; i <= n; i++) {
        double sum = 0;
        for (int j = 0; j <= n; j++) {
          sum += peakPropagator[i * (n + 1) + j] * peakState[j];
        }
        taylorNext[i] = sum;
      }
      System.arraycopy(taylorNext, 0, peakState, 0, n + 1);
    } else {
      advance(peakState, delta);
    }
    peakAt = offset;
    double slope = 0;
    double curvature = 0;
    for (int j = 0; j <= n; j++) {
      slope += slopeWeights[peakOutput * (n + 1) + j] * peakState[j];
      curvature += curvatureWeights[peakOutput * (n + 1) + j] * peakState[j];
    }
    peakCurvature = curvature;
    return slope;
  }

  /**
   * z := exp(R delta) z for the reduced system R = [K b; 0 0], by a Taylor series of degree {@value
   * #TAYLOR_DEGREE} applied to the vector, in sub-steps with ||R delta / m||_1 &lt;= {@value
   * #TAYLOR_STEP_NORM} (truncation below 0.25^13 / 13! = 2.4e-18 relative). The Newton iterates of
   * the peak search are close together, so most calls are one short sub-step of matrix-vector
   * products: far cheaper than a new matrix exponential.
   */
  private void advance(double[] z, double delta) {
    double count = Math.ceil(reducedNorm * Math.abs(delta) / TAYLOR_STEP_NORM);
    // One sub-step at least, also for a NaN count (as the CUDA twin does).
    int substeps = (int) (count > 1 ? count : 1);
    double step = delta / substeps;
    for (int sub = 0; sub < substeps; sub++) {
      System.arraycopy(z, 0, taylorTerm, 0, n + 1);
      for (int degree = 1; degree <= TAYLOR_DEGREE; degree++) {
        double factor = step / degree;
        for (int i = 0; i <= n; i++) {
          double sum = 0;
          for (int j = 0; j <= n; j++) {
            sum += reduced[i * (n + 1) + j] * taylorTerm[j];
          }
          taylorNext[i] = sum * factor;
        }
        for (int i = 0; i <= n; i++) {
          taylorTerm[i] = taylorNext[i];
          z[i] += taylorNext[i];
        }
      }
    }
  }

  /** The derivative of the slope at the offset of the last {@link #value} call. */
  @Override
  public double derivative() {
    return peakCurvature;
  }

  /**
   * The output integrals from the augmented state. Their rows of M are scaled to unit 1-norm (a
   * concentration row holds 1000 / V in ng/mL per mg), so they do not inflate ||M|| and the number
   * of squarings.
   */
  private void readIntegrals() {
    for (int k = 0; k < outputs; k++) {
      integrals[k] = state[n + k] / integralScale[k];
    }
  }

  /** Each output's slope W (K A + b R) for the augmented state z = [A, integrals, R]. */
  private void slopesOf(double[] z, double[] out) {
    for (int k = 0; k < outputs; k++) {
      double sum = slopeWeights[k * (n + 1) + n] * z[size - 1];
      for (int i = 0; i < n; i++) {
        sum += slopeWeights[k * (n + 1) + i] * z[i];
      }
      out[k] = sum;
    }
  }

  /**
   * out = E z for a propagator E = exp(M h), over its blocks that are not known in advance: the
   * amounts do not depend on the integrals (a zero block of M stays zero in every power), the
   * integrals carry over (an identity block) and the rate stays (the last row). The same sums as
   * the full product, without the terms that are exactly 0, in the same order.
   */
  private void propagate(double[] e, double[] z, double[] out) {
    int last = size - 1;
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += e[i * size + j] * z[j];
      }
      out[i] = sum + e[i * size + last] * z[last];
    }
    for (int i = n; i < last; i++) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += e[i * size + j] * z[j];
      }
      out[i] = sum + z[i] + e[i * size + last] * z[last];
    }
    out[last] = z[last];
  }
}
