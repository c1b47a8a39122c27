package io.vpop.backend;

import io.vpop.InvalidInputException;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import java.util.function.Consumer;

/**
 * Chooses the backend of a run: {@code cpu}, {@code cuda}, or {@code auto} (the GPU when one
 * works).
 */
public final class Backends {
  private Backends() {}

  /**
   * @param choice auto, cpu or cuda
   * @param threads CPU worker threads
   * @param batchSize patients per batch, or null for the backend's choice ({@link
   *     CpuBackend#DEFAULT_BATCH}, or what the GPU's free memory holds)
   * @param patients the patients of the run (no batch is larger)
   * @param notice receives the one line that says why {@code auto} runs on the CPU
   * @throws InvalidInputException naming {@code --backend} for another choice, or for {@code cuda}
   *     when it cannot run (no device, no kernels, a solver or model the kernels do not take)
   */
  public static Backend select(
      String choice,
      CompartmentSystem system,
      Schedule schedule,
      SolverKind kind,
      int threads,
      Integer batchSize,
      long patients,
      Consumer<String> notice) {
    int cpuCapacity =
        (int) Math.min(batchSize != null ? batchSize : CpuBackend.DEFAULT_BATCH, patients);
    switch (choice) {
      case "cpu":
        return new CpuBackend(system, schedule, kind, threads, cpuCapacity);
      case "cuda":
      case "auto":
        String obstacle = obstacle(system, schedule);
        if (obstacle == null) {
          try {
            return new CudaBackend(system, schedule, kind, batchSize, patients);
          } catch (RuntimeException e) {
            // A driver that refuses the PTX, device memory that runs out: not this run's input.
            obstacle =
                "the CUDA backend failed to start ("
                    + e.getClass().getSimpleName()
                    + ": "
                    + (e.getMessage() == null
                        ? "no message"
                        : e.getMessage().lines().findFirst().orElse(""))
                    + ")";
          }
        }
        if (choice.equals("cuda")) {
          throw new InvalidInputException("--backend", choice, "auto, cpu (" + obstacle + ")");
        }
        notice.accept(obstacle + "; using the CPU backend");
        return new CpuBackend(system, schedule, kind, threads, cpuCapacity);
      default:
        throw new InvalidInputException("--backend", choice, "auto, cpu, cuda");
    }
  }

  /** Why the CUDA backend cannot run this, or null when it can. */
  static String obstacle(CompartmentSystem system, Schedule schedule) {
    CudaBackend.Probe probe = CudaBackend.probe();
    if (!probe.available()) {
      return "no CUDA device: " + probe.reason();
    }
    String unfit =
        DeviceLayout.unfit(system.layout(), schedule.distinctLengths(), schedule.lines());
    return unfit == null ? null : "the CUDA kernels cannot take " + unfit;
  }
}
