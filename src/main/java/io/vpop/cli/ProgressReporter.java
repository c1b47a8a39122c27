package io.vpop.cli;

import io.vpop.Numbers;
import io.vpop.run.Progress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of a run that lasts more than {@value #DELAY_MS} ms, unless asked to be quiet: a
 * progress bar on a terminal; elsewhere (a pipe, a log file, a batch job) a line on standard error
 * at every tenth of the work or after {@value #LINE_INTERVAL_MS} ms without one, whichever comes
 * first, with the work done, the rate and the time left. Not thread-safe: told by the thread that
 * runs the work.
 */
final class ProgressReporter implements AutoCloseable, Progress {
  /** Runs shorter than this show no progress, in ms. */
  static final long DELAY_MS = 2000;

  /** The longest a non-terminal waits for a line, in ms. */
  static final long LINE_INTERVAL_MS = 30_000;

  /** How progress is shown. */
  enum Display {
    /** Not at all (--quiet). */
    NONE,
    /** A bar redrawn in place, on a terminal. */
    BAR,
    /** Lines now and then, where a redrawn bar would fill a log with carriage returns. */
    LINES
  }

  private static final long NANOS_PER_MS = 1_000_000;

  private final String task;
  private final String unit;
  private final long total;
  private final Display display;
  private final LongSupplier nanoTime;
  private final PrintWriter lines;
  private final long start;
  private ProgressBar bar;

  /** The tenths of the work done at the last line. */
  private long lastTenth;

  /** When the last line was printed (the start before the first), in ns of {@link #nanoTime}. */
  private long lastLine;

  /**
   * Progress for the console: a bar when the console is a terminal, lines on {@code err} when not.
   *
   * @param task the name shown, e.g. {@code simulate}
   * @param unit what is counted, plural, e.g. {@code patients}
   * @param total how many of them the run has
   */
  ProgressReporter(String task, String unit, long total, boolean quiet, PrintWriter err) {
    this(
        task,
        unit,
        total,
        quiet ? Display.NONE : System.console() != null ? Display.BAR : Display.LINES,
        System::nanoTime,
        err);
  }

  /**
   * @param nanoTime the clock, in ns (System::nanoTime but in tests)
   * @param lines where {@link Display#LINES} go
   */
  ProgressReporter(
      String task,
      String unit,
      long total,
      Display display,
      LongSupplier nanoTime,
      PrintWriter lines) {
    this.task = task;
    this.unit = unit;
    this.total = total;
    this.display = display;
    this.nanoTime = nanoTime;
    this.lines = lines;
    this.start = nanoTime.getAsLong();
    this.lastLine = start;
  }

  /** Work done so far, in the run's unit. */
  @Override
  public void done(long count) {
    if (display == Display.NONE) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (now - start < DELAY_MS * NANOS_PER_MS) {
      return;
    }
    if (display == Display.BAR) {
      stepBar(count);
      return;
    }
    long tenth = count * 10 / total;
    if (tenth > lastTenth || now - lastLine >= LINE_INTERVAL_MS * NANOS_PER_MS) {
      lines.println(line(count, now - start));
      lines.flush();
      lastTenth = tenth;
      lastLine = now;
    }
  }

  private void stepBar(long count) {
    if (bar == null && count < total) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .setUnit(" " + unit, 1)
              .showSpeed()
              .setStyle(ProgressBarStyle.ASCII)
              .build();
    }
    if (bar != null) {
      bar.stepTo(count);
    }
  }

  /**
   * E.g. {@code simulate: 40000 of 200000 patients (20 %), 9512 patients/s, about 0:00:17 left}:
   * the time left is what remains at the rate so far.
   *
   * @param elapsed time since the start, in ns
   */
  private String line(long count, long elapsed) {
    double seconds = elapsed / 1e9;
    double rate = count / seconds;
    String timing;
    if (count >= total) {
      timing = "took " + clock(seconds);
    } else if (count == 0) {
      timing = "time left not known yet";
    } else {
      timing = "about " + clock((total - count) * seconds / count) + " left";
    }
    return String.format(
        Locale.ROOT,
        "%s: %d of %d %s (%d %%), %s %s/s, %s",
        task,
        count,
        total,
        unit,
        count * 100 / total,
        Numbers.significant(rate),
        unit,
        timing);
  }

  /** A duration as h:mm:ss, rounded to the second. */
  private static String clock(double seconds) {
    long rounded = Math.round(seconds);
    return String.format(
        Locale.ROOT, "%d:%02d:%02d", rounded / 3600, rounded / 60 % 60, rounded % 60);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
