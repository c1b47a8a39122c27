package io.vpop.report;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text tables for the console, and the one way the console shows a measured number ({@link
 * #significant}).
 */
public final class ConsoleTable {
  /** The significant digits of a number on the console. */
  static final int DIGITS = 4;

  /** The smallest magnitude shown without an exponent. */
  private static final BigDecimal SMALLEST_PLAIN = new BigDecimal("0.001");

  /** The smallest magnitude shown with an exponent again, at the large end. */
  private static final BigDecimal LARGEST_PLAIN = new BigDecimal("1000000");

  private ConsoleTable() {}

  /**
   * Prints rows (the first is the header) with columns padded to their widest cell: text columns
   * left-aligned, numbers right-aligned.
   *
   * @param textColumns how many leading columns are text (left-aligned)
   */
  public static void print(PrintWriter out, List<String[]> rows, int textColumns) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        String padding = " ".repeat(widths[c] - row[c].length());
        text.append(c < textColumns ? row[c] + padding : padding + row[c]);
        text.append(c + 1 < row.length ? "  " : "");
      }
      out.println(text.toString().stripTrailing());
    }
  }

  /**
   * A number as the console shows it: rounded half up to {@value #DIGITS} significant digits,
   * without trailing zeros; plain from 0.001 up to (not including) 1,000,000, the magnitudes of the
   * concentrations (ng/mL), AUCs (ng*h/mL), times (h), doses and ratios a run shows, and in
   * scientific notation outside them ({@code 1.32e-08}, {@code 2.5e+07}), so that a trough near
   * zero or a huge value reads as its digits and exponent, not as a row of zeros or hundreds of
   * digits. The bounds apply to the rounded value (999,999.9 shows as {@code 1e+06}). 0 is {@code
   * 0}; a value that is not finite is {@code -}. Percentages of a whole (attainment, differences,
   * shares) are the exception: they are shown with one decimal, their resolution.
   */
  public static String significant(double value) {
    return significant(value, DIGITS);
  }

  /**
   * A number by the rule of {@link #significant(double)} with another count of significant digits,
   * for labels that have less room (plot axes).
   */
  static String significant(double value, int digits) {
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
