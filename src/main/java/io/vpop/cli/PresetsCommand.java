package io.vpop.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vpop presets}: the shipped presets, sweeps and models, each with its description. */
@Command(
    name = "presets",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the presets, sweeps and models shipped with vpop, each with its one-line description.",
      "'presets show NAME' prints one as a template to copy; 'presets fields' describes a scenario's"
          + " fields."
    },
    subcommands = {PresetShowCommand.class, PresetFieldsCommand.class})
final class PresetsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int width =
        List.of(Shipped.values()).stream()
            .flatMap(kind -> kind.names().stream())
            .mapToInt(String::length)
            .max()
            .orElse(0);
    for (Shipped kind : Shipped.values()) {
      // A kind of which nothing is shipped (no sweeps, say) is left out rather than shown empty.
      if (kind.names().isEmpty()) {
        continue;
      }
      out.println(kind.heading + ":");
      for (String name : kind.names()) {
        out.println(
            "  " + name + " ".repeat(width - name.length()) + "  " + kind.description(name));
      }
    }
    out.println();
    out.println(
        "'vpop presets show NAME > my.yaml' saves one to edit; 'vpop presets fields' describes"
            + " a scenario's fields.");
    out.flush();
    return 0;
  }
}
