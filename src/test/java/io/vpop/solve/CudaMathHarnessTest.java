package io.vpop.solve;

import static io.vpop.solve.Fixtures.TEMSIROLIMUS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.backend.DeviceLayout;
import io.vpop.batch.BandBuckets;
import io.vpop.batch.Metric;
import io.vpop.batch.Status;
import io.vpop.model.Model;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA header's math, compiled for the host by g++ (cuda/harness.cpp), against the Java solvers
 * on random pediatric patients (3,000 for the exact solver, with profiles and metrics only, 1,000
 * for the slower adaptive one): every metric and grid value to 1e-12 relative, and the band buckets
 * of the header's values equal to Java's. Among every {@value #SPECIAL_EVERY} patients, one
 * converts all temsirolimus to sirolimus and does not eliminate it (Fm = 1, CLm = 0), so nothing
 * leaves the body: -K is singular, the exact solver carries the integrals and AUC(0-inf) is
 * infinite; one eliminates sirolimus at 1e-9 of its clearance: -K is regular but nearly singular,
 * the integrals are carried and AUC(0-inf) is finite; and one has a central volume 1e-4 of its own,
 * rates beyond the peak search's dyadic levels, so its moves end with an exponential of their own.
 * A second model, of a depot absorbed by a rate constant, one-way transfers and rate-constant
 * elimination, runs 1,000 patients through the exact solver and 333 through the adaptive one. This
 * is how CI, which has no GPU, checks that cuda/vpop_solve.cuh still mirrors io.vpop.solve and
 * io.vpop.batch.BandBuckets.
 */
class CudaMathHarnessTest {
  /** Patients for the exact solver, the production path, which is fast enough for many. */
  private static final int EXACT_PATIENTS = 3_000;

  /** Patients for Dormand-Prince at rtol 1e-9, about ten times the exact solver's work each. */
  private static final int DOPRI_PATIENTS = 1_000;

  private static final double TOLERANCE = 1e-12;

  /** One patient in this many of each special kind. */
  private static final int SPECIAL_EVERY = 50;

  @TempDir static Path directory;
  private static Path harness;

  @BeforeAll
  static void compileHarness() throws Exception {
    harness = directory.resolve("vpop-harness");
    Process compiler =
        new ProcessBuilder(
                "g++",
                "-O2",
                "-std=c++17",
                "-ffp-contract=off",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-I",
                "cuda",
                "cuda/harness.cpp",
                "-o",
                harness.toString())
            .redirectErrorStream(true)
            .start();
    String messages = new String(compiler.getInputStream().readAllBytes());
    assertTrue(compiler.waitFor(120, TimeUnit.SECONDS), "g++ did not finish");
    assertEquals(0, compiler.exitValue(), "g++ failed:\n" + messages);
  }

  @Test
  void exactSolverMathAgreesWithJava() throws Exception {
    compare(true, true);
  }

  /** Without profiles, the exact solver jumps the runs where every amount falls. */
  @Test
  void exactSolverMetricsOnlyAgreesWithJava() throws Exception {
    compare(true, false);
  }

  @Test
  void dormandPrinceMathAgreesWithJava() throws Exception {
    compare(false, true);
  }

  @Test
  void depotAndTransfersAgreeWithJavaInBothSolvers() throws Exception {
    compareDepotRegimen(
        "depot",
        Regimen.of(new DoseLine(Dose.of(1, DoseUnit.MG), 1.5, 0, 24, 7)),
        TimeGrid.uniform(240, 2),
        67);
  }

  /**
   * Infusions into another compartment than the dosing one, in both solvers: 4-h IV infusions into
   * the central compartment every 12 h from steady state, then a lagged single one, in the model
   * whose dosing compartment is its depot (the system's input is the central compartment, as the
   * Session compiles it for such a regimen).
   */
  @Test
  void infusionsIntoANonDosingCompartmentAgreeWithJavaInBothSolvers() throws Exception {
    Regimen regimen =
        new Regimen(
            List.of(
                new DoseLine(
                    Dose.of(1, DoseUnit.MG), DoseLine.Route.INFUSION, 4, 0, 12, 4, "central", true),
                new DoseLine(
                    Dose.of(1, DoseUnit.MG),
                    DoseLine.Route.INFUSION,
                    2.5,
                    50.3,
                    0,
                    1,
                    "central",
                    false)));
    Schedule schedule = new Schedule(regimen, TimeGrid.uniform(96, 1), new double[] {0, 0.7});
    assertEquals("central", regimen.infusionCompartment());
    compareDepotRegimen("central-infusion", schedule, regimen.infusionCompartment(), 113);
  }

  /**
   * Boluses in both solvers, with and without profiles: oral doses into the depot every 12 h, an IV
   * bolus into the central compartment between two grid times (3.3 h) and one at a grid time that
   * starts a run of falling amounts (60 h), beside an infusion; each line's amount drawn per
   * patient.
   */
  @Test
  void bolusesAgreeWithJavaInBothSolvers() throws Exception {
    compareDepotRegimen(
        "bolus",
        new Regimen(
            List.of(
                DoseLine.bolus(Dose.of(1, DoseUnit.MG), 0, 12, 8, "depot"),
                DoseLine.bolus(Dose.of(1, DoseUnit.MG), 3.3, 0, 1, "central"),
                DoseLine.bolus(Dose.of(1, DoseUnit.MG), 60, 0, 1, "central"),
                new DoseLine(Dose.of(1, DoseUnit.MG), 2, 30, 0, 1))),
        TimeGrid.uniform(120, 1),
        71);
  }

  @Test
  void steadyStatesAgreeWithJavaInBothSolvers() throws Exception {
    compareDepotRegimen(
        "steady-state",
        new Regimen(
            List.of(
                DoseLine.bolus(Dose.of(1, DoseUnit.MG), 0, 12, 4, "depot").atSteadyState(),
                new DoseLine(Dose.of(1, DoseUnit.MG), 1.5, 0, 24, 2).atSteadyState(),
                DoseLine.bolus(Dose.of(1, DoseUnit.MG), 5, 0, 1, "central"))),
        TimeGrid.uniform(48, 1),
        83);
  }

  /**
   * The time above thresholds in both solvers, with and without profiles (where falling runs that
   * cross one are stepped instead of jumped): oral doses every 12 h from steady state, an IV bolus
   * and an infusion, the drug's threshold at 0.3 and the metabolite's at 0.5 of the typical
   * patient's peaks, the depot's amount without one.
   */
  @Test
  void timeAboveAgreesWithJavaInBothSolvers() throws Exception {
    Regimen regimen =
        new Regimen(
            List.of(
                DoseLine.bolus(Dose.of(50, DoseUnit.MG), 0, 12, 4, "depot").atSteadyState(),
                DoseLine.bolus(Dose.of(50, DoseUnit.MG), 30.5, 0, 1, "central"),
                new DoseLine(Dose.of(50, DoseUnit.MG), 2, 50, 0, 1)));
    TimeGrid grid = TimeGrid.uniform(96, 1);
    PatientResult typical =
        Fixtures.exact(
            Fixtures.DEPOT_METABOLITE,
            Fixtures.DEPOT_METABOLITE.parameterSet("test", "parameter_set").values(),
            regimen,
            grid);
    double[] thresholds = {
      0.3 * typical.metric(0, Metric.CMAX),
      0.5 * typical.metric(1, Metric.CMAX),
      Double.POSITIVE_INFINITY
    };
    Schedule schedule = new Schedule(regimen, grid, new double[regimen.lines().size()], thresholds);
    CompartmentSystem system = new CompartmentSystem(Fixtures.DEPOT_METABOLITE);
    PatientResult crossing = new PatientResult(system.outputs(), grid.size());
    new ExactSolver(system, schedule)
        .solve(
            Fixtures.DEPOT_METABOLITE.parameterSet("test", "parameter_set").values(),
            Fixtures.doses(regimen),
            crossing);
    for (int k = 0; k < 2; k++) {
      double hours = crossing.metric(k, Metric.TIME_ABOVE);
      assertTrue(hours > 1 && hours < 95, "output " + k + " crosses its threshold: " + hours);
    }
    compareDepotRegimen("time-above", schedule, 97);
  }

  /**
   * Lag times between grid times in both solvers: oral doses every 12 h from steady state lagged
   * 0.75 h, a single one lagged 2.3 h, and an infusion every 24 h from steady state lagged 1.25 h
   * (each line's own lag, so every event kind meets one).
   */
  @Test
  void lagTimesAgreeWithJavaInBothSolvers() throws Exception {
    Regimen regimen =
        new Regimen(
            List.of(
                DoseLine.bolus(Dose.of(1, DoseUnit.MG), 0, 12, 4, "depot").atSteadyState(),
                DoseLine.bolus(Dose.of(1, DoseUnit.MG), 30, 0, 1, "depot"),
                new DoseLine(Dose.of(1, DoseUnit.MG), 1.5, 0, 24, 2).atSteadyState()));
    compareDepotRegimen(
        "lag", new Schedule(regimen, TimeGrid.uniform(48, 1), new double[] {0.75, 2.3, 1.25}), 89);
  }

  /**
   * Random patients of the depot-metabolite model, each line's amount 5-150 mg, through both
   * solvers (the exact one with and without profiles).
   */
  private static void compareDepotRegimen(String name, Regimen regimen, TimeGrid grid, long seed)
      throws Exception {
    compareDepotRegimen(name, new Schedule(regimen, grid), seed);
  }

  private static void compareDepotRegimen(String name, Schedule schedule, long seed)
      throws Exception {
    compareDepotRegimen(name, schedule, null, seed);
  }

  /**
   * @param infusionCompartment where the regimen's infusions go, or null for the dosing compartment
   */
  private static void compareDepotRegimen(
      String name, Schedule schedule, String infusionCompartment, long seed) throws Exception {
    CompartmentSystem system =
        new CompartmentSystem(Fixtures.DEPOT_METABOLITE, infusionCompartment);
    for (int run = 0; run < 3; run++) {
      boolean exact = run < 2;
      boolean profiles = run != 1;
      int patients = exact ? EXACT_PATIENTS / 3 : DOPRI_PATIENTS / 3;
      double[][] parameters = new double[patients][];
      double[][] doses = new double[patients][schedule.lines()];
      UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed + run);
      ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
      double[] typical = Fixtures.DEPOT_METABOLITE.parameterSet("test", "parameter_set").values();
      for (int patient = 0; patient < patients; patient++) {
        parameters[patient] = new double[typical.length];
        for (int p = 0; p < typical.length; p++) {
          // Log-normal around the typical values, the fractions kept within (0, 1).
          parameters[patient][p] = typical[p] * Math.exp(0.4 * normal.sample());
        }
        parameters[patient][Fixtures.DEPOT_METABOLITE.parameterIndex("FM")] = rng.nextDouble();
        parameters[patient][Fixtures.DEPOT_METABOLITE.parameterIndex("F")] = 1 - rng.nextDouble();
        for (int line = 0; line < doses[patient].length; line++) {
          doses[patient][line] = 5 + 145 * rng.nextDouble();
        }
      }
      compare(
          name + "-" + (exact ? "exact" : "dopri") + (profiles ? "" : "-metrics"),
          system,
          schedule,
          parameters,
          doses,
          exact,
          profiles);
    }
  }

  /**
   * Doses of a one-line regimen, one per patient, as the per-line arrays {@link #compare} takes.
   */
  private static double[][] oneLine(double[] doses) {
    double[][] lines = new double[doses.length][];
    for (int patient = 0; patient < doses.length; patient++) {
      lines[patient] = new double[] {doses[patient]};
    }
    return lines;
  }

  private static void compare(boolean exact, boolean profiles) throws Exception {
    int patients = exact ? EXACT_PATIENTS : DOPRI_PATIENTS;
    double[][] parameters = new double[patients][];
    double[] doses = new double[patients];
    randomPediatricPatients(TEMSIROLIMUS, parameters, doses);
    compare(
        (exact ? "exact" : "dopri") + (profiles ? "" : "-metrics"),
        new CompartmentSystem(TEMSIROLIMUS),
        new Schedule(Fixtures.weekly(25, 0.5, 4), TimeGrid.uniform(672, 4)),
        parameters,
        oneLine(doses),
        exact,
        profiles);
  }

  /** Runs the patients through the harness and through Java, and compares every output. */
  private static void compare(
      String name,
      CompartmentSystem system,
      Schedule schedule,
      double[][] parameters,
      double[][] doses,
      boolean exact,
      boolean profiles)
      throws Exception {
    TimeGrid grid = schedule.grid();
    int patients = parameters.length;

    Path input = directory.resolve(name + ".bin");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(input), 1 << 16))) {
      LittleEndian le = new LittleEndian(out);
      writeRun(le, exact, profiles, system, schedule, grid, parameters, doses);
      le.writeInt(PROBES.length);
      le.writeDoubles(PROBES);
    }
    Path output = directory.resolve(name + "-out.bin");
    Process run =
        new ProcessBuilder(harness.toString())
            .redirectInput(input.toFile())
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    assertTrue(run.waitFor(300, TimeUnit.SECONDS), "the harness did not finish");
    assertEquals(0, run.exitValue(), "the harness failed");

    PatientSolver solver =
        exact
            ? new ExactSolver(system, schedule)
            : new DormandPrinceSolver(system, schedule, Fixtures.DP_RTOL, Fixtures.DP_ATOL);
    PatientResult java =
        profiles
            ? new PatientResult(system.outputs(), grid.size())
            : PatientResult.metricsOnly(system.outputs(), grid.size());
    int rows = profiles ? system.outputs() * grid.size() : 0;
    int[] expectedCounts = new int[rows * BandBuckets.COUNT];
    try (FileChannel channel = FileChannel.open(output, StandardOpenOption.READ)) {
      ByteBuffer buffer =
          channel
              .map(FileChannel.MapMode.READ_ONLY, 0, channel.size())
              .order(ByteOrder.LITTLE_ENDIAN);
      for (int patient = 0; patient < patients; patient++) {
        solver.solve(parameters[patient], doses[patient], java);
        int status = buffer.getInt();
        assertEquals(java.status().ordinal(), status, "status of patient " + patient);
        for (int k = 0; k < system.outputs(); k++) {
          for (Metric metric : Metric.values()) {
            assertClose(
                java.metric(k, metric),
                buffer.getDouble(),
                patient + " output " + k + " " + metric);
          }
        }
        for (int k = 0; k < system.outputs() && profiles; k++) {
          for (int g = 0; g < grid.size(); g++) {
            double value = buffer.getDouble();
            assertClose(java.concentration(k, g), value, patient + " output " + k + " grid " + g);
            if (status == Status.OK.ordinal()) {
              expectedCounts[(k * grid.size() + g) * BandBuckets.COUNT + BandBuckets.of(value)]++;
            }
          }
        }
      }
      // The header's band buckets of its own values must be Java's, bit for bit.
      assertEquals(BandBuckets.COUNT, buffer.getInt(), "VP_BAND_BUCKETS");
      int[] counts = new int[rows * BandBuckets.COUNT];
      buffer.asIntBuffer().get(counts);
      buffer.position(buffer.position() + counts.length * Integer.BYTES);
      assertArrayEquals(expectedCounts, counts, "band counts");
      for (double probe : PROBES) {
        assertEquals(BandBuckets.of(probe), buffer.getInt(), "bucket of " + probe);
      }
      assertEquals(0, buffer.remaining(), "unread harness output");
    }
  }

  /**
   * Values on and next to bucket edges across the whole range, and the values outside it: the
   * places where a bucket rule that differs in one bit would show.
   */
  private static final double[] PROBES = probes();

  private static double[] probes() {
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                -1.0,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE,
                Double.MAX_VALUE));
    for (int exponent = -70; exponent <= 70; exponent++) {
      for (int step = 0; step < BandBuckets.PER_OCTAVE; step += 7) {
        double edge = Math.scalb(1.0 + step / (double) BandBuckets.PER_OCTAVE, exponent);
        values.add(edge);
        values.add(Math.nextDown(edge));
        values.add(Math.nextUp(edge));
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void assertClose(double expected, double actual, String what) {
    // NaN on both sides: a patient that failed the same way (its status is compared first).
    boolean same =
        expected == actual
            || (Double.isNaN(expected) && Double.isNaN(actual))
            || Math.abs(expected - actual)
                <= TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
    assertTrue(same, what + ": Java " + expected + ", CUDA math " + actual);
  }

  /** {@link Fixtures#randomPediatricPatients}, a few of them of the special kinds above. */
  private static void randomPediatricPatients(Model model, double[][] parameters, double[] doses) {
    Fixtures.randomPediatricPatients(61L, parameters, doses);
    for (int patient = 0; patient < parameters.length; patient++) {
      double[] p = parameters[patient];
      switch (patient % SPECIAL_EVERY) {
        case SPECIAL_EVERY - 1 -> {
          p[model.parameterIndex("Fm")] = 1.0;
          p[model.parameterIndex("CLm")] = 0.0;
        }
        case SPECIAL_EVERY - 2 -> p[model.parameterIndex("CLm")] *= 1e-9;
        case SPECIAL_EVERY - 3 -> p[model.parameterIndex("V1")] *= 1e-4;
        default -> {}
      }
    }
  }

  /** The harness's input format, in the order cuda/harness.cpp reads it. */
  private static void writeRun(
      LittleEndian out,
      boolean exact,
      boolean profiles,
      CompartmentSystem system,
      Schedule schedule,
      TimeGrid grid,
      double[][] parameters,
      double[][] doses)
      throws IOException {
    CompartmentSystem.Layout layout = system.layout();
    out.writeInt(0x504f5056);
    out.writeInt(exact ? 0 : 1);
    out.writeInt(profiles ? 1 : 0);
    out.writeDouble(Fixtures.DP_RTOL);
    out.writeDouble(Fixtures.DP_ATOL);
    int[] ints = DeviceLayout.modelInts(layout);
    out.writeInt(ints.length);
    out.writeInts(ints);
    double[] doubles = DeviceLayout.modelDoubles(layout);
    out.writeInt(doubles.length);
    out.writeDoubles(doubles);

    int points = schedule.points();
    out.writeInt(points);
    for (int p = 0; p < points; p++) {
      out.writeDouble(schedule.time(p));
    }
    for (int p = 0; p < points; p++) {
      out.writeInt(schedule.gridIndexAt(p));
    }
    for (int p = 0; p < points; p++) {
      out.writeInt(schedule.isStop(p) ? 1 : 0);
    }
    for (int s = 0; s < points - 1; s++) {
      out.writeLong(schedule.activeLines(s));
    }
    for (int s = 0; s < points - 1; s++) {
      out.writeInt(schedule.lengthIndex(s));
    }
    for (int s = 0; s < points - 1; s++) {
      out.writeInt(schedule.runEnd(s));
    }
    out.writeInt(schedule.distinctLengths());
    for (int i = 0; i < schedule.distinctLengths(); i++) {
      out.writeDouble(schedule.distinctLength(i));
    }
    out.writeInt(schedule.commonLength());
    for (int i = 0; i < schedule.distinctLengths(); i++) {
      out.writeInt(schedule.halvings(i));
    }
    out.writeInt(schedule.lastIntervalStart());
    out.writeInt(schedule.lastIntervalEnd());
    out.writeInt(schedule.lines());
    for (int line = 0; line < schedule.lines(); line++) {
      out.writeDouble(schedule.duration(line));
    }
    for (int p = 0; p < points; p++) {
      out.writeLong(schedule.bolusLines(p));
    }
    out.writeInts(system.doseCompartments(schedule));
    for (int line = 0; line < schedule.lines(); line++) {
      out.writeDouble(schedule.steadyStateInterval(line));
    }
    for (int line = 0; line < schedule.lines(); line++) {
      out.writeDouble(schedule.lag(line));
    }
    out.writeInts(system.doseBioavailability(schedule));
    for (int k = 0; k < system.outputs(); k++) {
      out.writeDouble(schedule.threshold(k));
    }
    out.writeInt(grid.size());
    out.writeDouble(grid.maxStepH());
    out.writeInt(parameters.length);
    for (int patient = 0; patient < parameters.length; patient++) {
      out.writeDoubles(parameters[patient]);
      out.writeDoubles(doses[patient]);
    }
  }

  /** Little-endian writes, the byte order of the x86 and GPU hosts the harness runs on. */
  private static final class LittleEndian {
    private final OutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

    LittleEndian(OutputStream out) {
      this.out = out;
    }

    void writeInt(int value) throws IOException {
      buffer.clear();
      out.write(buffer.putInt(value).array(), 0, 4);
    }

    void writeLong(long value) throws IOException {
      buffer.clear();
      out.write(buffer.putLong(value).array(), 0, 8);
    }

    void writeDouble(double value) throws IOException {
      buffer.clear();
      out.write(buffer.putDouble(value).array(), 0, 8);
    }

    void writeInts(int[] values) throws IOException {
      for (int value : values) {
        writeInt(value);
      }
    }

    void writeDoubles(double[] values) throws IOException {
      for (double value : values) {
        writeDouble(value);
      }
    }
  }
}
