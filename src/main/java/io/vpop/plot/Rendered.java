package io.vpop.plot;

import io.vpop.stats.Histogram;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jfree.svg.MeetOrSlice;
import org.jfree.svg.PreserveAspectRatio;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;
import org.jfree.svg.util.DoubleConverter;

/**
 * A figure drawn: its PNG bytes and its SVG element, each present only when asked for.
 *
 * @param figure the figure
 * @param png the PNG file's bytes, or null
 * @param svg the {@code <svg>} element (scalable, for inlining in HTML), or null
 */
public record Rendered(Figure figure, byte[] png, String svg) {
  /** The decimal places SVG coordinates keep: a hundredth of a pixel is below what anyone sees. */
  private static final int SVG_DECIMALS = 2;

  /**
   * The PNG writer's compression "quality": 0.9 is deflate level 1, a fifth faster to encode than
   * the default for files about a fifth larger (measured on the default run's figures).
   */
  private static final float PNG_SPEED = 0.9f;

  /**
   * Draws every figure, in parallel (charts are independent; each is drawn by one thread), in the
   * order given.
   */
  public static List<Rendered> all(List<Figure> figures, boolean png, boolean svg) {
    try {
      return figures.parallelStream().map(figure -> of(figure, png, svg)).toList();
    } catch (UncheckedIOException e) {
      throw new IllegalStateException("a plot could not be encoded", e.getCause());
    }
  }

  /**
   * Loads fonts and chart classes on a background thread, so that a command that will draw can do
   * so while its simulation runs (about half a second of a cold start).
   */
  public static void warmUpInBackground() {
    Thread thread = new Thread(Rendered::warmUp, "vpop-plot-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Draws a small band figure and histogram as PNG and SVG once, so that fonts, chart classes and
   * the encoders are loaded before the first real figure. Only worth it beside other work: drawn
   * for its own sake it would only delay the real figures.
   */
  private static void warmUp() {
    double[] times = {0, 1, 2};
    double[] values = {1, 2, 1};
    BandFigure.Percentiles band =
        new BandFigure.Percentiles(times, values, values, values, values, values);
    for (boolean log : new boolean[] {false, true}) {
      Figure figure = BandFigure.of("warm-up", "", "", "", 0, band, List.of(), log);
      of(new Figure("warm-up", "", figure.chart(), 96, 64), true, true);
    }
    Histogram histogram = new Histogram(0, 1, new double[] {1, 2}, 0, 0, 1, false);
    Figure bars = HistogramFigure.of("warm-up", "", "", "", "", 0, histogram);
    of(new Figure("warm-up", "", bars.chart(), 96, 64), true, true);
  }

  private static Rendered of(Figure figure, boolean png, boolean svg) {
    return new Rendered(figure, png ? png(figure) : null, svg ? svg(figure) : null);
  }

  private static byte[] png(Figure figure) {
    // Three bytes per pixel, the layout the PNG writer encodes without unpacking each row: drawing
    // and encoding both take about a third less time than with packed integers.
    BufferedImage image =
        new BufferedImage(figure.width(), figure.height(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D graphics = image.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    graphics.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    figure.chart().draw(graphics, new Rectangle(figure.width(), figure.height()));
    graphics.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ImageWriteParam parameters = writer.getDefaultWriteParam();
    parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    parameters.setCompressionQuality(PNG_SPEED);
    // In memory: ImageIO's default stream would cache in a file under java.io.tmpdir.
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), parameters);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static String svg(Figure figure) {
    SVGGraphics2D graphics = new SVGGraphics2D(figure.width(), figure.height());
    // Ids of clip paths and gradients must be unique in a page that inlines many figures, and the
    // same from run to run (the default prefix is a clock reading).
    graphics.setDefsKeyPrefix("vpop-" + figure.name() + "-");
    graphics.setGeomDoubleConverter(new DoubleConverter(SVG_DECIMALS));
    graphics.setTransformDoubleConverter(new DoubleConverter(SVG_DECIMALS));
    figure.chart().draw(graphics, new Rectangle(figure.width(), figure.height()));
    return graphics.getSVGElement(
        null,
        false,
        new ViewBox(0, 0, figure.width(), figure.height()),
        PreserveAspectRatio.XMID_YMID,
        MeetOrSlice.MEET);
  }

  /** The SVG as a standalone file: the XML declaration, then the element with its size. */
  public String svgFile() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + svg.replaceFirst(
            "<svg ", "<svg width=\"" + figure.width() + "\" height=\"" + figure.height() + "\" ");
  }
}
