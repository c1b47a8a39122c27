package io.vpop.benchmarks;

import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.model.ModelLoader;
import io.vpop.model.Omega;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.Regimen;
import io.vpop.solve.TimeGrid;
import java.util.Arrays;
import org.apache.commons.rng.core.source64.Philox4x64;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The benchmark case shared by every solver: {@code adult-label} (25 mg over 0.5 h weekly x 4, hourly grid to
 * 672 h) for a fixed set of adults (70 kg +- 20 %, etas from the adult Omega), the same for every solver.
 */
final class Patients {
  static final Model MODEL = ModelLoader.builtIn("temsirolimus", "model");
  static final Regimen REGIMEN = Regimen.of(new DoseLine(Dose.of(25, DoseUnit.MG), 0.5, 0, 168, 4));
  static final TimeGrid GRID = TimeGrid.uniform(672, 1);
  static final double[] DOSE = {25};

  private Patients() {}

  /** {@code count} adults' individual parameters, the same on every call. */
  static double[][] adults(int count) {
    Philox4x64 rng = new Philox4x64(new long[] {2026, 11, 0, 0, 0, 0});
    ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
    double[] typical = MODEL.parameterSet("adult-label", "parameter_set").values();
    double[] ones = new double[typical.length];
    Arrays.fill(ones, 1);
    Omega omega = MODEL.variability().get("adult");
    double[][] patients = new double[count][typical.length];
    for (int i = 0; i < count; i++) {
      double weight = 70 * (0.8 + 0.4 * rng.nextDouble());
      double[] eta = new double[typical.length];
      for (Omega.Entry entry : omega.entries()) {
        eta[MODEL.parameterIndex(entry.parameter())] = entry.omega() * normal.sample();
      }
      MODEL.individualParameters(
          typical, new Covariates(45, null, weight, 175, 1.9), 25, eta, ones, patients[i]);
    }
    return patients;
  }
}
