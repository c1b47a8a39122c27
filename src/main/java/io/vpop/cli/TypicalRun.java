package io.vpop.cli;

import io.vpop.batch.Status;
import io.vpop.plot.PlotFormat;
import io.vpop.report.ResultFolder;
import io.vpop.report.TypicalRunReport;
import io.vpop.run.Typical;
import io.vpop.scenario.Scenario;
import io.vpop.solve.SolverKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code simulate --typical}: one patient at the scenario's reference covariates. */
final class TypicalRun {
  private TypicalRun() {}

  /** Refuses the options of simulate that one patient has no use for. */
  static void refuseUnusedOptions(CommandSpec spec) {
    UnusedOptions.refuse(
        spec.commandLine().getParseResult(),
        "--typical",
        "one patient without variability, solved on the CPU",
        "--patients",
        "--seed",
        "--threads",
        "--batch-size",
        "--backend",
        "--per-patient",
        "--no-bands",
        "--allow-failures");
  }

  /**
   * Prints the patient's table and writes summary.json and profile.csv, unless the solve failed.
   *
   * @return the exit code
   */
  static int report(
      Typical solved,
      Scenario scenario,
      SolverKind kind,
      ResultFolder folder,
      OutputDirectory output,
      PlotFormat plots,
      CommandSpec spec)
      throws IOException {
    TypicalRunReport report = TypicalRunReport.of(Main.Version.version(), scenario, kind, solved);
    PrintWriter console = spec.commandLine().getOut();
    report.printTable(console);
    if (solved.result().status() != Status.OK) {
      spec.commandLine()
          .getErr()
          .println("vpop: the solve failed (" + solved.result().status() + "); no files written");
      return FailureOption.FAILED;
    }
    List<String> written = report.write(folder.staging(), plots);
    output.commit(folder);
    output.announce(console, written);
    return 0;
  }
}
