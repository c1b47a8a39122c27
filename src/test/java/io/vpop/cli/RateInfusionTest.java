package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpop.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An infusion given by its rate ({@code rate_mg_per_h}) lasts the amount over the rate: 25 mg at 50
 * mg/h is the label's 0.5-h infusion, patient for patient; a new dose keeps the rate; a typical
 * patient whose infusion outlasts the interval is refused in one line. Doses that give each patient
 * its own time are {@link OwnInfusionTimeTest}'s.
 */
class RateInfusionTest {
  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  private Path scenario(String name, String line) throws Exception {
    return YamlDocument.preset("adult-label")
        .set("regimen", "[" + line + "]")
        .withoutPlots()
        .write(directory.resolve(name + ".yaml"));
  }

  private byte[] patients(String name, String line, String... extra) throws Exception {
    Path out = directory.resolve(name);
    List<String> args =
        new ArrayList<>(
            List.of(
                "simulate",
                "--quiet",
                "--per-patient",
                "--no-bands",
                "--patients",
                "300",
                "--scenario",
                scenario(name, line).toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    return Files.readAllBytes(out.resolve("patients.csv"));
  }

  @Test
  void anInfusionByRateLastsTheAmountOverTheRate() throws Exception {
    byte[] byDuration =
        patients("duration", "{ dose: 25, unit: mg, duration_h: 0.5, interval_h: 168, count: 4 }");
    assertArrayEquals(
        byDuration,
        patients("rate", "{ dose: 25, unit: mg, rate_mg_per_h: 50, interval_h: 168, count: 4 }"));
    // A cap lowers the amount, and so the time at the same rate: 25 mg of a 30-mg dose, 0.5 h.
    assertArrayEquals(
        byDuration,
        patients(
            "capped",
            "{ dose: 30, unit: mg, cap_mg: 25, rate_mg_per_h: 50, interval_h: 168, count: 4 }"));
  }

  @Test
  void aNewDoseKeepsTheRate() throws Exception {
    // 50 mg at 50 mg/h: one hour.
    assertArrayEquals(
        patients(
            "hour",
            "{ dose: 25, unit: mg, duration_h: 1, interval_h: 168, count: 4 }",
            "--dose",
            "50"),
        patients(
            "doubled",
            "{ dose: 25, unit: mg, rate_mg_per_h: 50, interval_h: 168, count: 4 }",
            "--dose",
            "50"));
  }

  private String refusal(String line) throws Exception {
    return cli.refusal(
        "simulate",
        "--typical",
        "--scenario",
        scenario("bad", line).toString(),
        "--out",
        directory.resolve("bad-out").toString());
  }

  @Test
  void badRatesAreRefused() throws Exception {
    // The typical patient's 1.8446 m2 (Mosteller, 70 kg, 175 cm) takes 15 mg/m2 at 0.1 mg/h for
    // 276.7 h, past the weekly interval.
    String tooLong =
        refusal("{ dose: 15, unit: mg/m2, rate_mg_per_h: 0.1, interval_h: 168, count: 4 }");
    assertTrue(
        tooLong.startsWith(
            "vpop: regimen[0].interval_h: 168.0 is not allowed; allowed: at least the duration"
                + " 276.69"),
        tooLong);
    assertTrue(
        tooLong.endsWith(
            " h (the typical patient's dose over the rate), so that each dose is in before the"
                + " next is given"),
        tooLong);
    assertEquals(
        "vpop: regimen[0].rate_mg_per_h: an infusion gives duration_h or rate_mg_per_h, not both;"
            + " a bolus neither",
        refusal("{ dose: 25, unit: mg, duration_h: 0.5, rate_mg_per_h: 50 }"));
    assertEquals(
        "vpop: regimen[0].rate_mg_per_h: an infusion gives duration_h or rate_mg_per_h, not both;"
            + " a bolus neither",
        refusal("{ dose: 25, unit: mg, route: bolus, rate_mg_per_h: 50 }"));
    assertEquals(
        "vpop: regimen[0].rate_mg_per_h: 0.0 is not allowed; allowed: a finite rate > 0 mg/h",
        refusal("{ dose: 25, unit: mg, rate_mg_per_h: 0 }"));
  }

  @Test
  void aSweepInMgPerM2OfARateGivenTargetMatchesTheFlatDoseOverTheMedianArea() throws Exception {
    scenario("target", "{ dose: 25, unit: mg, rate_mg_per_h: 50, interval_h: 168, count: 4 }");
    Path sweep =
        YamlDocument.resource("/io/vpop/sweeps/pediatric-dose-match.yaml")
            .set("reference", "{ preset: adult-label }")
            .set("target", "{ scenario_file: target.yaml }")
            .set("bands", "[{ min_y: 18, max_y: 80 }]")
            .remove("grid")
            .write(directory.resolve("sweep.yaml"));
    Path out = directory.resolve("sweep-out");
    assertEquals(
        0,
        cli.run(
            "sweep",
            "--quiet",
            "--patients",
            "1000",
            "--plots",
            "none",
            "--scenario",
            sweep.toString(),
            "--out",
            out.toString()),
        cli.err());
    // Each target patient's dose at 50 mg/h lasts its own time; adults matching the flat 25 mg
    // get about 25 mg over the typical 1.8446 m2 per m2 (the sample's areas spread about it).
    double matching =
        new ObjectMapper()
            .readTree(out.resolve("recommendation.json").toFile())
            .at("/bands/0/matching_dose/value")
            .asDouble();
    assertEquals(25 / 1.8446, matching, 0.1 * 25 / 1.8446);
  }

  @Test
  void infusionsIntoTheDosingCompartmentNamedAndUnnamedAreOneCompartment() throws Exception {
    // Two infusion lines, one naming the dosing compartment and one not, go into one compartment:
    // accepted (a name compared with null would refuse them as two).
    Path scenario =
        YamlDocument.preset("adult-label")
            .set(
                "regimen",
                "[{ dose: 20, unit: mg, duration_h: 0.5, interval_h: 168, count: 4 },"
                    + " { dose: 5, unit: mg, duration_h: 0.5, interval_h: 168, count: 4,"
                    + " compartment: temsirolimus_central }]")
            .withoutPlots()
            .write(directory.resolve("named.yaml"));
    assertEquals(
        0,
        cli.run(
            "simulate",
            "--typical",
            "--scenario",
            scenario.toString(),
            "--out",
            directory.resolve("named").toString()),
        cli.err());
  }
}
