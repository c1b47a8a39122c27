package io.vpop.sweep;

import io.vpop.InvalidInputException;
import io.vpop.population.Demographics;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import io.vpop.solve.TimeGrid;
import io.vpop.stats.Percentiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.rng.core.source64.Philox4x64;

/**
 * Finds, for each age band of a target population, the dose whose exposure statistic equals a goal:
 * a reference population's statistic (times a factor, 1 for "the same exposure"), or a fixed value
 * such as a median trough of 12.5 ng/mL. Every dose tried uses the same virtual patients (common
 * random numbers, {@link ExposureRunner}), so the exposure is a smooth, monotone function of the
 * dose and Brent's bracketing root finder (Commons Math) converges to a reproducible answer. It
 * starts where a power law through the exposures at the range's bounds reaches the goal (exposure
 * proportional to dose^alpha: alpha = 1 for a linear model, near it where clearance changes with
 * dose), which takes it to the root in a few population runs, and no dose of a band is run twice.
 *
 * <p>For each band it reports the matching dose, the dose rounded to a practical step, the exposure
 * ratio at the rounded dose (to the reference's statistic, or to the fixed value) with a bootstrap
 * 90 % interval (patients of the band, and of the reference where there is one, resampled with
 * replacement {@value #BOOTSTRAP} times, type-7 percentiles 5 and 95 of the ratios), and the
 * fraction of the band's patients whose exposure at the rounded dose lies within the goal's range:
 * the reference's 5th-95th percentiles, or the fixed value's stated range.
 *
 * <p>The reference and the bands are sampled with the same seed, so patient i of each draws the
 * same random deviates (the same etas): the comparison of the two is steadier for it. The bootstrap
 * resamples the two independently, so its interval is conservative.
 */
public final class DoseMatcher {
  /** Bootstrap resamples. */
  public static final int BOOTSTRAP = 1000;

  /** Brent's accuracy on the dose, relative. */
  static final double RELATIVE_ACCURACY = 1e-7;

  /** Brent's evaluations before giving up. */
  static final int MAX_EVALUATIONS = 100;

  /** The bootstrap's stream key ("vpop_bts"), distinct from the patients' streams. */
  static final long BOOTSTRAP_KEY = 0x7670_6f70_5f62_7473L;

  /**
   * How doses are searched.
   *
   * @param unit the dose unit of the answer (mg, mg/kg, mg/m2)
   * @param minDose the smallest dose tried, in {@code unit}
   * @param maxDose the largest dose tried, in {@code unit}
   * @param roundingStep the practical dose step, in {@code unit}
   * @param targetFactor the target exposure as a multiple of the reference's (1: the same)
   */
  public record Settings(
      DoseUnit unit, double minDose, double maxDose, double roundingStep, double targetFactor) {
    public Settings {
      if (!(minDose > 0) || Double.isInfinite(minDose)) {
        throw new InvalidInputException("dose.min", minDose, "a finite dose > 0 " + unit.symbol());
      }
      if (!(maxDose > minDose) || Double.isInfinite(maxDose)) {
        throw new InvalidInputException(
            "dose.max", maxDose, "a finite dose above min " + minDose + " " + unit.symbol());
      }
      if (!(roundingStep > 0) || !(roundingStep <= maxDose)) {
        throw new InvalidInputException(
            "dose.rounding_step",
            roundingStep,
            "a step > 0 and at most max " + maxDose + " " + unit.symbol());
      }
      if (!(targetFactor > 0) || Double.isInfinite(targetFactor)) {
        throw new InvalidInputException("dose.target_factor", targetFactor, "a finite number > 0");
      }
    }
  }

  /**
   * What the bands' doses aim at.
   *
   * @param statistic the exposure statistic ratios are taken against: the reference population's,
   *     or the fixed value
   * @param rangeLow the lower end of the range each band's fraction of patients is counted in
   * @param rangeHigh its upper end
   * @param fromReference whether it is a reference population's statistic rather than a fixed value
   * @param reference the reference population's exposures, which the bootstrap resamples; empty for
   *     a fixed value
   * @param source where a fixed value comes from; empty for a reference
   */
  public record Goal(
      double statistic,
      double rangeLow,
      double rangeHigh,
      boolean fromReference,
      double[] reference,
      String source) {
    /** A reference population's exposure statistic, its range its P5-P95 (type 7). */
    public static Goal ofReference(Exposure exposure, double[] reference) {
      return new Goal(
          exposure.of(reference),
          Percentiles.of(reference, 5),
          Percentiles.of(reference, 95),
          true,
          reference.clone(),
          "");
    }

    /** A fixed value, its range and source. */
    public static Goal ofValue(double value, double rangeLow, double rangeHigh, String source) {
      return new Goal(value, rangeLow, rangeHigh, false, new double[0], source);
    }
  }

  /**
   * One band's recommendation.
   *
   * @param band the age band
   * @param matchingDose the dose whose exposure equals the target, in the settings' unit
   * @param roundedDose that dose rounded to the practical step
   * @param exposureAtMatch the band's exposure statistic at the matching dose
   * @param ratioAtRounded the band's exposure at the rounded dose over the goal's statistic
   * @param ratioLow90 lower bound of the bootstrap 90 % interval of that ratio
   * @param ratioHigh90 upper bound
   * @param fractionInRange the fraction of the band's patients within the goal's range
   */
  public record Result(
      AgeBand band,
      double matchingDose,
      double roundedDose,
      double exposureAtMatch,
      double ratioAtRounded,
      double ratioLow90,
      double ratioHigh90,
      double fractionInRange) {}

