package io.vpop.report;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import io.vpop.batch.Metric;
import io.vpop.model.Output;
import io.vpop.solve.TimeGrid;
import io.vpop.stats.Percentiles;
import io.vpop.stats.RunAggregate;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of a population run, each as PNG and SVG: the percentile bands of every output on
 * linear and log axes, and histograms of AUC(0-t) and Cmax.
 */
final class Plots {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;
  private static final int BINS = 40;

  /** The bands drawn: p5, p25, p50, p75, p95. */
  private static final int[] BAND_LEVELS = {1, 3, 4, 5, 7};

  private Plots() {}

  /** Writes every plot into {@code directory}; returns the file names written. */
  static List<String> write(Path directory, String title, RunAggregate statistics, TimeGrid grid)
      throws IOException {
    List<String> written = new ArrayList<>();
    List<Output> outputs = statistics.outputs();
    for (int k = 0; k < outputs.size(); k++) {
      Output output = outputs.get(k);
      for (boolean log : statistics.hasBands() ? new boolean[] {false, true} : new boolean[0]) {
        XYChart chart =
            new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title + ": " + output.name() + (log ? " (log scale)" : ""))
                .xAxisTitle("time (h)")
                .yAxisTitle(output.name() + " (" + output.unit() + ")")
                .build();
        chart.getStyler().setYAxisLogarithmic(log);
        double[] times = grid.times();
        boolean drawn = false;
        for (int level : BAND_LEVELS) {
          double[] values = new double[grid.size()];
          for (int g = 0; g < grid.size(); g++) {
            double value = statistics.band(k, g, level);
            values[g] = log && !(value > 0) ? Double.NaN : value;
            drawn |= !Double.isNaN(values[g]);
          }
          XYSeries series = chart.addSeries(Percentiles.label(level), times, values);
          series.setMarker(SeriesMarkers.NONE);
        }
        if (!drawn) {
          // No patient solved, or nothing above zero on a log scale: no picture to draw.
          continue;
        }
        written.addAll(
            save(chart, directory, "bands_" + output.name() + (log ? "_log" : "_linear")));
      }
      for (Metric metric : new Metric[] {Metric.AUC_0_T, Metric.CMAX}) {
        double[] histogram = statistics.histogram(k, metric, BINS);
        if (histogram.length == 0) {
          continue;
        }
        List<String> labels = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
          double middle = histogram[0] + (b + 0.5) * histogram[1];
          labels.add(ConsoleTable.significant(middle, 3));
          counts.add(histogram[2 + b]);
        }
        String unit = metric.unit(output.unit());
        CategoryChart chart =
            new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title + ": " + output.name() + " " + metric.key())
                .xAxisTitle(metric.key() + " (" + unit + ")")
                .yAxisTitle("patients")
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.addSeries(metric.key(), labels, counts);
        written.addAll(save(chart, directory, "hist_" + output.name() + "_" + metric.key()));
      }
    }
    return written;
  }

  static List<String> save(Chart<?, ?> chart, Path directory, String name) throws IOException {
    BufferedImage image = BitmapEncoder.getBufferedImage(chart);
    AtomicFiles.writeBytes(
        directory.resolve(name + ".png"), out -> ImageIO.write(image, "png", out));
    VectorGraphics2D vector = new VectorGraphics2D();
    chart.paint(vector, chart.getWidth(), chart.getHeight());
    Document svg =
        new SVGProcessor()
            .getDocument(
                vector.getCommands(), new PageSize(0, 0, chart.getWidth(), chart.getHeight()));
    AtomicFiles.writeBytes(directory.resolve(name + ".svg"), svg::writeTo);
    return List.of(name + ".png", name + ".svg");
  }
}
