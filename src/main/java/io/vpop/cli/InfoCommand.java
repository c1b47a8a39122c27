package io.vpop.cli;

import io.vpop.backend.CudaBackend;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vpop info}: the version, the Java runtime, the kernels in the jar and the CUDA device, or
 * in full why there is none (a run says it in a few words).
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description =
        "Prints vpop's version, the Java runtime, the CUDA kernels in the jar and the CUDA device.")
final class InfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("vpop " + Main.Version.version());
    out.println(
        "java: "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + "), "
            + Runtime.getRuntime().availableProcessors()
            + " cores, max heap "
            + Runtime.getRuntime().maxMemory() / (1 << 20)
            + " MiB");
    CudaBackend.Probe probe = CudaBackend.probe();
    out.println(
        "CUDA kernels in the jar: "
            + (probe.ptxArchitectures().isEmpty()
                ? "none (built without nvcc)"
                : probe.ptxArchitectures().stream()
                    .map(arch -> "PTX compute_" + arch)
                    .collect(Collectors.joining(", "))));
    if (probe.available()) {
      out.println("CUDA device: " + probe.describe());
    } else {
      // The whole story a run's one-line notice leaves out: what the driver probe reported.
      out.println("CUDA device: none (" + probe.reason() + ")");
      probe.detail().lines().forEach(line -> out.println("  " + line));
    }
    out.flush();
    return 0;
  }
}
