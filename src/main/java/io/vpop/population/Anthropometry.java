package io.vpop.population;

import io.vpop.batch.Sex;

/**
 * Weight and height distributions by sex and age, and the correlation of one person's weight and
 * height z-scores:
 *
 * <ul>
 *   <li>below 2 y: WHO Child Growth Standards 2006 (weight-, length- and BMI-for-age, by day of
 *       age);
 *   <li>2 to 20 y: CDC 2000 growth charts (weight-, stature- and BMI-for-age, by month of age);
 *   <li>from 20 y: NHANES 2003-2006 adult percentiles by sex and age group ({@link AdultTable}).
 * </ul>
 *
 * <p>Correlation of the weight and height z-scores. Children [D]: from the same references,
 * assuming log weight = log BMI + 2 log height and approximating each log-SD by S, the correlation
 * that makes the implied spread of BMI equal the BMI-for-age reference is (S_W^2 + 4 S_H^2 - S_B^2)
 * / (4 S_H S_W) (about 0.6 to 0.8). Adults [A]: no adult BMI table is shipped, so BMI is taken as
 * independent of height (Quetelet's premise), giving 2 S_H / S_W (about 0.4). Both are bounded to
 * [0, {@value #MAX_CORRELATION}]. Immutable and thread-safe.
 */
public final class Anthropometry {
  /** Below this age the WHO 2006 standards apply, in y. */
  public static final double WHO_UNTIL_Y = 2.0;

  /** From this age the adult (NHANES) tables apply, in y. */
  public static final double ADULT_FROM_Y = 20.0;

  /** The largest weight-height z-score correlation used. */
  static final double MAX_CORRELATION = 0.95;

  private static final double DAYS_PER_YEAR = 365.25;
  private static final double LAST_WHO_LENGTH_DAY = 730;
  private static final double MONTHS_PER_YEAR = 12;
  private static final String ROOT = "/io/vpop/growth/";

  private static final Anthropometry REFERENCES = new Anthropometry();

  private final GrowthTable whoWeight = GrowthTable.load(ROOT + "who2006/weianthro.txt");
  private final GrowthTable whoLength = GrowthTable.load(ROOT + "who2006/lenanthro.txt");
  private final GrowthTable whoBmi = GrowthTable.load(ROOT + "who2006/bmianthro.txt");
  private final GrowthTable cdcWeight = GrowthTable.load(ROOT + "cdc2000/wtage.csv");
  private final GrowthTable cdcStature = GrowthTable.load(ROOT + "cdc2000/statage.csv");
  private final GrowthTable cdcBmi = GrowthTable.load(ROOT + "cdc2000/bmiagerev.csv");
  private final AdultTable adultWeight = AdultTable.load(ROOT + "nhanes2006/nchs_weights.csv");
  private final AdultTable adultHeight = AdultTable.load(ROOT + "nhanes2006/nchs_heights.csv");

  private Anthropometry() {}

  /** The shipped references (loaded once). */
  public static Anthropometry references() {
    return REFERENCES;
  }

  /** The weight distribution (kg) at an age in y. */
  public Lms weight(Sex sex, double ageY) {
    if (ageY < WHO_UNTIL_Y) {
      return whoWeight.at(sex, whoDay(ageY));
    }
    if (ageY < ADULT_FROM_Y) {
      return cdcWeight.at(sex, ageY * MONTHS_PER_YEAR);
    }
    return adultWeight.group(sex, ageY).lms();
  }

  /** The length (below 2 y) or height distribution (cm) at an age in y. */
  public Lms height(Sex sex, double ageY) {
    if (ageY < WHO_UNTIL_Y) {
      return whoLength.at(sex, whoDay(ageY));
    }
    if (ageY < ADULT_FROM_Y) {
      return cdcStature.at(sex, ageY * MONTHS_PER_YEAR);
    }
    return adultHeight.group(sex, ageY).lms();
  }

  /** The correlation of the weight and height z-scores at an age in y (see the class comment). */
  public double correlation(Sex sex, double ageY) {
    return correlation(sex, ageY, weight(sex, ageY), height(sex, ageY));
  }

  /**
   * The same, from the weight and height curves at that age when the caller has them already (the
   * sampler does, for every patient).
   */
  double correlation(Sex sex, double ageY, Lms weight, Lms height) {
    double sw = weight.s();
    double sh = height.s();
    double rho;
    if (ageY < ADULT_FROM_Y) {
      double sb =
          ageY < WHO_UNTIL_Y
              ? whoBmi.at(sex, whoDay(ageY)).s()
              : cdcBmi.at(sex, ageY * MONTHS_PER_YEAR).s();
      rho = (sw * sw + 4 * sh * sh - sb * sb) / (4 * sh * sw);
    } else {
      rho = 2 * sh / sw;
    }
    return Math.max(0, Math.min(MAX_CORRELATION, rho));
  }

  /** The adult groups, for tests and reports. */
  java.util.List<AdultTable.Group> adultWeightGroups() {
    return adultWeight.groups();
  }

  /**
   * The day of age in the WHO tables, at most {@value #LAST_WHO_LENGTH_DAY}: the length table
   * switches to standing height at day 731, and children below 2 y stay on length.
   */
  private static double whoDay(double ageY) {
    return Math.min(ageY * DAYS_PER_YEAR, LAST_WHO_LENGTH_DAY);
  }
}
