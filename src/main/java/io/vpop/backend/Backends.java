package io.vpop.backend;

import io.vpop.InvalidInputException;
import io.vpop.Workers;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Makes the backend of a run: the CPU's, the GPU's, or for {@code auto} the GPU's when one works.
 */
public final class Backends {
  private Backends() {}

  /**
   * Why the CUDA backend cannot run a model and schedule here.
   *
   * @param brief a few words for the line a run prints when {@code auto} falls back to the CPU,
   *     e.g. {@code no GPU (no CUDA driver)}
   * @param detail the whole reason on one line, for the error when the GPU was asked for ({@code
   *     vpop info} shows what a failed driver probe reported)
   */
  public record Obstacle(String brief, String detail) {}

  /**
   * @param batchSize patients per batch, or empty for the backend's choice ({@link
   *     CpuBackend#DEFAULT_BATCH}, or what the GPU's free memory holds)
   * @param patients the patients of the run (no batch is larger)
   * @param workers the CPU backend's threads
   * @param notice receives the one line that says why {@code auto} runs on the CPU and on how many
   *     threads, e.g. {@code no GPU (no CUDA driver); using the CPU backend with 2 threads}
   * @throws InvalidInputException naming {@code backend} for {@code cuda} when it cannot run (no
   *     device, no kernels, a solver or model the kernels do not take)
   */
  public static Backend select(
      BackendChoice choice,
      SolverKind kind,
      OptionalInt batchSize,
      CompartmentSystem system,
      Schedule schedule,
      long patients,
      Workers workers,
      Consumer<String> notice) {
    if (choice != BackendChoice.CPU) {
      Obstacle obstacle = cudaObstacle(system, schedule).orElse(null);
      if (obstacle == null) {
        try {
          return new CudaBackend(system, schedule, kind, batchSize, patients);
        } catch (RuntimeException e) {
          // A driver that refuses the PTX, device memory that runs out: not this run's input.
          String failure = e.getClass().getSimpleName();
          obstacle =
              new Obstacle(
                  "GPU not used (the CUDA backend failed to start: " + failure + ")",
                  "the CUDA backend failed to start ("
                      + failure
                      + ": "
                      + (e.getMessage() == null
                          ? "no message"
                          : e.getMessage().lines().findFirst().orElse(""))
                      + ")");
        }
      }
      if (choice == BackendChoice.CUDA) {
        throw new InvalidInputException(
            "backend", choice.key(), "auto, cpu (" + obstacle.detail() + ")");
      }
      int threads = workers.count();
      notice.accept(
          obstacle.brief()
              + "; using the CPU backend with "
              + threads
              + (threads == 1 ? " thread" : " threads"));
    }
    return new CpuBackend(system, schedule, kind, workers, cpuCapacity(batchSize, patients));
  }

  /**
   * Patients per batch on the CPU: as asked, else {@link CpuBackend#DEFAULT_BATCH}; never more than
   * the run has.
   */
  public static int cpuCapacity(OptionalInt batchSize, long patients) {
    return (int) Math.min(batchSize.orElse(CpuBackend.DEFAULT_BATCH), patients);
  }

  /** Why the CUDA backend cannot run this model and schedule, if it cannot. */
  public static Optional<Obstacle> cudaObstacle(CompartmentSystem system, Schedule schedule) {
    CudaBackend.Probe probe = CudaBackend.probe();
    if (!probe.available()) {
      String headline = probe.device().isEmpty() ? "no GPU" : "GPU " + probe.device() + " not used";
      return Optional.of(
          new Obstacle(
              headline + " (" + probe.reason() + ")", "no CUDA device: " + probe.detailLine()));
    }
    if (system.lagsVary(schedule)) {
      return Optional.of(
          new Obstacle(
              "GPU not used (lag times differ between patients)",
              "the CUDA kernels take one timeline for every patient, and this model's lag times"
                  + " differ between patients"));
    }
    if (schedule.durationsVary()) {
      return Optional.of(
          new Obstacle(
              "GPU not used (infusion durations differ between patients)",
              "the CUDA kernels take one timeline for every patient, and this regimen's infusions"
                  + " at a rate last each patient's dose over it"));
    }
    String unfit =
        DeviceLayout.unfit(system.layout(), schedule.distinctLengths(), schedule.lines());
    return Optional.ofNullable(
        unfit == null
            ? null
            : new Obstacle(
                "GPU not used (the CUDA kernels cannot take " + unfit + ")",
                "the CUDA kernels cannot take " + unfit));
  }
}
