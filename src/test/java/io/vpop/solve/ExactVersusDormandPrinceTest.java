package io.vpop.solve;

import static io.vpop.solve.Fixtures.TEMSIROLIMUS;

import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.model.Omega;
import io.vpop.regimen.Regimen;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The two solvers check each other: on random parameter sets spanning the pediatric variability
 * (ages 1-18 y, 8-80 kg, etas drawn from the pediatric Omega, doses 5-150 mg over 0.5-2 h),
 * Dormand-Prince at rtol 1e-9 agrees with the exact solution to 1e-6 relative in every grid
 * concentration and every metric.
 *
 * <p>See {@link Fixtures#assertSolversAgree} for how values in the far tail are compared.
 */
class ExactVersusDormandPrinceTest {
  private static final double TOLERANCE = 1e-6;

  @Test
  void thousandRandomPediatricParameterSetsSingleDose() {
    compare(1000, 1, TimeGrid.uniform(336, 1), 20261125L);
  }

  @Test
  void hundredRandomPediatricParameterSetsFourWeeklyDoses() {
    compare(100, 4, TimeGrid.uniform(672, 1), 7L);
  }

  @Test
  void aCoarseGridStillFindsThePeaksInsideLongSegments() {
    compare(100, 4, TimeGrid.uniform(672, 168), 8L);
    compare(100, 1, TimeGrid.uniform(336, 48), 9L);
  }

  private static void compare(int patients, int doses, TimeGrid grid, long seed) {
    Model model = TEMSIROLIMUS;
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
    ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
    Omega omega = model.variability().get("pediatric");
    double[] typical = model.parameterSet("adult-label", "parameter_set").values();
    double[] eta = new double[typical.length];
    double[] individual = new double[typical.length];
    CompartmentSystem system = new CompartmentSystem(model);
    PatientResult exact = new PatientResult(system.outputs(), grid.size());
    PatientResult dopri = new PatientResult(system.outputs(), grid.size());
    for (int patient = 0; patient < patients; patient++) {
      double age = 1 + 17 * rng.nextDouble();
      double weight = 8 + 72 * rng.nextDouble();
      double doseMg = 5 + 145 * rng.nextDouble();
      double duration = 0.5 + 1.5 * rng.nextDouble();
      for (Omega.Entry entry : omega.entries()) {
        eta[model.parameterIndex(entry.parameter())] = entry.omega() * normal.sample();
      }
      model.individualParameters(
          typical,
          new Covariates(age, null, weight, 120, 1.0),
          doseMg,
          eta,
          Fixtures.ones(typical.length),
          individual);
      Regimen regimen = Fixtures.weekly(doseMg, duration, doses);
      Schedule schedule = new Schedule(regimen, grid);
      double[] doseArray = {doseMg};
      new ExactSolver(system, schedule).solve(individual, doseArray, exact);
      new DormandPrinceSolver(system, schedule, Fixtures.DP_RTOL, Fixtures.DP_ATOL)
          .solve(individual, doseArray, dopri);
      String who = "patient " + patient + " " + java.util.Arrays.toString(individual);
      Fixtures.assertSolversAgree(exact, dopri, TOLERANCE, who);
    }
  }
}
