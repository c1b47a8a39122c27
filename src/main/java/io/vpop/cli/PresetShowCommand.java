package io.vpop.cli;

import io.vpop.InvalidInputException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vpop presets show NAME}: a shipped preset, sweep or model as a template: the file as
 * shipped, after a header of comments that says how to save and run a copy. The header is all
 * comments, so the copy loads as the shipped file does.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a shipped preset, sweep or model as a commented template to save, edit and run.",
      "Example: vpop presets show adult-label > my.yaml; vpop simulate --scenario my.yaml"
    })
final class PresetShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = Shipped.NAME,
      description = "A name that 'vpop presets' lists, e.g. adult-label.")
  String name;

  @Override
  public Integer call() {
    Shipped kind = kindOf(name);
    PrintWriter out = spec.commandLine().getOut();
    out.print("# vpop's " + kind.noun + " " + name + " as a template: save it, edit it, run it:\n");
    out.print("#   vpop presets show " + name + " > " + kind.copy + "\n");
    for (String line : kind.use(name)) {
      out.print("# " + line + "\n");
    }
    out.print("\n" + kind.text(name));
    out.flush();
    return 0;
  }

  /**
   * The kind that ships {@code name}, the first in {@link Shipped}'s order.
   *
   * @throws InvalidInputException listing every shipped name if none does
   */
  private static Shipped kindOf(String name) {
    for (Shipped kind : Shipped.values()) {
      if (kind.names().contains(name)) {
        return kind;
      }
    }
    throw new InvalidInputException(
        Shipped.NAME,
        name,
        String.join(
            ", ",
            List.of(Shipped.values()).stream().flatMap(kind -> kind.names().stream()).toList()));
  }
}
