package io.vpop.plot;

import io.vpop.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which plot files a run writes: none, PNG (the default), SVG, or both. */
public enum PlotFormat {
  NONE,
  PNG,
  SVG,
  ALL;

  /** Whether PNG files are written. */
  public boolean png() {
    return this == PNG || this == ALL;
  }

  /** Whether SVG files are written. */
  public boolean svg() {
    return this == SVG || this == ALL;
  }

  /** The name on the command line: none, png, svg or all. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format written {@code key}.
   *
   * @param field where the text came from, for the error message
   * @throws InvalidInputException for any other text
   */
  public static PlotFormat parse(String key, String field) {
    for (PlotFormat format : values()) {
      if (format.key().equals(key)) {
        return format;
      }
    }
    throw new InvalidInputException(
        field, key, Arrays.stream(values()).map(PlotFormat::key).collect(Collectors.joining(", ")));
  }
}
