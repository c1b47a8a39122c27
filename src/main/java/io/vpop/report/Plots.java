package io.vpop.report;

import io.vpop.Numbers;
import io.vpop.batch.Metric;
import io.vpop.model.Output;
import io.vpop.plot.BandFigure;
import io.vpop.plot.Figure;
import io.vpop.plot.HistogramFigure;
import io.vpop.plot.PlotFormat;
import io.vpop.plot.Rendered;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.Regimen;
import io.vpop.scenario.Scenario;
import io.vpop.stats.Histogram;
import io.vpop.stats.RunAggregate;
import io.vpop.stats.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a population run (the percentile bands of every output on linear and log axes,
 * histograms of AUC(0-t) and Cmax) and the writing of any report's figures as PNG and SVG files.
 */
final class Plots {
  private static final int BINS = 40;

  /** The band levels drawn, as indices into stats.Percentiles: p5, p25, p50, p75, p95. */
  private static final int P5 = 1;

  private static final int P25 = 3;
  private static final int P50 = 4;
  private static final int P75 = 5;
  private static final int P95 = 7;

  private Plots() {}

  /** The figures of a population run, in the order files and the HTML report list them. */
  static List<Figure> population(Scenario scenario, RunAggregate statistics) {
    String subtitle =
        String.format(
            Locale.ROOT,
            "%s: %s; %,d patient%s",
            scenario.name(),
            regimen(scenario.regimen()),
            statistics.patients(),
            statistics.patients() == 1 ? "" : "s");
    List<Figure> figures = new ArrayList<>();
    List<Output> outputs = statistics.outputs();
    double[] times = scenario.grid().times();
    for (int k = 0; k < outputs.size(); k++) {
      Output output = outputs.get(k);
      // The title names the output; the axis says what is measured.
      String quantity =
          (output.measure() == Output.Measure.CONCENTRATION ? "Concentration" : "Amount")
              + " ("
              + output.unit()
              + ")";
      if (statistics.hasBands()) {
        BandFigure.Percentiles band =
            new BandFigure.Percentiles(
                times,
                band(statistics, k, P5),
                band(statistics, k, P25),
                band(statistics, k, P50),
                band(statistics, k, P75),
                band(statistics, k, P95));
        List<BandFigure.Line> lines = targetLines(statistics.shape().targets(), k, output);
        for (boolean log : new boolean[] {false, true}) {
          Figure figure =
              BandFigure.of(
                  "bands_" + output.name() + (log ? "_log" : "_linear"),
                  output.label() + " over time",
                  subtitle,
                  quantity,
                  k,
                  band,
                  lines,
                  log);
          if (figure != null) {
            figures.add(figure);
          }
        }
      }
      for (Metric metric : new Metric[] {Metric.AUC_0_T, Metric.CMAX}) {
        Histogram histogram = statistics.histogram(k, metric, BINS);
        if (histogram != null) {
          String unit = metric.unit(output.unit());
          figures.add(
              HistogramFigure.of(
                  "hist_" + output.name() + "_" + metric.key(),
                  metric.title() + " of " + output.label().toLowerCase(Locale.ROOT),
                  subtitle,
                  metric.title() + " (" + unit + ")",
                  unit,
                  k,
                  histogram));
        }
      }
    }
    return figures;
  }

  /**
   * The regimen that was run, in words (the scenario's description may predate command-line
   * overrides): e.g. {@code 25 mg over 0.5 h, 4 x every 168 h}.
   */
  static String regimen(Regimen regimen) {
    List<String> lines = new ArrayList<>();
    for (DoseLine line : regimen.lines()) {
      String dose =
          Numbers.significant(line.dose().amount())
              + " "
              + line.dose().unit().symbol()
              + (line.dose().capped()
                  ? " (cap " + Numbers.significant(line.dose().capMg()) + " mg)"
                  : "")
              + " "
              + line.administration();
      lines.add(
          line.count() == 1
              ? dose + (line.startH() > 0 ? " at " + Numbers.significant(line.startH()) + " h" : "")
              : dose
                  + ", "
                  + line.count()
                  + " x every "
                  + Numbers.significant(line.intervalH())
                  + " h"
                  + (line.startH() > 0
                      ? " from " + Numbers.significant(line.startH()) + " h"
                      : ""));
    }
    return String.join("; ", lines);
  }

  private static double[] band(RunAggregate statistics, int k, int level) {
    double[] values = new double[statistics.shape().gridSize()];
    for (int g = 0; g < values.length; g++) {
      values[g] = statistics.band(k, g, level);
    }
    return values;
  }

  /** The scenario's concentration targets (Cmax, trough) on output {@code k}, as lines. */
  private static List<BandFigure.Line> targetLines(List<Target> targets, int k, Output output) {
    List<BandFigure.Line> lines = new ArrayList<>();
    for (Target target : targets) {
      if (target.output() == k && target.metric().unit(output.unit()).equals(output.unit())) {
        lines.add(new BandFigure.Line(target.threshold(), "target: " + target.description()));
        if (target.comparison() == Target.Comparison.BETWEEN) {
          lines.add(new BandFigure.Line(target.upper(), "target: " + target.description()));
        }
      }
    }
    return lines;
  }

  /**
   * Writes each figure as PNG and, as asked, SVG into {@code directory}.
   *
   * @return the names of the files written
   */
  static List<String> write(Path directory, List<Rendered> figures, PlotFormat format)
      throws IOException {
    List<String> written = new ArrayList<>();
    for (Rendered figure : figures) {
      String name = figure.figure().name();
      if (format.png()) {
        AtomicFiles.writeBytes(directory.resolve(name + ".png"), out -> out.write(figure.png()));
        written.add(name + ".png");
      }
      if (format.svg()) {
        byte[] svg = figure.svgFile().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeBytes(directory.resolve(name + ".svg"), out -> out.write(svg));
        written.add(name + ".svg");
      }
    }
    return written;
  }
}
