package io.vpop.report;

import java.io.PrintWriter;
import java.util.List;

/** Plain-text tables for the console; their numbers are written by {@link io.vpop.Numbers}. */
public final class ConsoleTable {
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
}
