package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as a reader sees it: loaded in a real browser (the system's headless Chromium, which
 * .ci/run installs where it is missing), every figure drawn at a readable size, nothing fetched
 * from outside the file, no console error; and a screenshot at one page size shows a figure's
 * median line in its colour.
 */
class ReportInBrowserTest {
  /** The colour of the first output's median line (Okabe-Ito blue, plot.Theme's first colour). */
  private static final Color FIRST_SERIES = new Color(0x00, 0x72, 0xB2);

  @Test
  void reportRendersEveryFigureWithoutErrors(@TempDir Path temporary) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(HeadlessChromium.EXECUTABLE),
        "no Chromium at "
            + HeadlessChromium.EXECUTABLE
            + " (.ci/run installs the chromium package): report.html not checked in a browser");
    Path out = temporary.resolve("out");
    InProcessCli cli = new InProcessCli();
    assertEquals(
        0,
        cli.run(
            "simulate",
            "--preset",
            "adult-label",
            "--patients",
            "200",
            "--seed",
            "3",
            "--quiet",
            "--out",
            out.toString()),
        cli::err);
    List<String> pngs;
    try (Stream<Path> files = Files.list(out)) {
      pngs =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".png"))
              .map(n -> n.substring(0, n.length() - 4))
              .sorted()
              .toList();
    }
    assertEquals(12, pngs.size(), "bands (linear, log) and two histograms for each of 3 outputs");

    try (HeadlessChromium browser = new HeadlessChromium(temporary.resolve("profile"))) {
      browser.viewport(1280, 800);
      browser.open(out.resolve("report.html"));
      JsonNode page =
          browser.evaluate(
              """
              ({
                title: document.title,
                outside: document.querySelectorAll('[src], link[href], script').length,
                tables: document.querySelectorAll('table').length,
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
      assertEquals("vpop: adult-label", page.path("title").asText());
      assertEquals(0, page.path("outside").asInt(), "the report loads nothing from outside");
      assertTrue(page.path("tables").asInt() >= 2, "exposure and parameter tables");
      List<String> shown = new ArrayList<>();
      for (JsonNode figure : page.path("figures")) {
        shown.add(figure.path("id").asText());
        String id = figure.path("id").asText();
        assertTrue(figure.path("width").asDouble() > 700, id + " is drawn wide: " + figure);
        assertTrue(figure.path("height").asDouble() > 400, id + " is drawn tall: " + figure);
        assertTrue(figure.path("texts").asInt() >= 10, id + " has its title and ticks: " + figure);
        assertTrue(figure.path("paths").asInt() >= 3, id + " has its shapes: " + figure);
        assertTrue(!figure.path("caption").asText().isBlank(), id + " has a caption");
      }
      assertEquals(pngs, shown.stream().sorted().toList(), "every plot is in the report");
      assertEquals(List.of(), browser.errors(), "console errors");

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

  private static boolean near(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed()) < 24
        && Math.abs(a.getGreen() - b.getGreen()) < 24
        && Math.abs(a.getBlue() - b.getBlue()) < 24;
  }
}
