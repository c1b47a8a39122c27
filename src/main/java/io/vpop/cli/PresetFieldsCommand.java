package io.vpop.cli;

import io.vpop.scenario.ScenarioFields;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vpop presets fields}: every field of a scenario file as a Markdown table, the README's
 * "Scenario fields" section.
 */
@Command(
    name = "fields",
    mixinStandardHelpOptions = true,
    description =
        "Prints every field of a scenario file (type and allowed values, default, unit, meaning)"
            + " as a Markdown table.")
final class PresetFieldsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(ScenarioFields.markdown());
    out.flush();
    return 0;
  }
}
