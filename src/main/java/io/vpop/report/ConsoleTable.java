package io.vpop.report;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** Plain-text tables for the console: text columns left-aligned, numbers right-aligned. */
final class ConsoleTable {
  private ConsoleTable() {}

  /**
   * Prints rows (the first is the header) with columns padded to their widest cell.
   *
   * @param textColumns how many leading columns are text (left-aligned)
   */
  static void print(PrintWriter out, List<String[]> rows, int textColumns) {
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
   * A value rounded to {@code digits} significant digits, without exponent or trailing zeros; "-"
   * if not finite.
   */
  static String significant(double value, int digits) {
    if (!Double.isFinite(value)) {
      return "-";
    }
    return new BigDecimal(value)
        .round(new MathContext(digits))
        .stripTrailingZeros()
        .toPlainString();
  }
}