  private final ExposureRunner runner;
  private final TimeGrid grid;
  private final Demographics target;
  private final Regimen targetRegimen;
  private final Settings settings;
  private final long seed;
  private final Goal goal;

  /**
   * @param goal what the doses aim at (a reference's exposures come from the same kind of runner)
   * @param grid the output grid of the target's runs
   * @param targetRegimen the target's regimen; its dose is replaced by each dose tried
   */
  public DoseMatcher(
      ExposureRunner runner,
      Goal goal,
      TimeGrid grid,
      Demographics target,
      Regimen targetRegimen,
      Settings settings,
      long seed) {
    this.runner = runner;
    this.grid = grid;
    this.target = target;
    this.targetRegimen = targetRegimen;
    this.settings = settings;
    this.seed = seed;
    this.goal = goal;
  }

  /** The target regimen with every line's dose set to {@code dose} in the settings' unit. */
  public Regimen regimenAt(double dose) {
    List<DoseLine> lines = new ArrayList<>();
    for (DoseLine line : targetRegimen.lines()) {
      lines.add(line.withDose(new Dose(dose, settings.unit(), line.dose().capMg())));
    }
    return new Regimen(lines);
  }

  /**
   * The recommendation for each band.
   *
   * @throws InvalidInputException if no dose in the allowed range reaches the target in some band
   */
  public List<Result> match(List<AgeBand> bands) {
    double value = settings.targetFactor() * goal.statistic();
    List<Result> results = new ArrayList<>();
    for (int b = 0; b < bands.size(); b++) {
      AgeBand band = bands.get(b);
      Demographics demographics = band.restrict(target);
      Map<Double, Double> exposures = new HashMap<>();
      DoubleUnaryOperator exposureAt =
          d ->
              exposures.computeIfAbsent(
                  d, dose -> runner.exposure().of(runner.run(demographics, regimenAt(dose), grid)));
      double low = exposureAt.applyAsDouble(settings.minDose());
      double high = exposureAt.applyAsDouble(settings.maxDose());
      if (!(low <= value && value <= high)) {
        throw InvalidInputException.of(
            "dose",
            String.format(
                java.util.Locale.ROOT,
                "in band %s the %s goes from %.4g to %.4g between %s and %s %s and does not reach the target"
                    + " %.4g; allowed: a dose range whose exposures bracket the target",
                band.label(),
                runner.exposure().description(),
                low,
                high,
                settings.minDose(),
                settings.maxDose(),
                settings.unit().symbol(),
                value));
      }
      double dose;
      try {
        dose =
            new BrentSolver(RELATIVE_ACCURACY, 1e-12)
                .solve(
                    MAX_EVALUATIONS,
                    d -> exposureAt.applyAsDouble(d) - value,
                    settings.minDose(),
                    settings.maxDose(),
                    powerLawStart(settings.minDose(), low, settings.maxDose(), high, value));
      } catch (TooManyEvaluationsException e) {
        throw new IllegalStateException(
            "Brent's method did not converge in band " + band.label(), e);
      }
      double rounded =
          Math.max(
              settings.roundingStep(),
              Math.rint(dose / settings.roundingStep()) * settings.roundingStep());
      double[] atRounded = runner.run(demographics, regimenAt(rounded), grid);
      double[] interval = bootstrapRatio(atRounded, b);
      results.add(
          new Result(
              band,
              dose,
              rounded,
              exposureAt.applyAsDouble(dose),
              runner.exposure().of(atRounded) / goal.statistic(),
              interval[0],
              interval[1],
              fractionWithin(atRounded, goal.rangeLow(), goal.rangeHigh())));
    }
    return results;
  }

  /**
   * The dose where a power law through (minDose, low) and (maxDose, high) reaches {@code goal}, or
   * the middle of the range where that is not inside it (exposures not positive, or flat).
   */
  static double powerLawStart(
      double minDose, double low, double maxDose, double high, double goal) {
    double alpha = Math.log(high / low) / Math.log(maxDose / minDose);
    double start = minDose * Math.exp(Math.log(goal / low) / alpha);
    return start > minDose && start < maxDose ? start : 0.5 * (minDose + maxDose);
  }

  private double[] bootstrapRatio(double[] band, int bandIndex) {
    Philox4x64 rng = new Philox4x64(new long[] {seed, BOOTSTRAP_KEY, 0, bandIndex, 0, 0});
    double[] ratios = new double[BOOTSTRAP];
    double[] bandSample = new double[band.length];
    double[] reference = goal.reference();
    double[] referenceSample = new double[reference.length];
    for (int r = 0; r < BOOTSTRAP; r++) {
      for (int i = 0; i < bandSample.length; i++) {
        bandSample[i] = band[rng.nextInt(band.length)];
      }
      for (int i = 0; i < referenceSample.length; i++) {
        referenceSample[i] = reference[rng.nextInt(reference.length)];
      }
      double denominator =
          goal.fromReference() ? runner.exposure().of(referenceSample) : goal.statistic();
      ratios[r] = runner.exposure().of(bandSample) / denominator;
    }
    Arrays.sort(ratios);
    return new double[] {
      Percentiles.exact(ratios, ratios.length, 5), Percentiles.exact(ratios, ratios.length, 95)
    };
  }

  private static double fractionWithin(double[] values, double low, double high) {
    long inside = Arrays.stream(values).filter(v -> v >= low && v <= high).count();
    return (double) inside / values.length;
  }
}
