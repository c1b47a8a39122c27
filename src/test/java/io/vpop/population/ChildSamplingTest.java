package io.vpop.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.Workers;
import io.vpop.batch.PatientBatch;
import io.vpop.batch.Sex;
import io.vpop.model.Model;
import io.vpop.model.ModelLoader;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import java.util.Arrays;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 100,000 children at a fixed age and sex: their weight and height z-scores, computed back through
 * the same references, are standard normal; the median weight is the reference M; the z-scores
 * correlate as stated.
 */
class ChildSamplingTest {
  static final int PATIENTS = 100_000;
  static final Model MODEL = ModelLoader.builtIn("temsirolimus", "model");
  static final Regimen REGIMEN =
      Regimen.of(new DoseLine(Dose.of(75, DoseUnit.MG_PER_M2), 1, 0, 168, 4));

  /** A batch of patients of one age and sex. */
  static PatientBatch sample(
      double ageY, Sex sex, long seed, Demographics.Window weight, int patients) {
    Demographics demographics =
        new Demographics(
            AgeDistribution.uniform(ageY, Math.nextUp(ageY)),
            sex == Sex.MALE ? 1 : 0,
            weight,
            Demographics.Window.ANY,
            BodySurfaceArea.MOSTELLER);
    VariabilityRule rule = new VariabilityRule("adult", "pediatric", 18);
    PopulationSampler sampler =
        new PopulationSampler(
            MODEL,
            MODEL.parameterSet("adult-label", "parameter_set"),
            demographics,
            null,
            rule,
            REGIMEN,
            ones(MODEL.parameterNames().size()),
            seed);
    PatientBatch batch =
        new PatientBatch(
            patients, 1, MODEL.parameterNames().size(), rule.etaParameters(MODEL).length);
    try (Workers workers = new Workers(2)) {
      sampler.fill(batch, 0, patients, workers);
    }
    return batch;
  }

  static double[] ones(int n) {
    double[] ones = new double[n];
    Arrays.fill(ones, 1);
    return ones;
  }

  @ParameterizedTest(name = "{1} at {0} y")
  @CsvSource({
    "1, MALE",
    "1, FEMALE",
    "5, MALE",
    "5, FEMALE",
    "10, MALE",
    "10, FEMALE",
    "15, MALE",
    "15, FEMALE"
  })
  void zScoresAreStandardNormalAndCorrelateAsStated(double ageY, Sex sex) {
    PatientBatch batch = sample(ageY, sex, 2026L + (long) ageY, Demographics.Window.ANY, PATIENTS);
    Anthropometry references = Anthropometry.references();
    Lms weight = references.weight(sex, ageY);
    Lms height = references.height(sex, ageY);
    double[] zWeight = new double[PATIENTS];
    double[] zHeight = new double[PATIENTS];
    double[] weights = new double[PATIENTS];
    for (int i = 0; i < PATIENTS; i++) {
      assertEquals(sex, batch.sex(i));
      weights[i] = batch.weightKg(i);
      zWeight[i] = weight.zScore(batch.weightKg(i));
      zHeight[i] = height.zScore(batch.heightCm(i));
    }
    for (double[] z : new double[][] {zWeight, zHeight}) {
      double p =
          KolmogorovSmirnovTest.withDefaults()
              .test(z, NormalDistribution.of(0, 1)::cumulativeProbability)
              .getPValue();
      assertTrue(p > 0.001, "Kolmogorov-Smirnov p " + p);
      assertEquals(0, mean(z), 0.01, "mean z");
      assertEquals(1, Math.sqrt(variance(z)), 0.01, "SD of z");
    }
    Arrays.sort(weights);
    double median = 0.5 * (weights[PATIENTS / 2 - 1] + weights[PATIENTS / 2]);
    assertEquals(weight.m(), median, 0.01 * weight.m(), "median weight");
    double correlation =
        covariance(zWeight, zHeight) / Math.sqrt(variance(zWeight) * variance(zHeight));
    assertEquals(references.correlation(sex, ageY), correlation, 0.02, "z-score correlation");
  }

  static double mean(double[] x) {
    return Arrays.stream(x).average().orElseThrow();
  }

  static double variance(double[] x) {
    return covariance(x, x);
  }

  static double covariance(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += (x[i] - mx) * (y[i] - my);
    }
    return sum / (x.length - 1);
  }
}
