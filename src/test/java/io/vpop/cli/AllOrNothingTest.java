package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's files appear whole or not at all: a run stopped by a signal leaves {@code --out} as it
 * was, and a new result set replaces an earlier one as a whole, leaving the user's own files.
 */
class AllOrNothingTest {
  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  /**
   * A 500,000-patient run in a process of its own, stopped by SIGINT (Ctrl-C) while it simulates:
   * the folder holds the earlier result set, byte for byte, and no staging folder is left beside
   * it. (SIGTERM runs the same shutdown hook.)
   */
  @Test
  void anInterruptedRunLeavesTheOutputFolderAsItWas() throws Exception {
    String signal = "INT";
    Path out = directory.resolve("out");
    assertEquals(0, cli.run("simulate", "--typical", "--out", out.toString()), cli.err());
    Files.writeString(out.resolve("notes.txt"), "the user's own file");
    Map<String, String> before = contents(out);
    Process run =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                Main.class.getName(),
                "simulate",
                "--patients",
                "500000",
                "--quiet",
                "--out",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("run.log").toFile())
            .start();
    try {
      waitForStaging(run);
      // Well into the simulation: sampling, solving and aggregating.
      Thread.sleep(1500);
      assertTrue(run.isAlive(), "the run ended before it was signalled");
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).start();
      assertEquals(0, kill.waitFor());
      assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run did not stop");
      assertNotEquals(0, run.exitValue(), Files.readString(directory.resolve("run.log")));
    } finally {
      run.destroyForcibly();
    }
    assertEquals(before, contents(out));
    assertEquals(List.of("out", "run.log"), names(directory));
  }

  @Test
  void aNewResultSetReplacesTheEarlierOneAndKeepsTheUsersFiles() throws Exception {
    Path out = directory.resolve("out");
    // A population result set without plots (no test here reads them).
    Path scenario =
        YamlDocument.preset("adult-label").withoutPlots().write(directory.resolve("no-plots.yaml"));
    assertEquals(
        0,
        cli.run(
            "simulate",
            "--quiet",
            "--scenario",
            scenario.toString(),
            "--patients",
            "20",
            "--step-h",
            "24",
            "--out",
            out.toString()),
        cli.err());
    assertTrue(Files.exists(out.resolve("bands.csv")));
    Files.writeString(out.resolve("notes.txt"), "the user's own file");
    assertEquals(0, cli.run("simulate", "--typical", "--out", out.toString()), cli.err());
    List<String> typicalFiles =
        List.of(
            "profile.csv", "profile_linear.png", "profile_log.png", "report.html", "summary.json");
    List<String> expected = new ArrayList<>(typicalFiles);
    expected.addAll(List.of(".vpop-files", "notes.txt"));
    assertEquals(expected.stream().sorted().toList(), names(out));
    assertEquals(
        typicalFiles, Files.readAllLines(out.resolve(".vpop-files")).stream().sorted().toList());
  }

  private void waitForStaging(Process run) throws Exception {
    for (int wait = 0; wait < 400 && run.isAlive(); wait++) {
      try (Stream<Path> files = Files.list(directory)) {
        if (files.anyMatch(f -> f.getFileName().toString().startsWith(".vpop-staging-"))) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no staging folder appeared: " + Files.readString(directory.resolve("run.log")));
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** Each file's SHA-256, by name: the same digests, the same contents (PNG files included). */
  private static Map<String, String> contents(Path folder) throws Exception {
    Map<String, String> files = new TreeMap<>();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (String name : names(folder)) {
      files.put(
          name, HexFormat.of().formatHex(sha256.digest(Files.readAllBytes(folder.resolve(name)))));
    }
    return files;
  }
}
