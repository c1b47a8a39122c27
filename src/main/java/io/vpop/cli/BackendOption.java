package io.vpop.cli;

import io.vpop.backend.BackendChoice;
import picocli.CommandLine.Option;

/** The {@code --backend} option of the commands that solve populations. */
final class BackendOption {
  @Option(
      names = "--backend",
      defaultValue = "auto",
      description = "auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
  String backend;

  /** The backend chosen. */
  BackendChoice choice() {
    return BackendChoice.parse(backend, "--backend");
  }
}
