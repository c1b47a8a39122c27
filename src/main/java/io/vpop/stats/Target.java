package io.vpop.stats;

import io.vpop.batch.Metric;

/**
 * A target a patient attains or not, e.g. sirolimus auc_tau &gt;= 2000 ng*h/mL, or a range, e.g.
 * sirolimus trough between 10 and 15 ng/mL.
 *
 * @param output the output's index
 * @param outputName the output's name, e.g. {@code sirolimus}
 * @param metric the metric compared
 * @param comparison how
 * @param threshold the value compared with, in {@code unit}: a range's lower end
 * @param upper a range's upper end, above {@code threshold} ({@link Comparison#BETWEEN}); NaN for
 *     the other comparisons
 * @param unit the metric's unit for that output
 */
public record Target(
    int output,
    String outputName,
    Metric metric,
    Comparison comparison,
    double threshold,
    double upper,
    String unit) {
  public Target {
    if ((comparison == Comparison.BETWEEN) != !Double.isNaN(upper)) {
      throw new IllegalArgumentException("an upper end is for between, and between needs one");
    }
  }

  /** How a value is compared with the threshold. */
  public enum Comparison {
    AT_LEAST(">="),
    ABOVE(">"),
    AT_MOST("<="),
    BELOW("<"),
    /** From the threshold to the upper end, both included. */
    BETWEEN("between");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    /**
     * The comparison written {@code symbol}.
     *
     * @param field the field the symbol came from, for the error message
     * @throws io.vpop.InvalidInputException for any other text
     */
    public static Comparison fromSymbol(String symbol, String field) {
      for (Comparison comparison : values()) {
        if (comparison.symbol.equals(symbol)) {
          return comparison;
        }
      }
      throw new io.vpop.InvalidInputException(field, symbol, ">=, >, <=, <, between");
    }

    /** As written in scenarios, e.g. {@code >=}. */
    public String symbol() {
      return symbol;
    }

    /**
     * Whether {@code value} compares as required with {@code threshold} (and, for {@link #BETWEEN},
     * {@code upper}).
     */
    boolean holds(double value, double threshold, double upper) {
      return switch (this) {
        case AT_LEAST -> value >= threshold;
        case ABOVE -> value > threshold;
        case AT_MOST -> value <= threshold;
        case BELOW -> value < threshold;
        case BETWEEN -> value >= threshold && value <= upper;
      };
    }
  }

  /** Whether a patient's value of the metric attains the target. */
  public boolean attainedBy(double value) {
    return comparison.holds(value, threshold, upper);
  }

  /**
   * E.g. {@code sirolimus auc_tau >= 2000 ng*h/mL} or {@code sirolimus trough between 10.0 and 15.0
   * ng/mL}.
   */
  public String description() {
    String bound =
        comparison == Comparison.BETWEEN
            ? "between " + threshold + " and " + upper
            : comparison.symbol() + " " + threshold;
    return outputName + " " + metric.key() + " " + bound + " " + unit;
  }
}
