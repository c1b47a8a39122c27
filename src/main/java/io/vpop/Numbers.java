package io.vpop;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** The one rule by which vpop writes a measured number for a reader (files keep every digit). */
public final class Numbers {
  /** The significant digits of a number shown. */
  static final int DIGITS = 4;

  /** The smallest magnitude shown without an exponent. */
  private static final BigDecimal SMALLEST_PLAIN = new BigDecimal("0.001");

  /** The smallest magnitude shown with an exponent again, at the large end. */
  private static final BigDecimal LARGEST_PLAIN = new BigDecimal("1000000");

  private Numbers() {}

  /**
   * A number as vpop shows it on the console, in reports and on plot axes: rounded half up to
   * {@value #DIGITS} significant digits, without trailing zeros; plain from 0.001 up to (not
   * including) 1,000,000, the magnitudes of the concentrations (ng/mL), AUCs (ng*h/mL), times (h),
   * doses and ratios a run shows, and in scientific notation outside them ({@code 1.32e-08}, {@code
   * 2.5e+07}), so that a trough near zero or a huge value reads as its digits and exponent, not as
   * a row of zeros or hundreds of digits. The bounds apply to the rounded value (999,999.9 shows as
   * {@code 1e+06}). 0 is {@code 0}; a value that is not finite is {@code -}. Percentages of a whole
   * (attainment, differences, shares) are the exception: they are shown with one decimal, their
   * resolution.
   */
  public static String significant(double value) {
    return significant(value, DIGITS);
  }

  /**
   * A number by the rule of {@link #significant(double)} with another count of significant digits,
   * for labels that have more or less room.
   */
  public static String significant(double value, int digits) {
    if (!Double.isFinite(value)) {
      return "-";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits));
    BigDecimal magnitude = rounded.abs();
    if (magnitude.compareTo(SMALLEST_PLAIN) >= 0 && magnitude.compareTo(LARGEST_PLAIN) < 0) {
      return rounded.stripTrailingZeros().toPlainString();
    }
    // The decimal exponent of the leading digit: precision - scale - 1 for unscaled x 10^-scale.
    int exponent = rounded.precision() - rounded.scale() - 1;
    return rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString()
        + String.format(Locale.ROOT, "e%+03d", exponent);
  }
}
