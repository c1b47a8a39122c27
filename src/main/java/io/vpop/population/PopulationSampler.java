package io.vpop.population;

import io.vpop.InvalidInputException;
import io.vpop.Workers;
import io.vpop.batch.PatientBatch;
import io.vpop.batch.Sex;
import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.model.ParameterSet;
import io.vpop.regimen.Regimen;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Turns a population description into virtual patients, one index at a time and each from its own
 * random stream, so patient i of a run with seed s is the same whatever the thread count, the batch
 * size or the number of patients in the run.
 *
 * <p>Streams: Philox4x64 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC11,
 * 2011), a counter-based generator, keyed by (seed, {@value #STREAM_KEY_TEXT}) with its counter
 * starting at (0, i, 0, 0): patient i uses the counter blocks (c, i, 0, 0), c = 1, 2, ..., disjoint
 * from every other patient's ({@link PatientStream}, one per thread, restarted for each patient).
 *
 * <p>Draws, in this order: the age band and age, the sex, then pairs of standard normal deviates
 * for height and weight until the patient lies within the weight and BMI windows (truncated
 * sampling), then one normal deviate per varying parameter of the applicable Omega. Weight and
 * height share their z-scores through the correlation of {@link Anthropometry#correlation}: z_H =
 * z1, z_W = rho z1 + sqrt(1 - rho^2) z2. From a population table, patient i's covariates (and dose,
 * where the table has one) are row i's, and only the deviates of the Omega are drawn.
 *
 * <p>Thread-safe: {@link #fill} samples the slots of a batch on several threads.
 */
public final class PopulationSampler {
  /** The second key word of every patient stream ("vpop_pat"), so vpop's streams are its own. */
  static final long STREAM_KEY = 0x7670_6f70_5f70_6174L;

  static final String STREAM_KEY_TEXT = "vpop_pat";

  /**
   * Draws of weight and height before a window is declared (nearly) empty at a patient's age and
   * sex.
   */
  static final int MAX_ATTEMPTS = 10_000;

  private final Model model;
  private final double[] typical;
  private final Demographics demographics;
  private final CovariateTable table;
  private final VariabilityRule rule;
  private final Regimen regimen;
  private final double[] modifierFactors;
  private final long seed;
  private final Anthropometry anthropometry = Anthropometry.references();
  private final EtaSampler adultEta;
  private final EtaSampler pediatricEta;

  /** The model parameter of each eta a batch keeps ({@link VariabilityRule#etaParameters}). */
  private final int[] etaParameter;

  /**
   * @param demographics the demographics patients are sampled from, or null where {@code table}
   *     gives them
   * @param table the patients' covariates row by row (patient i is row i), or null where they are
   *     sampled
   * @param modifierFactors the scenario modifiers' factors per parameter ({@link
   *     Model#modifierFactors})
   * @throws InvalidInputException naming {@code omega.adult} or {@code omega.pediatric} if the rule
   *     names a variability set the model does not have
   */
  public PopulationSampler(
      Model model,
      ParameterSet parameterSet,
      Demographics demographics,
      CovariateTable table,
      VariabilityRule rule,
      Regimen regimen,
      double[] modifierFactors,
      long seed) {
    this.model = model;
    this.typical = parameterSet.values();
    if ((demographics == null) == (table == null)) {
      throw new IllegalArgumentException("give demographics or a table, not both or neither");
    }
    this.demographics = demographics;
    this.table = table;
    this.rule = rule;
    this.regimen = regimen;
    this.modifierFactors = modifierFactors.clone();
    this.seed = seed;
    this.adultEta = new EtaSampler(model, rule.omega(model, false));
    this.pediatricEta = new EtaSampler(model, rule.omega(model, true));
    this.etaParameter = rule.etaParameters(model);
  }

  /**
   * Samples patients {@code firstIndex} to {@code firstIndex + count - 1} into a batch: covariates,
   * doses, individual parameters and the etas behind them.
   *
   * @param batch a batch with an eta per parameter of {@link VariabilityRule#etaParameters}
   * @param workers run the work in contiguous chunks
   * @throws InvalidInputException if a window leaves (almost) no patients at some age
   */
  public void fill(PatientBatch batch, long firstIndex, int count, Workers workers) {
    batch.reset(firstIndex, count);
    workers.forChunks(
        count,
        (piece, from, to) -> {
          Workspace workspace = new Workspace(typical.length, regimen.lines().size());
          for (int slot = from; slot < to; slot++) {
            sample(batch, slot, workspace);
          }
        });
  }

  /** Per-thread arrays, and the random stream restarted for each patient. */
  private static final class Workspace {
    final double[] eta;
    final double[] individual;
    final double[] doses;
    final double[] deviates;
    final PatientStream rng = new PatientStream();
    final ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);

    Workspace(int parameters, int lines) {
      eta = new double[parameters];
      individual = new double[parameters];
      doses = new double[lines];
      deviates = new double[parameters];
    }
  }

  private void sample(PatientBatch batch, int slot, Workspace workspace) {
    long index = batch.index(slot);
    PatientStream rng = workspace.rng;
    rng.restart(seed, STREAM_KEY, index);
    ZigguratSampler.NormalizedGaussian normal = workspace.normal;
    Covariates covariates;
    if (table != null) {
      if (index >= table.rows()) {
        throw new IllegalArgumentException(
            "patient " + index + " of a table of " + table.rows() + " rows");
      }
      int row = (int) index;
      covariates = table.covariates(row);
      regimen.resolveMg(covariates.weightKg(), covariates.bsaM2(), workspace.doses);
      if (table.hasDose()) {
        workspace.doses[0] = table.doseMg()[row];
      }
    } else {
      covariates = sampleCovariates(rng, normal);
      regimen.resolveMg(covariates.weightKg(), covariates.bsaM2(), workspace.doses);
    }
    double age = covariates.ageY();
    Sex sex = covariates.sex();

    EtaSampler etas = rule.pediatric(age) ? pediatricEta : adultEta;
    etas.sample(normal, workspace.deviates, workspace.eta);
    try {
      model.individualParameters(
          typical,
          covariates,
          workspace.doses[0],
          workspace.eta,
          modifierFactors,
          workspace.individual);
    } catch (InvalidInputException e) {
      // Counted from 1, as patients.csv ids and the failure list count them.
      throw e.renamed("patient " + (index + 1) + ", " + e.field());
    }

    batch.setCovariates(
        slot, sex, age, covariates.weightKg(), covariates.heightCm(), covariates.bsaM2());
    double[] declared = covariates.declared();
    for (int c = 0; c < declared.length; c++) {
      batch.setDeclared(c, slot, declared[c]);
    }
    for (int line = 0; line < workspace.doses.length; line++) {
      batch.setDoseMg(line, slot, workspace.doses[line]);
    }
    for (int p = 0; p < workspace.individual.length; p++) {
      batch.setParameter(p, slot, workspace.individual[p]);
    }
    for (int e = 0; e < etaParameter.length; e++) {
      batch.setEta(e, slot, workspace.eta[etaParameter[e]]);
    }
  }

  /**
   * Draws a patient's age, sex, and then height and weight within the windows, from the patient's
   * stream.
   */
  private Covariates sampleCovariates(
      PatientStream rng, ZigguratSampler.NormalizedGaussian normal) {
    double age = demographics.ages().sample(rng);
    Sex sex = rng.nextDouble() < demographics.fractionMale() ? Sex.MALE : Sex.FEMALE;
    Lms weightCurve = anthropometry.weight(sex, age);
    Lms heightCurve = anthropometry.height(sex, age);
    double rho = anthropometry.correlation(sex, age, weightCurve, heightCurve);
    double residual = Math.sqrt(1 - rho * rho);
    double weight = Double.NaN;
    double height = Double.NaN;
    boolean accepted = false;
    for (int attempt = 0; attempt < MAX_ATTEMPTS && !accepted; attempt++) {
      double zHeight = normal.sample();
      double zWeight = rho * zHeight + residual * normal.sample();
      height = heightCurve.value(zHeight);
      weight = weightCurve.value(zWeight);
      accepted =
          weight > 0
              && height > 0
              && demographics.weightKg().contains(weight)
              && demographics.bmi().contains(weight / (height * height / 10_000));
    }
    if (!accepted) {
      throw InvalidInputException.of(
          "population",
          String.format(
              java.util.Locale.ROOT,
              "the weight window %s kg and BMI window %s kg/m2 leave (almost) no %s patients of %.1f y;"
                  + " allowed: windows that keep at least 1 in %d",
              window(demographics.weightKg()),
              window(demographics.bmi()),
              sex.name().toLowerCase(java.util.Locale.ROOT),
              age,
              MAX_ATTEMPTS));
    }
    double bsa = demographics.bodySurfaceArea().m2(height, weight);
    return new Covariates(age, sex, weight, height, bsa);
  }

  private static String window(Demographics.Window window) {
    return "[" + window.min() + ", " + window.max() + "]";
  }
}
