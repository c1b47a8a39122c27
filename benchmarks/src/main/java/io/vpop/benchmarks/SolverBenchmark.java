package io.vpop.benchmarks;

import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.model.ModelLoader;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Infusion;
import io.vpop.regimen.Regimen;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.PatientResult;
import io.vpop.solve.PatientSolver;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import io.vpop.solve.TimeGrid;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One question: how long does one patient take? The typical adult on the label regimen (25 mg over 0.5 h
 * weekly x 4, hourly grid to 672 h), solved by vpop's exact solver, by vpop's Dormand-Prince, and by the
 * baseline, Hipparchus' Dormand-Prince 5(4) at the same tolerances on the same right-hand side (integrated
 * piecewise between infusion boundaries, concentrations read at every grid time by a step handler, no peak
 * search: it does less work than vpop's).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SolverBenchmark {
  private double[] parameters;
  private final double[] doses = {25};
  private PatientSolver exact;
  private PatientSolver dopri5;
  private PatientResult result;
  private double[] rates;
  private TimeGrid grid;
  private int states;

  @Setup
  public void setUp() {
    Model model = ModelLoader.builtIn("temsirolimus", "model");
    double[] typical = model.parameterSet("adult-label", "parameter_set").values();
    parameters = new double[typical.length];
    double[] ones = new double[typical.length];
    Arrays.fill(ones, 1);
    model.individualParameters(
        typical, new Covariates(40, 70, 175, 1.84), 25.0 / 70, new double[typical.length], ones, parameters);
    Regimen regimen = Regimen.of(new Infusion(Dose.of(25, DoseUnit.MG), 0.5, 0, 168, 4));
    grid = TimeGrid.uniform(672, 1);
    Schedule schedule = new Schedule(regimen, grid);
    CompartmentSystem system = new CompartmentSystem(model);
    exact = SolverKind.EXACT.create(system, schedule);
    dopri5 = SolverKind.DOPRI5.create(system, schedule);
    result = new PatientResult(system.outputs(), grid.size());
    states = system.states();
    rates = new double[states * states];
    system.rateMatrix(parameters, rates);
  }

  @Benchmark
  public double vpopExact() {
    exact.solve(parameters, doses, result);
    return result.concentration(1, 300);
  }

  @Benchmark
  public double vpopDormandPrince() {
    dopri5.solve(parameters, doses, result);
    return result.concentration(1, 300);
  }

  @Benchmark
  public double hipparchusDormandPrince() {
    double[] sink = new double[1];
    double[] rate = new double[1];
    OrdinaryDifferentialEquation ode =
        new OrdinaryDifferentialEquation() {
          @Override
          public int getDimension() {
            return states;
          }

          @Override
          public double[] computeDerivatives(double t, double[] y) {
            double[] dy = new double[states];
            for (int i = 0; i < states; i++) {
              double sum = 0;
              for (int j = 0; j < states; j++) {
                sum += rates[i * states + j] * y[j];
              }
              dy[i] = sum;
            }
            dy[0] += rate[0];
            return dy;
          }
        };
    ODEIntegrator integrator =
        new DormandPrince54Integrator(
            1e-12, grid.maxStepH(), SolverKind.DOPRI5_ATOL, SolverKind.DOPRI5_RTOL);
    integrator.addStepHandler(
        interpolator -> {
          double from = interpolator.getPreviousState().getTime();
          double to = interpolator.getCurrentState().getTime();
          for (int g = (int) Math.ceil(from); g <= to && g < grid.size(); g++) {
            sink[0] += interpolator.getInterpolatedState(g).getPrimaryState()[3];
          }
        });
    ODEState state = new ODEState(0, new double[states]);
    for (int dose = 0; dose < 4; dose++) {
      double start = 168.0 * dose;
      rate[0] = 25 / 0.5;
      ODEStateAndDerivative end = integrator.integrate(ode, state, start + 0.5);
      rate[0] = 0;
      end = integrator.integrate(ode, new ODEState(end.getTime(), end.getPrimaryState()), start + 168);
      state = new ODEState(end.getTime(), end.getPrimaryState());
    }
    return sink[0];
  }
}
