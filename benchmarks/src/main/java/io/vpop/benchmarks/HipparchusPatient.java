package io.vpop.benchmarks;

import io.vpop.solve.CompartmentSystem;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * The baseline a Java user would write with Hipparchus: the same right-hand side (amounts and the outputs'
 * integrals), integrated dose by dose so no step crosses an infusion boundary, outputs read at every hourly
 * grid time by a step handler, Cmax taken on the grid. Allocates as Hipparchus does (arrays per derivative
 * call, state objects per step).
 */
final class HipparchusPatient {
  private final CompartmentSystem system;
  private final int n;
  private final int outputs;
  private final double[] rates;
  private final double[] weights;
  private final ODEIntegrator integrator;
  private double rate;

  HipparchusPatient(CompartmentSystem system, boolean order8, double rtol) {
    this.system = system;
    this.n = system.states();
    this.outputs = system.outputs();
    this.rates = new double[n * n];
    this.weights = new double[outputs * n];
    double atol = rtol * 1e-5;
    double maxStep = Patients.GRID.maxStepH();
    this.integrator =
        order8
            ? new DormandPrince853Integrator(1e-12, maxStep, atol, rtol)
            : new DormandPrince54Integrator(1e-12, maxStep, atol, rtol);
  }

  /** The outputs on the grid, [output][time] in ng/mL. */
  double[][] solve(double[] parameters) {
    system.rateMatrix(parameters, rates);
    system.outputMatrix(parameters, weights);
    double[][] grid = new double[outputs][Patients.GRID.size()];
    OrdinaryDifferentialEquation ode =
        new OrdinaryDifferentialEquation() {
          @Override
          public int getDimension() {
            return n + outputs;
          }

          @Override
          public double[] computeDerivatives(double t, double[] y) {
            double[] dy = new double[n + outputs];
            for (int i = 0; i < n; i++) {
              double sum = 0;
              for (int j = 0; j < n; j++) {
                sum += rates[i * n + j] * y[j];
              }
              dy[i] = sum;
            }
            dy[system.dosingCompartment()] += rate;
            for (int k = 0; k < outputs; k++) {
              double sum = 0;
              for (int j = 0; j < n; j++) {
                sum += weights[k * n + j] * y[j];
              }
              dy[n + k] = sum;
            }
            return dy;
          }
        };
    integrator.clearStepHandlers();
    integrator.addStepHandler(
        interpolator -> {
          double from = interpolator.getPreviousState().getTime();
          double to = interpolator.getCurrentState().getTime();
          for (int g = (int) Math.ceil(from); g <= to && g < Patients.GRID.size(); g++) {
            double[] y = interpolator.getInterpolatedState(g).getPrimaryState();
            for (int k = 0; k < outputs; k++) {
              double value = 0;
              for (int j = 0; j < n; j++) {
                value += weights[k * n + j] * y[j];
              }
              grid[k][g] = value;
            }
          }
        });
    ODEState state = new ODEState(0, new double[n + outputs]);
    for (int dose = 0; dose < 4; dose++) {
      double start = 168.0 * dose;
      rate = 25 / 0.5;
      ODEStateAndDerivative end = integrator.integrate(ode, state, start + 0.5);
      rate = 0;
      end = integrator.integrate(ode, new ODEState(end.getTime(), end.getPrimaryState()), start + 168);
      state = new ODEState(end.getTime(), end.getPrimaryState());
    }
    return grid;
  }
}
