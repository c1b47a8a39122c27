package io.vpop.backend;

import io.vpop.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which backend a run asks for. */
public enum BackendChoice {
  /** The GPU when one works, else the CPU (saying why in one line). */
  AUTO,
  /** The pure-Java backend. */
  CPU,
  /** The GPU, or an error when none works. */
  CUDA;

  /** As written on the command line: auto, cpu, cuda. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The choice written {@code key}.
   *
   * @param field where the text came from, for the error message
   * @throws InvalidInputException for any other text
   */
  public static BackendChoice parse(String key, String field) {
    for (BackendChoice choice : values()) {
      if (choice.key().equals(key)) {
        return choice;
      }
    }
    throw new InvalidInputException(
        field,
        key,
        Arrays.stream(values()).map(BackendChoice::key).collect(Collectors.joining(", ")));
  }
}
