package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.Numbers;
import io.vpop.backend.BackendChoice;
import io.vpop.run.SelfTest;
import io.vpop.scenario.Scenario;
import io.vpop.solve.SolverKind;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vpop selftest}: solves the same virtual patients on the CPU backend and on the chosen
 * backend and checks them against each other ({@link SelfTest}), so an installation with only the
 * jar and a Java runtime can be verified.
 */
@Command(
    name = "selftest",
    mixinStandardHelpOptions = true,
    description =
        "Checks a backend against the CPU backend on the same patients (every metric and grid value).")
final class SelftestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenarioOptions;

  @Mixin RunOptions run;

  @Option(
      names = "--backend",
      defaultValue = "cuda",
      description = "The backend checked against the CPU (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(
      names = "--solver",
      defaultValue = "exact",
      description = "exact or dopri5, on both backends (default: ${DEFAULT-VALUE}).")
  String solver;

  @Override
  public Integer call() {
    try {
      return check();
    } catch (InvalidInputException e) {
      throw FieldOptions.ofRuns().renamed(e);
    }
  }

  private int check() {
    Scenario scenario = scenarioOptions.load();
    long patients = run.checkedPatients();
    SolverKind kind = SolverKind.parse(solver, "--solver");
    if (!backend.equals("cuda")) {
      throw new InvalidInputException(
          "--backend", backend, "cuda (the CPU backend is the reference it is checked against)");
    }
    PrintWriter out = spec.commandLine().getOut();
    SelfTest.Report report =
        SelfTest.run(
            scenario,
            run.seed,
            patients,
            run.execution(BackendChoice.CUDA, kind),
            (checked, reference) -> out.println("checking " + checked + " against " + reference));
    out.printf(
        Locale.ROOT,
        "%d patients: largest relative difference %s (%s); %d values beyond %s%n",
        report.patients(),
        Numbers.significant(report.worst()),
        report.worstWhere().isEmpty() ? "none" : report.worstWhere(),
        report.mismatches(),
        Numbers.significant(SelfTest.TOLERANCE));
    if (report.counted()) {
      out.println(
          report.countsAgree()
              ? "band counts made by the backend equal its values counted here"
              : "band counts made by the backend DIFFER from its values counted here");
    }
    out.printf(
        Locale.ROOT,
        "band percentiles: %d equal to the CPU's, %d one bucket apart (a value within rounding of a"
            + " bucket edge), %d farther%n",
        report.bandsEqual(),
        report.bandsOneBucketApart(),
        report.bandsFarther());
    out.println(report.passed() ? "selftest passed" : "selftest FAILED");
    out.flush();
    return report.passed() ? 0 : 1;
  }
}
