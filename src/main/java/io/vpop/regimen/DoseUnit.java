package io.vpop.regimen;

import io.vpop.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How a dose amount is expressed: flat, per kg of body weight, or per m2 of body-surface area. */
public enum DoseUnit {
  MG("mg"),
  MG_PER_KG("mg/kg"),
  MG_PER_M2("mg/m2");

  private final String symbol;

  DoseUnit(String symbol) {
    this.symbol = symbol;
  }

  /** The unit as written in scenarios and reports, e.g. {@code mg/m2}. */
  public String symbol() {
    return symbol;
  }

  /**
   * The unit written as {@link #symbol()}.
   *
   * @param field the field the text came from, for the error message
   * @throws InvalidInputException for any other text
   */
  public static DoseUnit parse(String text, String field) {
    for (DoseUnit unit : values()) {
      if (unit.symbol.equals(text)) {
        return unit;
      }
    }
    throw new InvalidInputException(
        field,
        text,
        Arrays.stream(values()).map(DoseUnit::symbol).collect(Collectors.joining(", ")));
  }
}
