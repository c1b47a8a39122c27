package io.vpop.benchmarks;

import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.DormandPrinceSolver;
import io.vpop.solve.ExactSolver;
import io.vpop.solve.PatientResult;
import io.vpop.solve.PatientSolver;
import io.vpop.solve.Schedule;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does one patient take? {@code adult-label} for 64 fixed adults in turn, all metrics and the hourly
 * grid, by vpop's exact solver, vpop's Dormand-Prince and the baseline, Hipparchus' Dormand-Prince 5(4) and
 * 8(5,3) ({@link HipparchusPatient}), each at rtol 1e-6 and 1e-9. {@link AccuracyCheck} prints each one's error
 * against the exact solution, to read beside its time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SolverBenchmark {
  @Param({"1e-6", "1e-9"})
  public double rtol;

  private double[][] patients;
  private int next;
  private PatientSolver exact;
  private PatientSolver dopri5;
  private HipparchusPatient dp54;
  private HipparchusPatient dp853;
  private PatientResult result;

  @Setup
  public void setUp() {
    patients = Patients.adults(64);
    Schedule schedule = new Schedule(Patients.REGIMEN, Patients.GRID);
    CompartmentSystem system = new CompartmentSystem(Patients.MODEL);
    exact = new ExactSolver(system, schedule);
    dopri5 = new DormandPrinceSolver(system, schedule, rtol, rtol * 1e-5);
    dp54 = new HipparchusPatient(system, false, rtol);
    dp853 = new HipparchusPatient(system, true, rtol);
    result = new PatientResult(system.outputs(), Patients.GRID.size());
  }

  private double[] nextPatient() {
    next = (next + 1) & 63;
    return patients[next];
  }

  @Benchmark
  public double vpopExact() {
    exact.solve(nextPatient(), Patients.DOSE, result);
    return result.concentration(1, 300);
  }

  @Benchmark
  public double vpopDormandPrince() {
    dopri5.solve(nextPatient(), Patients.DOSE, result);
    return result.concentration(1, 300);
  }

  @Benchmark
  public double hipparchusDormandPrince54() {
    return dp54.solve(nextPatient())[1][300];
  }

  @Benchmark
  public double hipparchusDormandPrince853() {
    return dp853.solve(nextPatient())[1][300];
  }
}
