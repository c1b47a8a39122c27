package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The progress lines of a run whose console is not a terminal, on a clock the test moves: when they
 * come, and the rate and time left they state.
 */
class ProgressReporterTest {
  private static final long MS = 1_000_000;

  /** A clock in ns that only the test moves. */
  private long now;

  private final StringWriter printed = new StringWriter();

  private ProgressReporter reporter(long total, ProgressReporter.Display display) {
    return new ProgressReporter(
        "simulate", "patients", total, display, () -> now, new PrintWriter(printed));
  }

  /** Runs {@code steps} batches of {@code batch} patients, each taking {@code stepMs}. */
  private List<String> run(
      long total, ProgressReporter.Display display, int steps, long batch, long stepMs) {
    try (ProgressReporter progress = reporter(total, display)) {
      for (int step = 1; step <= steps; step++) {
        now += stepMs * MS;
        progress.done(step * batch);
      }
    }
    return printed.toString().lines().toList();
  }

  @Test
  void aFastRunPrintsALineAtEveryTenthOnceTheDelayHasPassed() {
    // 1000 patients in batches of 50 every 0.5 s: 100 patients/s, done after 10 s; the first line
    // comes at 2 s (the delay), when 20 % are done.
    List<String> lines = run(1000, ProgressReporter.Display.LINES, 20, 50, 500);
    assertEquals(
        List.of(
            "simulate: 200 of 1000 patients (20 %), 100 patients/s, about 0:00:08 left",
            "simulate: 300 of 1000 patients (30 %), 100 patients/s, about 0:00:07 left",
            "simulate: 400 of 1000 patients (40 %), 100 patients/s, about 0:00:06 left",
            "simulate: 500 of 1000 patients (50 %), 100 patients/s, about 0:00:05 left",
            "simulate: 600 of 1000 patients (60 %), 100 patients/s, about 0:00:04 left",
            "simulate: 700 of 1000 patients (70 %), 100 patients/s, about 0:00:03 left",
            "simulate: 800 of 1000 patients (80 %), 100 patients/s, about 0:00:02 left",
            "simulate: 900 of 1000 patients (90 %), 100 patients/s, about 0:00:01 left",
            "simulate: 1000 of 1000 patients (100 %), 100 patients/s, took 0:00:10"),
        lines);
  }

  @Test
  void aSlowRunPrintsALineEveryThirtySecondsBetweenTenths() {
    // 100 patients a second, 100,000 patients: a tenth takes 100 s, so lines come every 30 s and
    // at each tenth; at 30 s, 97,000 patients are left at 100/s: 970 s = 0:16:10.
    List<String> lines = run(100_000, ProgressReporter.Display.LINES, 200, 100, 1000);
    assertEquals(
        List.of(
            "simulate: 3000 of 100000 patients (3 %), 100 patients/s, about 0:16:10 left",
            "simulate: 6000 of 100000 patients (6 %), 100 patients/s, about 0:15:40 left",
            "simulate: 9000 of 100000 patients (9 %), 100 patients/s, about 0:15:10 left",
            "simulate: 10000 of 100000 patients (10 %), 100 patients/s, about 0:15:00 left",
            "simulate: 13000 of 100000 patients (13 %), 100 patients/s, about 0:14:30 left",
            "simulate: 16000 of 100000 patients (16 %), 100 patients/s, about 0:14:00 left",
            "simulate: 19000 of 100000 patients (19 %), 100 patients/s, about 0:13:30 left",
            "simulate: 20000 of 100000 patients (20 %), 100 patients/s, about 0:13:20 left"),
        lines);
  }

  @Test
  void theTimeLeftIsWhatRemainsAtTheRateSoFar() {
    // 3 batches of 7,000 in 2.1 s: 10,000 patients/s; 79,000 left take 7.9 s, shown as 0:00:08.
    List<String> lines = run(100_000, ProgressReporter.Display.LINES, 3, 7000, 700);
    assertEquals(
        List.of("simulate: 21000 of 100000 patients (21 %), 10000 patients/s, about 0:00:08 left"),
        lines);
  }

  @Test
  void aRunShorterThanTheDelayPrintsNothing() {
    assertEquals(List.of(), run(1000, ProgressReporter.Display.LINES, 10, 100, 190));
  }

  @Test
  void aQuietRunPrintsNothing() {
    assertEquals(List.of(), run(100_000, ProgressReporter.Display.NONE, 200, 100, 1000));
  }
}
