package io.vpop.solve;

import io.vpop.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The solvers a run can use. */
public enum SolverKind {
  /** The exact solution of the linear system ({@link ExactSolver}): the default. */
  EXACT("exact"),
  /** Adaptive Dormand-Prince 5(4) ({@link DormandPrinceSolver}) at rtol 1e-9. */
  DOPRI5("dopri5");

  /** Relative tolerance of {@link #DOPRI5}: its exposures agree with the exact ones to 1e-6. */
  public static final double DOPRI5_RTOL = 1e-9;

  /** Absolute tolerance of {@link #DOPRI5} (mg; ng*h/mL for integrals): small, so rtol governs. */
  public static final double DOPRI5_ATOL = 1e-14;

  private final String key;

  SolverKind(String key) {
    this.key = key;
  }

  /** The name on the command line and in reports. */
  public String key() {
    return key;
  }

  /**
   * A solver for one thread: for patients whose lag times or infusion durations differ, one that
   * solves each on a schedule of its own ({@link RetimingSolver}).
   */
  public PatientSolver create(CompartmentSystem system, Schedule schedule) {
    return system.lagsVary(schedule) || schedule.durationsVary()
        ? new RetimingSolver(this, system, schedule)
        : solverFor(system, schedule);
  }

  /** A solver for one thread and one timeline. */
  PatientSolver solverFor(CompartmentSystem system, Schedule schedule) {
    return switch (this) {
      case EXACT -> new ExactSolver(system, schedule);
      case DOPRI5 -> new DormandPrinceSolver(system, schedule, DOPRI5_RTOL, DOPRI5_ATOL);
    };
  }

  /**
   * The solver named {@code text}.
   *
   * @throws InvalidInputException naming {@code field} for any other text
   */
  public static SolverKind parse(String text, String field) {
    for (SolverKind kind : values()) {
      if (kind.key.equals(text)) {
        return kind;
      }
    }
    throw new InvalidInputException(
        field,
        text,
        Arrays.stream(values()).map(SolverKind::key).collect(Collectors.joining(", ")));
  }
}
