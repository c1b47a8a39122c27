package io.vpop.cli;

import io.vpop.InvalidInputException;
import io.vpop.backend.BackendChoice;
import io.vpop.model.ModelLoader;
import io.vpop.plot.PlotFormat;
import io.vpop.report.ResultFolder;
import io.vpop.report.ValidationReport;
import io.vpop.run.Execution;
import io.vpop.run.Simulation;
import io.vpop.solve.SolverKind;
import io.vpop.validate.ValidationPlan;
import io.vpop.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vpop validate}: every published figure of the reference beside the simulated one. Exit
 * code 0 when every judged row is within its tolerance, {@value #MISSED} when a figure is missed.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the model against every published figure and writes DIR/validation.md, validation.json and a plot.",
      "Exit code 0 when every judged figure is within its tolerance, 4 when one is missed."
    })
final class ValidateCommand implements Callable<Integer> {
  /** The smallest population whose mean and CV the tolerances are meant for. */
  static final int MIN_PATIENTS = 500;

  /** Exit code when a published figure is missed. */
  static final int MISSED = 4;

  @Spec CommandSpec spec;

  @Mixin PlotOption plots;

  @Mixin RunOptions run;

  @Option(
      names = "--model",
      description =
          "The shipped model whose published figures are checked (default: ${DEFAULT-VALUE}).",
      defaultValue = "temsirolimus")
  String model;

  @Option(
      names = "--model-file",
      description =
          "A model parameter file checked against --model's published figures in its place.")
  Path modelFile;

  @Mixin OutputDirectory output;

  @Override
  public Integer call() {
    try {
      ValidationPlan plan = plan();
      PlotFormat plotFormat = plots.format(true);
      try (ResultFolder folder = output.open()) {
        return validate(plan, plotFormat, folder);
      }
    } catch (InvalidInputException e) {
      throw FieldOptions.ofRuns().renamed(e);
    } catch (IOException e) {
      throw output.writeFailed(e);
    }
  }

  /** The validation of --model, on --model-file where one is given. */
  private ValidationPlan plan() {
    if (modelFile == null) {
      return ValidationPlan.shipped(model, "--model", null);
    }
    // The model file's own errors first, naming its fields as a model file's do elsewhere.
    ModelLoader.file(modelFile, "--model-file");
    try {
      return ValidationPlan.shipped(model, "--model", modelFile);
    } catch (InvalidInputException e) {
      if (e.field().equals("--model")) {
        throw e;
      }
      // A valid model that lacks an output, parameter set or modifier the validation uses.
      throw InvalidInputException.of(
          "--model-file",
          "the model lacks what the validation of --model "
              + model
              + " uses ("
              + e.getMessage()
              + "); give --model the model this file varies");
    }
  }

  private int validate(ValidationPlan plan, PlotFormat plotFormat, ResultFolder folder)
      throws IOException {
    long patients = run.checkedPatients();
    if ((plan.hasPopulationRows() && patients < MIN_PATIENTS) || patients > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          "--patients",
          patients,
          MIN_PATIENTS
              + " to "
              + Integer.MAX_VALUE
              + " (the population rows compare means and CVs)");
    }
    Execution execution = run.execution(BackendChoice.CPU, SolverKind.EXACT);
    ValidationReport report;
    try (Simulation simulation = Simulation.open(plan.scenario(), run.seed, execution)) {
      report =
          new ValidationReport(
              Main.Version.version(),
              plan.model(),
              new Validator(simulation, plan, (int) patients).run());
    }
    PrintWriter console = spec.commandLine().getOut();
    report.printTable(console);
    List<String> written = report.write(folder.staging(), plotFormat);
    output.commit(folder);
    output.announce(console, written);
    return report.passed() ? 0 : MISSED;
  }
}
