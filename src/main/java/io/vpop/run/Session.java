package io.vpop.run;

import io.vpop.Workers;
import io.vpop.backend.Backend;
import io.vpop.backend.Backends;
import io.vpop.model.Model;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.Schedule;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What the simulations of one {@link Simulation#open} share: the execution, the worker threads, the
 * compiled system of each model, and the backend of the last run, kept for the next run with the
 * same timeline (a dose search changes only the amounts; a GPU backend costs a context, a module
 * and pinned buffers to make). Not thread-safe.
 */
final class Session implements AutoCloseable {
  private final Execution execution;
  private final Workers workers;
  private final Map<Model, Map<String, CompartmentSystem>> systems = new IdentityHashMap<>();
  private Backend backend;
  private CompartmentSystem backendSystem;
  private Schedule backendSchedule;
  private long backendPatients;

  Session(Execution execution) {
    this.execution = execution;
    this.workers = new Workers(execution.threads());
  }

  Execution execution() {
    return execution;
  }

  Workers workers() {
    return workers;
  }

  /**
   * The compiled linear system of a model with infusions into {@code infusionCompartment} (null:
   * the dosing compartment), made once.
   */
  CompartmentSystem system(Model model, String infusionCompartment) {
    return systems
        .computeIfAbsent(model, m -> new java.util.HashMap<>())
        .computeIfAbsent(infusionCompartment, c -> new CompartmentSystem(model, c));
  }

  /**
   * The backend of the last run when it was made for this system and a schedule with this one's
   * timeline and its batches are as large as this run would get, else a new one (closing the last).
   *
   * @param patients the patients of the run, which no batch exceeds
   */
  Backend backend(CompartmentSystem system, Schedule schedule, long patients) {
    if (backend != null && backendSystem == system && backendSchedule.sameTimeline(schedule)) {
      // A backend made for a smaller run has batches of that run's size: too small for this one.
      long capacity = backend.batchCapacity();
      if (capacity < backendPatients || patients <= capacity) {
        return backend;
      }
    }
    closeBackend();
    backend =
        Backends.select(
            execution.backend(),
            execution.solver(),
            execution.batchSize(),
            system,
            schedule,
            patients,
            workers,
            execution.notices());
    backendSystem = system;
    backendSchedule = schedule;
    backendPatients = patients;
    return backend;
  }

  /**
   * Closes the backend of a run that failed: it may hold a batch in flight or a device in an error
   * state, so the next run makes a new one.
   */
  void closeBackend() {
    if (backend != null) {
      Backend last = backend;
      backend = null;
      last.close();
    }
  }

  /** Releases the backend (threads, or a GPU context) and the worker threads. */
  @Override
  public void close() {
    try {
      closeBackend();
    } finally {
      workers.close();
    }
  }
}
