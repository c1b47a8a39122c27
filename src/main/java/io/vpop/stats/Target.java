package io.vpop.stats;

import io.vpop.batch.Metric;

/**
 * A target a patient attains or not, e.g. sirolimus auc_tau &gt;= 2000 ng*h/mL.
 *
 * @param output the output's index
 * @param outputName the output's name, e.g. {@code sirolimus}
 * @param metric the metric compared
 * @param comparison how
 * @param threshold the value compared with, in {@code unit}
 * @param unit the metric's unit for that output
 */
public record Target(
    int output,
    String outputName,
    Metric metric,
    Comparison comparison,
    double threshold,
    String unit) {
  /** How a value is compared with the threshold. */
  public enum Comparison {
    AT_LEAST(">="),
    ABOVE(">"),
    AT_MOST("<="),
    BELOW("<");

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
      throw new io.vpop.InvalidInputException(field, symbol, ">=, >, <=, <");
    }

    /** As written in scenarios, e.g. {@code >=}. */
    public String symbol() {
      return symbol;
    }

    /** Whether {@code value} compares as required with {@code threshold}. */
    public boolean holds(double value, double threshold) {
      return switch (this) {
        case AT_LEAST -> value >= threshold;
        case ABOVE -> value > threshold;
        case AT_MOST -> value <= threshold;
        case BELOW -> value < threshold;
      };
    }
  }

  /** E.g. {@code sirolimus auc_tau >= 2000 ng*h/mL}. */
  public String description() {
    return outputName
        + " "
        + metric.key()
        + " "
        + comparison.symbol()
        + " "
        + threshold
        + " "
        + unit;
  }
}
