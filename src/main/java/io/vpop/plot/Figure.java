package io.vpop.plot;

import org.jfree.chart.JFreeChart;

/**
 * One picture of a report: the chart, its size in pixels, the file name it is saved under (without
 * extension) and the caption report.html shows beneath it.
 *
 * @param name the file name without extension, e.g. {@code bands_sirolimus_linear}
 * @param caption one sentence saying what the figure shows
 * @param chart the chart
 * @param width the width in pixels
 * @param height the height in pixels
 */
public record Figure(String name, String caption, JFreeChart chart, int width, int height) {
  /** The size of most figures, in pixels. */
  static final int WIDTH = 900;

  static final int HEIGHT = 560;

  /** A figure of the usual size. */
  static Figure of(String name, String caption, JFreeChart chart) {
    return new Figure(name, caption, chart, WIDTH, HEIGHT);
  }
}
