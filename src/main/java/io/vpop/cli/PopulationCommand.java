package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.Numbers;
import io.vpop.backend.BackendChoice;
import io.vpop.batch.PatientBatch;
import io.vpop.batch.ReportedMetrics;
import io.vpop.batch.Sex;
import io.vpop.report.ConsoleTable;
import io.vpop.report.PatientTable;
import io.vpop.report.ResultFolder;
import io.vpop.run.Execution;
import io.vpop.run.PatientRange;
import io.vpop.run.Simulation;
import io.vpop.scenario.Scenario;
import io.vpop.solve.SolverKind;
import io.vpop.stats.Percentiles;
import io.vpop.stats.SampleAccumulator;
import io.vpop.stats.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vpop population}: samples a virtual population and writes it to {@code patients.csv}. */
@Command(
    name = "population",
    mixinStandardHelpOptions = true,
    description = {
      "Samples virtual patients (demographics, dose, individual parameters) and writes DIR/patients.csv.",
      "Patient i depends only on the seed and i: any thread count or batch size gives the same file."
    })
final class PopulationCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenarioOptions;

  @Mixin RunOptions run;

  @Mixin OutputDirectory output;

  @Mixin QuietOption quiet;

  @Override
  public Integer call() {
    try {
      Scenario scenario = scenarioOptions.load();
      try (ResultFolder folder = output.open()) {
        return sample(scenario, folder);
      }
    } catch (InvalidInputException e) {
      throw FieldOptions.ofRuns().renamed(e);
    } catch (IOException e) {
      throw output.writeFailed(e);
    }
  }

  private int sample(Scenario scenario, ResultFolder folder) throws IOException {
    Execution execution = run.execution(BackendChoice.CPU, SolverKind.EXACT);
    long patients = run.checkedPatients(scenario);
    PatientTable table =
        new PatientTable(
            scenario.parameterSet().parameters(),
            scenario.etaParameters(),
            scenario.model().declaredCovariates(),
            scenario.regimen().lines().size(),
            List.of(),
            ReportedMetrics.WITHOUT_THRESHOLDS);
    folder.requireSpace(table.estimatedBytes(patients));
    CovariateSummary covariates = new CovariateSummary();
    try (ProgressReporter progress =
            new ProgressReporter(
                "population", "patients", patients, quiet.quiet, spec.commandLine().getErr());
        Simulation simulation =
            Simulation.open(scenario, run.seed, execution.withProgress(progress))) {
      table.writeWhile(
          folder.staging().resolve("patients.csv"),
          rows -> {
            simulation.sample(
                PatientRange.of(patients),
                (batch, none) -> {
                  rows.accept(batch, none);
                  covariates.add(batch);
                });
            return patients;
          });
    }
    output.commit(folder);
    PrintWriter console = spec.commandLine().getOut();
    console.printf(
        Locale.ROOT,
        "%s: %d patients, seed %d, %.1f %% male%n",
        scenario.name(),
        patients,
        run.seed,
        100.0 * covariates.males / patients);
    covariates.print(console);
    console.println("wrote " + output.path().resolve("patients.csv"));
    console.flush();
    return 0;
  }

  /** The percentiles of the sampled covariates, and the number of males. */
  private static final class CovariateSummary {
    private static final List<String> MEASURES =
        List.of("age_y", "weight_kg", "height_cm", "bsa_m2");
    private final SampleAccumulator[] digests = new SampleAccumulator[MEASURES.size()];
    private long males;

    CovariateSummary() {
      for (int m = 0; m < digests.length; m++) {
        digests[m] = new SampleAccumulator(SampleAccumulator.DEFAULT_EXACT_LIMIT);
      }
    }

    void add(PatientBatch batch) {
      for (int i = 0; i < batch.size(); i++) {
        digests[0].add(batch.ageY(i));
        digests[1].add(batch.weightKg(i));
        digests[2].add(batch.heightCm(i));
        digests[3].add(batch.bsaM2(i));
        males += batch.sex(i) == Sex.MALE ? 1 : 0;
      }
    }

    /** The percentile levels shown, in percent: the P5-P95 range that growth charts show. */
    private static final double[] LEVELS = {5, 50, 95};

    /** P5, P50 and P95 of each covariate, and how they were computed. */
    void print(PrintWriter console) {
      List<String[]> rows = new ArrayList<>();
      List<String> header = new ArrayList<>(List.of("covariate"));
      for (double level : LEVELS) {
        header.add(Percentiles.label(Percentiles.indexOf(level)));
      }
      rows.add(header.toArray(String[]::new));
      boolean exact = true;
      for (int m = 0; m < MEASURES.size(); m++) {
        Summary summary = digests[m].summary();
        exact &= summary.exact();
        List<String> row = new ArrayList<>(List.of(MEASURES.get(m)));
        for (double level : LEVELS) {
          row.add(Numbers.significant(summary.percentiles()[Percentiles.indexOf(level)]));
        }
        rows.add(row.toArray(String[]::new));
      }
      ConsoleTable.print(console, rows, 1);
      console.println(
          exact
              ? "(exact percentiles, type 7)"
              : "(percentiles from a DDSketch, relative error <= "
                  + SampleAccumulator.SKETCH_RELATIVE_ERROR
                  + ")");
    }
  }
}
