package io.vpop.cli;

import io.vpop.plot.PlotFormat;
import picocli.CommandLine.Option;

/** The {@code --plots} option of the commands that draw figures. */
final class PlotOption {
  @Option(
      names = "--plots",
      paramLabel = "FORMAT",
      description =
          "none, png, svg or all (default: png; for simulate, none where the scenario says"
              + " plots: false); report.html shows every plot inline unless none.")
  String plots;

  /**
   * The format asked for; without the option, PNG where the scenario wants plots.
   *
   * @param scenarioPlots the scenario's {@code outputs.plots}
   */
  PlotFormat format(boolean scenarioPlots) {
    if (plots == null) {
      return scenarioPlots ? PlotFormat.PNG : PlotFormat.NONE;
    }
    return PlotFormat.parse(plots, "--plots");
  }
}
