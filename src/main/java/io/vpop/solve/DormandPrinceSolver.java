package io.vpop.solve;

import io.vpop.batch.Status;
import java.util.Arrays;

/**
 * An adaptive Dormand-Prince 5(4) integrator with dense output, for models whose right-hand side is
 * not linear (here it integrates the same linear system as {@link ExactSolver}, which makes the two
 * a check on each other).
 *
 * <p>Method: J. R. Dormand and P. J. Prince, "A family of embedded Runge-Kutta formulae", J.
 * Comput. Appl. Math. 6(1), 1980; coefficients, error estimate, step-size control and the
 * continuous extension of order 4 as in E. Hairer, S. P. Norsett and G. Wanner, Solving Ordinary
 * Differential Equations I, 2nd ed., 1993, section II.5 and II.6 (code DOPRI5). The state is [A,
 * integral of W A], so AUCs are integrated by the method itself, to its tolerance.
 *
 * <p>The integrator stops exactly at every {@linkplain Schedule#isStop stop} (infusion starts and
 * ends, bounds of the last dosing interval): no step crosses a discontinuity of the input. Output
 * times between stops come from the dense output. The step is at most the largest spacing of the
 * output grid, as the exact solver's segments are, so both search for peaks on steps of the same
 * scale (see {@link MetricAccumulator#peakInside}).
 *
 * <p>Error norm: err = sqrt(mean_i (e_i / sc_i)^2) with sc_i = atol + rtol max(|y_i|, |y_new_i|); a
 * step is accepted when err &lt;= 1 and the next is h * min(10, max(0.2, 0.9 err^(-1/5))).
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class DormandPrinceSolver implements PatientSolver, RootFinder.Function {
  // Coupling coefficients a_ij (Hairer, Norsett, Wanner, Table 5.2). The nodes c_i are not needed:
  // between two
  // stops the input is constant, so the right-hand side does not depend on t.
  static final double A21 = 1.0 / 5;
  static final double A31 = 3.0 / 40;
  static final double A32 = 9.0 / 40;
  static final double A41 = 44.0 / 45;
  static final double A42 = -56.0 / 15;
  static final double A43 = 32.0 / 9;
  static final double A51 = 19372.0 / 6561;
  static final double A52 = -25360.0 / 2187;
  static final double A53 = 64448.0 / 6561;
  static final double A54 = -212.0 / 729;
  static final double A61 = 9017.0 / 3168;
  static final double A62 = -355.0 / 33;
  static final double A63 = 46732.0 / 5247;
  static final double A64 = 49.0 / 176;
  static final double A65 = -5103.0 / 18656;
  // Fifth-order weights b_i (= a_7i: first same as last).
  static final double A71 = 35.0 / 384;
  static final double A73 = 500.0 / 1113;
  static final double A74 = 125.0 / 192;
  static final double A75 = -2187.0 / 6784;
  static final double A76 = 11.0 / 84;
  // Error weights e_i = b_i - b*_i (fifth minus fourth order).
  static final double E1 = 71.0 / 57600;
  static final double E3 = -71.0 / 16695;
  static final double E4 = 71.0 / 1920;
  static final double E5 = -17253.0 / 339200;
  static final double E6 = 22.0 / 525;
  static final double E7 = -1.0 / 40;
  // Dense output of order 4 (Shampine 1986, as in DOPRI5's CONTD5).
  static final double D1 = -12715105075.0 / 11282082432.0;
  static final double D3 = 87487479700.0 / 32700410799.0;
  static final double D4 = -10690763975.0 / 1880347072.0;
  static final double D5 = 701980252875.0 / 199316789632.0;
  static final double D6 = -1453857185.0 / 822651844.0;
  static final double D7 = 69997945.0 / 29380423.0;

  private static final double SAFETY = 0.9;
  private static final double MIN_FACTOR = 0.2;
  private static final double MAX_FACTOR = 10.0;

  /**
   * Steps a patient may take beyond four per schedule point before the solve is declared failed.
   */
  static final int STEP_ALLOWANCE = 100_000;

  /** Newton iterations of {@link #fifthRoot}: enough from a start within a factor 2 of the root. */
  static final int FIFTH_ROOT_ITERATIONS = 12;

  /** Smallest step, relative to max(1, t), before the solve is declared failed. */
  private static final double MIN_STEP_RELATIVE = 1e-12;

  private final CompartmentSystem system;
  private final Schedule schedule;
  private final double relativeTolerance;
  private final double absoluteTolerance;
  private final double maxStep;
  private final int n;
  private final int outputs;
  private final int dim;
  private final MetricAccumulator metrics;

  private final double[] rates;
  private final double[] outputWeights;
  private final double[] outputSlopes;
  private final double[] outputInputSlope;
  private final double[] y;
  private final double[] yNew;
  private final double[] stage;
  private final double[] k1;
  private final double[] k2;
  private final double[] k3;
  private final double[] k4;
  private final double[] k5;
  private final double[] k6;
  private final double[] k7;
  private final double[] dense;
  private final double[] interpolated;
  private final double[] values;
  private final double[] nextValues;
  private final double[] integrals;
  private final double[] peakTime;
  private final double[] tails;
  private final DecayTail tail;
  private final double[] peakValue;
  private final int[] doseCompartments;
  private final int[] doseBioavailability;
  private final double[] arriving;
  private final SteadyState steadyState;
  private int dosing;
  private double rate;
  private double stepLength;
  private int peakOutput;

  /** The output and level of a threshold's crossing being searched. */
  private int crossingOutput;

  private double crossingLevel;

  /** The output searched minus its threshold, hours into the step. */
  private final RootFinder.Function crossing =
      offset -> outputAt(crossingOutput, offset) - crossingLevel;

  /**
   * @param relativeTolerance rtol, &gt; 0
   * @param absoluteTolerance atol, &gt; 0, in the units of each state (mg; ng*h/mL for the
   *     integrals)
   */
  public DormandPrinceSolver(
      CompartmentSystem system,
      Schedule schedule,
      double relativeTolerance,
      double absoluteTolerance) {
    if (!(relativeTolerance > 0) || !(absoluteTolerance > 0)) {
      throw new IllegalArgumentException(
          "tolerances must be > 0: rtol " + relativeTolerance + ", atol " + absoluteTolerance);
    }
    this.system = system;
    this.schedule = schedule;
    this.relativeTolerance = relativeTolerance;
    this.absoluteTolerance = absoluteTolerance;
    this.maxStep = schedule.grid().maxStepH();
    this.n = system.states();
    this.outputs = system.outputs();
    this.dim = n + outputs;
    this.metrics = new MetricAccumulator(outputs, schedule);
    this.rates = new double[n * n];
    this.outputWeights = new double[outputs * n];
    this.outputSlopes = new double[outputs * n];
    this.outputInputSlope = new double[outputs];
    this.y = new double[dim];
    this.yNew = new double[dim];
    this.stage = new double[dim];
    this.k1 = new double[dim];
    this.k2 = new double[dim];
    this.k3 = new double[dim];
    this.k4 = new double[dim];
    this.k5 = new double[dim];
    this.k6 = new double[dim];
    this.k7 = new double[dim];
    this.dense = new double[5 * dim];
    this.interpolated = new double[dim];
    this.values = new double[outputs];
    this.nextValues = new double[outputs];
    this.integrals = new double[outputs];
    this.peakTime = new double[outputs];
    this.tails = new double[outputs];
    this.tail = new DecayTail(n);
    this.peakValue = new double[outputs];
    this.doseCompartments = system.doseCompartments(schedule);
    this.doseBioavailability = system.doseBioavailability(schedule);
    this.arriving = new double[schedule.lines()];
    this.steadyState = new SteadyState(n);
  }

  @Override
  public void solve(double[] parameters, double[] doseMg, PatientResult result) {
    system.rateMatrix(parameters, rates);
    system.outputMatrix(parameters, outputWeights);
    // From here on, the amounts that arrive (F times the dose, where the compartment has an F).
    double[] arrivingMg = arriving;
    CompartmentSystem.bioavailableDoses(parameters, doseBioavailability, doseMg, arrivingMg);
    dosing = system.dosingCompartment();
    for (int k = 0; k < outputs; k++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += outputWeights[k * n + i] * rates[i * n + j];
        }
        outputSlopes[k * n + j] = sum;
      }
      outputInputSlope[k] = outputWeights[k * n + dosing];
    }
    Arrays.fill(y, 0.0);
    metrics.reset();
    result.status = Status.OK;

    if (schedule.startsAtSteadyState()) {
      steadyState.add(schedule, rates, dosing, doseCompartments, arrivingMg, y);
    }
    double t = 0;
    give(0, arrivingMg, y);
    system.outputValues(outputWeights, y, values);
    record(0, y, values, result);
    int point = 1;
    long stepsLeft = STEP_ALLOWANCE + 4L * schedule.points();
    double h = Double.NaN;
    int from = 0;
    while (from < schedule.points() - 1) {
      int to = from + 1;
      while (!schedule.isStop(to)) {
        to++;
      }
      rate = schedule.rate(from, arrivingMg);
      double end = schedule.time(to);
      derivatives(y, k1);
      if (Double.isNaN(h)) {
        h = initialStep();
      }
      boolean rejected = false;
      while (t < end) {
        h = Math.min(h, maxStep);
        boolean last = t + 1.01 * h >= end;
        if (last) {
          h = end - t;
        }
        if (--stepsLeft < 0) {
          result.fail(Status.STEP_LIMIT);
          return;
        }
        double error = attempt(h);
        if (!Double.isFinite(error)) {
          result.fail(Status.NON_FINITE);
          return;
        }
        double factor = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, SAFETY / fifthRoot(error)));
        if (error <= 1.0) {
          double tNew = last ? end : t + h;
          prepareDense(h);
          stepLength = tNew - t;
          system.outputValues(outputWeights, yNew, nextValues);
          locatePeaks(t, tNew - t);
          if (from >= schedule.lastIntervalStart() && from < schedule.lastIntervalEnd()) {
            locateMinima(tNew - t);
          }
          timeAboveInStep(t, tNew - t);
          // Hooks in time order, as the exact solver calls them: a peak before the points after it.
          while (point < schedule.points() && schedule.time(point) <= tNew) {
            double pointTime = schedule.time(point);
            registerPeaksBefore(pointTime);
            if (pointTime == tNew) {
              // A bolus is at a stop, where a step ends: the integration restarts after it.
              if (schedule.bolusLines(point) != 0) {
                metrics.beforeBolus(schedule, point, nextValues, 0);
              }
              if (give(point, arrivingMg, yNew)) {
                system.outputValues(outputWeights, yNew, nextValues);
              }
              record(point, yNew, nextValues, result);
            } else {
              interpolate((pointTime - t) / (tNew - t), interpolated);
              system.outputValues(outputWeights, interpolated, values);
              record(point, interpolated, values, result);
            }
            point++;
          }
          registerPeaksBefore(Double.POSITIVE_INFINITY);
          t = tNew;
          System.arraycopy(yNew, 0, y, 0, dim);
          System.arraycopy(k7, 0, k1, 0, dim);
          System.arraycopy(nextValues, 0, values, 0, outputs);
          h = rejected ? Math.min(h, h * factor) : h * factor;
          rejected = false;
        } else {
          h *= factor;
          rejected = true;
        }
        if (h < MIN_STEP_RELATIVE * Math.max(1.0, Math.abs(t))) {
          result.fail(Status.STEP_SIZE_UNDERFLOW);
          return;
        }
      }
      from = to;
    }
    System.arraycopy(y, n, integrals, 0, outputs);
    tail.compute(rates, y, outputWeights, tails);
    metrics.finish(integrals, tails, result);
    if (!metrics.gridFinite() || !result.metricsFinite()) {
      result.fail(Status.NON_FINITE);
    }
  }

  /**
   * x^(1/5) for x &gt;= 0 by Newton's iteration y := (4 y + x / y^4) / 5 from the power of two
   * nearest below, with + * / only: the CUDA mirror computes the same bits, which Math.pow would
   * not promise.
   */
  static double fifthRoot(double x) {
    if (!(x > 0) || x == Double.POSITIVE_INFINITY) {
      return x;
    }
    double clamped = Math.max(x, Double.MIN_NORMAL);
    double y = Math.scalb(1.0, Math.getExponent(clamped) / 5);
    for (int iteration = 0; iteration < FIFTH_ROOT_ITERATIONS; iteration++) {
      double y2 = y * y;
      y = (4 * y + clamped / (y2 * y2)) / 5;
    }
    return y;
  }

  /** One Dormand-Prince step of length h from y (with k1 = f(y)); returns the error norm. */
  private double attempt(double h) {
    for (int i = 0; i < dim; i++) {
      stage[i] = y[i] + h * A21 * k1[i];
    }
    derivatives(stage, k2);
    for (int i = 0; i < dim; i++) {
      stage[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
    }
    derivatives(stage, k3);
    for (int i = 0; i < dim; i++) {
      stage[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    }
    derivatives(stage, k4);
    for (int i = 0; i < dim; i++) {
      stage[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    }
    derivatives(stage, k5);
    for (int i = 0; i < dim; i++) {
      stage[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    }
    derivatives(stage, k6);
    for (int i = 0; i < dim; i++) {
      yNew[i] = y[i] + h * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
    }
    derivatives(yNew, k7);
    double sum = 0;
    for (int i = 0; i < dim; i++) {
      double estimate =
          h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
      double scale =
          absoluteTolerance + relativeTolerance * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
      double ratio = estimate / scale;
      sum += ratio * ratio;
    }
    return Math.sqrt(sum / dim);
  }

  /** The coefficients of the continuous extension on the step just accepted. */
  private void prepareDense(double h) {
    for (int i = 0; i < dim; i++) {
      double difference = yNew[i] - y[i];
      double spline = h * k1[i] - difference;
      dense[i] = y[i];
      dense[dim + i] = difference;
      dense[2 * dim + i] = spline;
      dense[3 * dim + i] = difference - h * k7[i] - spline;
      dense[4 * dim + i] =
          h * (D1 * k1[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i] + D7 * k7[i]);
    }
  }

  /** The state at fraction theta (0..1) of the step just accepted. */
  private void interpolate(double theta, double[] out) {
    double rest = 1 - theta;
    for (int i = 0; i < dim; i++) {
      out[i] =
          dense[i]
              + theta
                  * (dense[dim + i]
                      + rest
                          * (dense[2 * dim + i]
                              + theta * (dense[3 * dim + i] + rest * dense[4 * dim + i])));
    }
  }

  /** Finds the interior maximum of every output that may peak inside the step [t, t + h]. */
  private void locatePeaks(double t, double h) {
    for (int k = 0; k < outputs; k++) {
      peakTime[k] = Double.NaN;
      double slope = slopeOf(k, k1);
      double nextSlope = slopeOf(k, k7);
      if (MetricAccumulator.peakInside(slope, nextSlope)) {
        double offset = slopeRoot(k, h, slope, nextSlope);
        peakTime[k] = t + offset;
        peakValue[k] = outputAt(k, offset);
      }
    }
  }

  /**
   * Finds the interior minimum of every output that may have one inside the step [t, t + h] of the
   * last dosing interval ({@link MetricAccumulator#minimumInside}); they need no time order, as
   * only their least value is kept.
   */
  private void locateMinima(double h) {
    for (int k = 0; k < outputs; k++) {
      double slope = slopeOf(k, k1);
      double nextSlope = slopeOf(k, k7);
      if (MetricAccumulator.minimumInside(slope, nextSlope)) {
        metrics.atMinimum(k, outputAt(k, slopeRoot(k, h, slope, nextSlope)));
      }
    }
  }

  /**
   * Adds the step's hours above their thresholds to the outputs that have one: the step split at
   * its interior maximum (located by {@link #locatePeaks}) or minimum into monotone pieces, and
   * each piece's crossing located by Brent on the dense output.
   */
  private void timeAboveInStep(double t, double h) {
    for (int k = 0; k < outputs; k++) {
      if (!metrics.hasThreshold(k)) {
        continue;
      }
      double slope = slopeOf(k, k1);
      double nextSlope = slopeOf(k, k7);
      double turn = Double.NaN;
      double turnValue = Double.NaN;
      if (MetricAccumulator.peakInside(slope, nextSlope)) {
        turn = peakTime[k] - t;
        turnValue = peakValue[k];
      } else if (MetricAccumulator.minimumInside(slope, nextSlope)) {
        turn = slopeRoot(k, h, slope, nextSlope);
        turnValue = outputAt(k, turn);
      }
      if (turn == turn) {
        pieceAbove(k, 0, turn, values[k], turnValue);
        pieceAbove(k, turn, h, turnValue, nextValues[k]);
      } else {
        pieceAbove(k, 0, h, values[k], nextValues[k]);
      }
    }
  }

  /**
   * Adds the part of a monotone piece [a, b] of the step from {@code ya} to {@code yb} above output
   * k's threshold.
   */
  private void pieceAbove(int k, double a, double b, double ya, double yb) {
    double level = metrics.threshold(k);
    double at = Double.NaN;
    if (MetricAccumulator.crosses(ya, yb, level)) {
      crossingOutput = k;
      crossingLevel = level;
      at =
          RootFinder.brent(
              crossing, a, b, ya - level, yb - level, ExactSolver.PEAK_TIME_TOLERANCE_H);
    }
    metrics.addTimeAbove(k, MetricAccumulator.timeAbove(a, b, ya, level, at));
  }

  /**
   * Where output k's slope passes through 0 in the step of length h, between {@code slope} at its
   * start and {@code nextSlope} at its end, which differ in sign: hours into the step.
   */
  private double slopeRoot(int k, double h, double slope, double nextSlope) {
    peakOutput = k;
    return RootFinder.brent(this, 0.0, h, slope, nextSlope, ExactSolver.PEAK_TIME_TOLERANCE_H);
  }

  /** Output k's value {@code offset} hours into the step, from the dense output. */
  private double outputAt(int k, double offset) {
    interpolate(offset / stepLength, interpolated);
    double value = 0;
    for (int i = 0; i < n; i++) {
      value += outputWeights[k * n + i] * interpolated[i];
    }
    return value;
  }

  private void registerPeaksBefore(double time) {
    for (int k = 0; k < outputs; k++) {
      if (peakTime[k] < time) {
        metrics.atPeak(k, peakTime[k], peakValue[k]);
        peakTime[k] = Double.NaN;
      }
    }
  }

  /**
   * The slope of the output being searched at {@code offset} hours into the step: W (K A + b R).
   */
  @Override
  public double value(double offset) {
    interpolate(offset / stepLength, interpolated);
    double slope = outputInputSlope[peakOutput] * rate;
    for (int j = 0; j < n; j++) {
      slope += outputSlopes[peakOutput * n + j] * interpolated[j];
    }
    return slope;
  }

  private double slopeOf(int k, double[] derivative) {
    double slope = 0;
    for (int i = 0; i < n; i++) {
      slope += outputWeights[k * n + i] * derivative[i];
    }
    return slope;
  }

  /** f(y): dA/dt = K A + b R and d(integral)/dt = W A. */
  private void derivatives(double[] state, double[] out) {
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += rates[i * n + j] * state[j];
      }
      out[i] = sum;
    }
    out[dosing] += rate;
    for (int k = 0; k < outputs; k++) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += outputWeights[k * n + j] * state[j];
      }
      out[n + k] = sum;
    }
  }

  /**
   * The first step (Hairer, Norsett, Wanner, section II.4, "automatic step size selection"): from
   * the sizes of y, f(y) and an estimate of the second derivative.
   */
  private double initialStep() {
    double normF = 0;
    double normY = 0;
    for (int i = 0; i < dim; i++) {
      double scale = absoluteTolerance + relativeTolerance * Math.abs(y[i]);
      normF += (k1[i] / scale) * (k1[i] / scale);
      normY += (y[i] / scale) * (y[i] / scale);
    }
    double h = (normF <= 1e-10 || normY <= 1e-10) ? 1e-6 : 0.01 * Math.sqrt(normY / normF);
    h = Math.min(h, maxStep);
    for (int i = 0; i < dim; i++) {
      stage[i] = y[i] + h * k1[i];
    }
    derivatives(stage, k2);
    double second = 0;
    for (int i = 0; i < dim; i++) {
      double scale = absoluteTolerance + relativeTolerance * Math.abs(y[i]);
      double difference = (k2[i] - k1[i]) / scale;
      second += difference * difference;
    }
    second = Math.sqrt(second) / h;
    double larger = Math.max(second, Math.sqrt(normF));
    double h1 = larger <= 1e-15 ? Math.max(1e-6, h * 1e-3) : fifthRoot(0.01 / larger);
    return Math.min(Math.min(100 * h, h1), maxStep);
  }

  /** Gives the boluses of point {@code p} into the state; whether there were any. */
  private boolean give(int p, double[] arrivingMg, double[] state) {
    long boluses = schedule.bolusLines(p);
    if (boluses == 0) {
      return false;
    }
    while (boluses != 0) {
      int line = Long.numberOfTrailingZeros(boluses);
      state[doseCompartments[line]] += arrivingMg[line];
      boluses &= boluses - 1;
    }
    return true;
  }

  private void record(int p, double[] state, double[] pointValues, PatientResult result) {
    System.arraycopy(state, n, integrals, 0, outputs);
    metrics.atPoint(schedule, p, pointValues, 0, integrals, result);
  }
}
