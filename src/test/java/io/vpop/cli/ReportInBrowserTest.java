package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as a reader sees it, for a population run, a typical patient and the validation:
 * loaded in a real browser (the system's headless Chromium, which .ci/run installs where it is
 * missing), every figure drawn at a readable size, nothing fetched from outside the file (the
 * page's Content-Security-Policy would also turn any such load into a console error), no console
 * error; and a screenshot at one page size shows a figure's median line in its colour.
 */
class ReportInBrowserTest {
  /** The colour of the first output's median line (Okabe-Ito blue, plot.Theme's first colour). */
  private static final Color FIRST_SERIES = new Color(0x00, 0x72, 0xB2);

  @Test
  void reportsRenderEveryFigureWithoutErrors(@TempDir Path temporary) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(HeadlessChromium.EXECUTABLE),
        "no Chromium at "
            + HeadlessChromium.EXECUTABLE
            + " (.ci/run installs the chromium package): report.html not checked in a browser");
    InProcessCli cli = new InProcessCli();
    Path population = temporary.resolve("population");
    Path typical = temporary.resolve("typical");
    Path validation = temporary.resolve("validate");
    String[][] runs = {
      {
        "simulate",
        "--preset",
        "adult-label",
        "--patients",
        "200",
        "--seed",
        "3",
        "--quiet",
        "--out",
        population.toString()
      },
      {"simulate", "--typical", "--out", typical.toString()},
      {"validate", "--out", validation.toString()}
    };
    for (String[] run : runs) {
      assertEquals(0, cli.run(run), cli::err);
    }
    try (HeadlessChromium browser = new HeadlessChromium()) {
      browser.viewport(1280, 800);
      assertEveryFigureDrawn(browser, population, "vpop: adult-label", 12);
      assertEveryFigureDrawn(browser, typical, "vpop: adult-label, typical patient", 2);
      assertEveryFigureDrawn(browser, validation, "vpop validate: model temsirolimus", 1);

      browser.open(population.resolve("report.html"));
      browser.evaluate(
          "document.getElementById('bands_temsirolimus_linear').scrollIntoView(), window.scrollY");
      BufferedImage shot = ImageIO.read(new ByteArrayInputStream(browser.screenshot()));
      assertEquals(1280, shot.getWidth());
      assertEquals(800, shot.getHeight());
      int median = 0;
      for (int y = 0; y < shot.getHeight(); y++) {
        for (int x = 0; x < shot.getWidth(); x++) {
          median += near(new Color(shot.getRGB(x, y)), FIRST_SERIES) ? 1 : 0;
        }
      }
      // A 2-pixel median line across a plot some 700 pixels wide, rising at four doses.
      assertTrue(median > 2000, "pixels of the median line's colour in the screenshot: " + median);
      assertEquals(List.of(), browser.errors(), "console errors");
    }
  }

  /**
   * Opens a result folder's report.html: its title, nothing loaded from outside, no duplicate ids,
   * and every figure (one per PNG file in the folder) drawn at a readable size with its texts and
   * shapes and a caption; no console error.
   */
  private static void assertEveryFigureDrawn(
      HeadlessChromium browser, Path folder, String title, int figures) throws Exception {
    List<String> pngs;
    try (Stream<Path> files = Files.list(folder)) {
      pngs =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".png"))
              .map(n -> n.substring(0, n.length() - 4))
              .sorted()
              .toList();
    }
    assertEquals(figures, pngs.size(), "PNG files in " + folder);
    browser.open(folder.resolve("report.html"));
    JsonNode page =
        browser.evaluate(
            """
            ({
              title: document.title,
              outside: document.querySelectorAll('[src], link[href], script, a[href]').length,
              ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
              figures: Array.from(document.querySelectorAll('figure')).map(f => {
                const svg = f.querySelector('svg');
                const box = svg.getBoundingClientRect();
                return { id: f.id, width: box.width, height: box.height,
                         texts: svg.querySelectorAll('text').length,
                         paths: svg.querySelectorAll('path').length,
                         caption: f.querySelector('figcaption').textContent };
              })
            })
            """);
    assertEquals(title, page.path("title").asText());
    assertEquals(0, page.path("outside").asInt(), "the report loads nothing from outside");
    List<String> ids = new ArrayList<>();
    page.path("ids").forEach(id -> ids.add(id.asText()));
    assertEquals(ids.size(), new HashSet<>(ids).size(), "element ids are unique: " + ids);
    List<String> shown = new ArrayList<>();
    for (JsonNode figure : page.path("figures")) {
      String id = figure.path("id").asText();
      shown.add(id);
      assertTrue(figure.path("width").asDouble() > 700, id + " is drawn wide: " + figure);
      assertTrue(figure.path("height").asDouble() > 400, id + " is drawn tall: " + figure);
      assertTrue(figure.path("texts").asInt() >= 10, id + " has its title and ticks: " + figure);
      assertTrue(figure.path("paths").asInt() >= 3, id + " has its shapes: " + figure);
      assertFalse(figure.path("caption").asText().isBlank(), id + " has a caption");
    }
    assertEquals(pngs, shown.stream().sorted().toList(), "every plot is in the report");
    assertEquals(List.of(), browser.errors(), "console errors in " + folder);
  }

  private static boolean near(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed()) < 24
        && Math.abs(a.getGreen() - b.getGreen()) < 24
        && Math.abs(a.getBlue() - b.getBlue()) < 24;
  }
}
