package io.vpop.cli;

import io.vpop.run.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on the console (patients done, patients/s, time left) for runs that last more than
 * {@value #DELAY_MS} ms, drawn only when the console is a terminal and not asked to be quiet.
 */
final class ProgressReporter implements AutoCloseable, Progress {
  /** Runs shorter than this show no bar, in ms. */
  static final long DELAY_MS = 2000;

  private final long total;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private ProgressBar bar;

  ProgressReporter(long total, boolean quiet) {
    this.total = total;
    this.enabled = !quiet && System.console() != null;
  }

  /** Patients done so far. */
  @Override
  public void done(long patients) {
    if (!enabled) {
      return;
    }
    if (bar == null && (System.nanoTime() - start) / 1_000_000 >= DELAY_MS && patients < total) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("simulate")
              .setInitialMax(total)
              .setUnit(" patients", 1)
              .showSpeed()
              .setStyle(ProgressBarStyle.ASCII)
              .build();
    }
    if (bar != null) {
      bar.stepTo(patients);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
