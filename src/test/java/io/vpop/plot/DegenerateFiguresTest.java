package io.vpop.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.stats.Histogram;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.junit.jupiter.api.Test;

/**
 * Figures of data at the edges: nothing to draw gives no figure (never an exception or an empty
 * picture), a target far outside the data is still drawn, one heat-map cell and equal values make a
 * readable scale, tiny values keep their digits.
 */
class DegenerateFiguresTest {
  private static final double[] TIMES = {0, 1, 2, 3};

  private static BandFigure.Percentiles flat(double... values) {
    return new BandFigure.Percentiles(TIMES, values, values, values, values, values);
  }

  private static String svg(Figure figure) {
    return Rendered.all(List.of(figure), true, true).get(0).svg();
  }

  @Test
  void nothingSolvedOrNothingPositiveOnALogAxisGivesNoFigure() {
    double[] none = new double[TIMES.length];
    Arrays.fill(none, Double.NaN);
    assertNull(BandFigure.of("b", "t", "s", "q", 0, flat(none), List.of(), false));
    assertNull(BandFigure.of("b", "t", "s", "q", 0, flat(0, 0, 0, 0), List.of(), true));
    assertNull(
        ProfileFigure.of(
            "p", "t", "s", "q", TIMES, List.of(new ProfileFigure.Curve("c", none)), true));
    double[][] empty = {{Double.NaN}};
    assertNull(
        HeatMapFigure.of(
            "h",
            "t",
            "s",
            new HeatMapFigure.Axis("x", new String[] {"1"}),
            new HeatMapFigure.Axis("y", new String[] {"a"}),
            empty,
            "q",
            new String[][] {{""}}));
  }

  @Test
  void aTargetFarAboveOrBelowTheDataIsStillDrawn() {
    for (boolean log : new boolean[] {false, true}) {
      for (double target : new double[] {2000, 1e-9}) {
        Figure figure =
            BandFigure.of(
                "b",
                "t",
                "s",
                "Concentration (ng/mL)",
                0,
                flat(0, 5, 4, 3),
                List.of(new BandFigure.Line(target, "target-line-label")),
                log);
        assertNotNull(figure);
        if (log || target > 1) {
          assertTrue(
              svg(figure).contains("target-line-label"),
              "target " + target + (log ? " on a log axis" : ""));
        }
      }
    }
  }

  @Test
  void oneHeatMapCellHasAScaleAroundItsValue() {
    Figure figure =
        HeatMapFigure.of(
            "h",
            "t",
            "s",
            new HeatMapFigure.Axis("Dose (mg/m2)", new String[] {"25"}),
            new HeatMapFigure.Axis("Age band", new String[] {"1-<2 y"}),
            new double[][] {{3867.7}},
            "Median (ng*h/mL)",
            new String[][] {{"3868"}});
    String svg = svg(figure);
    assertTrue(svg.contains("3868"), "the cell's label");
    // 5 % either side: the legend runs from about 3,674 to 4,061.
    assertTrue(svg.contains("3700") && svg.contains("4000"), "legend ticks around the value");
  }

  @Test
  void tinyValuesKeepTheirDigitsOnAxesAndInNotes() {
    Histogram histogram = new Histogram(0, 2e-7, new double[] {3, 5, 2}, 1, 0, 3.1e-7, false);
    String svg = svg(HistogramFigure.of("h", "t", "s", "Cmax (ng/mL)", "ng/mL", 0, histogram));
    assertTrue(svg.contains("median 3.1e-07 ng/mL"), "the median in the note");
    assertTrue(svg.contains("steps of 2e-07 ng/mL"), "the bin width in the note");
    Figure band = BandFigure.of("b", "t", "s", "q", 0, flat(0, 3e-6, 2e-6, 1e-6), List.of(), true);
    // Log ticks are drawn as outlines, not SVG text: ask the axis what it writes.
    LogAxis axis = (LogAxis) band.chart().getXYPlot().getRangeAxis();
    assertTrue(axis.getLowerBound() <= 1e-6, "the lowest value's decade is on the axis");
    assertEquals("1e-06", axis.getNumberFormatOverride().format(1e-6));
    assertEquals("0.01", axis.getNumberFormatOverride().format(0.01));
  }
}
