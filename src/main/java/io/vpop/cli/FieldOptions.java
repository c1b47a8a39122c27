package io.vpop.cli;

import io.vpop.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which command-line option set which field of the engine's input: an error the engine reports
 * about a field (a scenario path such as {@code time_grid.end_h}, or an execution setting such as
 * {@code threads}) is reported under the option that gave the value, and under the field's own name
 * when the value came from a file. The one place where field names meet option names.
 */
final class FieldOptions {
  private final Map<String, String> optionOf = new LinkedHashMap<>();

  /** The options of every run: patients, threads, batch size and backend. */
  static FieldOptions ofRuns() {
    return new FieldOptions()
        .map("patients", "--patients")
        .map("threads", "--threads")
        .map("batch_size", "--batch-size")
        .map("backend", "--backend");
  }

  /** Reports errors about {@code field} under {@code option}. */
  FieldOptions map(String field, String option) {
    optionOf.put(field, option);
    return this;
  }

  /** Reports errors about {@code field} under {@code option} when the option was given. */
  FieldOptions mapIfGiven(String field, String option, boolean given) {
    return given ? map(field, option) : this;
  }

  /** The error, under the option that set its field, if one did. */
  InvalidInputException renamed(InvalidInputException e) {
    String option = optionOf.get(e.field());
    return option == null ? e : e.renamed(option);
  }
}
