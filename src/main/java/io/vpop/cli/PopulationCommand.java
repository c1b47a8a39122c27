package io.vpop.cli;

import io.vpop.population.PatientBatch;
import io.vpop.population.PopulationSampler;
import io.vpop.report.AtomicFiles;
import io.vpop.report.PatientTable;
import io.vpop.stats.SampleAccumulator;
import io.vpop.stats.Summary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

  @Override
  public Integer call() throws Exception {
    Scenario scenario = scenarioOptions.load();
    output.check();
    int threadCount = run.checkedThreads();
    long patients = run.patients;
    PopulationSampler sampler = scenario.sampler(scenario.modifierFactors("modifiers"), run.seed);
    int lines = scenario.regimen().infusions().size();
    PatientTable table = new PatientTable(scenario.parameterSet().parameters(), lines, List.of());
    PatientBatch batch =
        new PatientBatch(run.batchCapacity(), lines, scenario.parameterSet().parameters().size());
    List<String> measures = List.of("age_y", "weight_kg", "height_cm", "bsa_m2");
    SampleAccumulator[] digests = new SampleAccumulator[measures.size()];
    for (int m = 0; m < digests.length; m++) {
      digests[m] = new SampleAccumulator(SampleAccumulator.DEFAULT_EXACT_LIMIT);
    }
    long[] males = new long[1];
    ExecutorService executor = Executors.newFixedThreadPool(threadCount);
    try {
      AtomicFiles.write(
          output.path().resolve("patients.csv"),
          writer -> {
            table.writeHeader(writer);
            for (long first = 0; first < patients; first += batch.capacity()) {
              int count = (int) Math.min(batch.capacity(), patients - first);
              sampler.fill(batch, first, count, executor, threadCount);
              table.writeRows(batch, null, writer);
              for (int i = 0; i < count; i++) {
                digests[0].add(batch.ageY(i));
                digests[1].add(batch.weightKg(i));
                digests[2].add(batch.heightCm(i));
                digests[3].add(batch.bsaM2(i));
                males[0] += batch.sex(i) == io.vpop.population.Sex.MALE ? 1 : 0;
              }
            }
          });
    } finally {
      executor.shutdownNow();
    }
    PrintWriter console = spec.commandLine().getOut();
    console.printf(
        Locale.ROOT,
        "%s: %d patients, seed %d, %.1f %% male%n",
        scenario.name(),
        patients,
        run.seed,
        100.0 * males[0] / patients);
    console.printf(Locale.ROOT, "%-10s %10s %10s %10s%n", "", "P5", "P50", "P95");
    boolean exact = true;
    for (int m = 0; m < measures.size(); m++) {
      Summary summary = digests[m].summary();
      exact &= summary.exact();
      console.printf(
          Locale.ROOT,
          "%-10s %10.4g %10.4g %10.4g%n",
          measures.get(m),
          summary.percentiles()[1],
          summary.percentiles()[4],
          summary.percentiles()[7]);
    }
    console.println(
        exact
            ? "(exact percentiles, type 7)"
            : "(percentiles from a DDSketch, relative error <= "
                + SampleAccumulator.SKETCH_RELATIVE_ERROR
                + ")");
    console.println("wrote " + output.path().resolve("patients.csv"));
    console.flush();
    return 0;
  }
}
