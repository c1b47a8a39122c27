package io.vpop.backend;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import io.vpop.population.PatientBatch;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.PatientResult;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The GPU backend (JCuda driver API): the exact solver of cuda/vpop_solve.cuh, one thread per
 * patient, on device 0. The PTX comes from the jar ({@code
 * io/vpop/cuda/vpop_kernels.compute_NN.ptx}, the highest the device runs). Every CUDA call's result
 * is checked (JCuda exceptions enabled).
 *
 * <p>This first version copies each batch in, runs the kernel and copies the metrics and grid
 * values back, synchronously; pinned buffers, overlapping streams and band aggregation on the
 * device are still to come (they matter for speed, not for the answers). Not thread-safe.
 */
public final class CudaBackend implements Backend {
  /** Threads per block. */
  static final int BLOCK = 128;

  /** The oldest driver that loads PTX ISA 9.0 (nvcc 13): CUDA 13.0, the R580 series. */
  static final int MIN_DRIVER_VERSION = 13000;

  /** The virtual architectures the build packs, highest first. */
  static final int[] ARCHITECTURES = {90, 80};

  /** What a probe of the CUDA driver found. */
  public record Probe(
      boolean available,
      String reason,
      String device,
      int computeCapability,
      long memoryBytes,
      int driverVersion,
      List<Integer> ptxArchitectures) {
    /** One line for the console. */
    public String describe() {
      return available
          ? String.format(
              java.util.Locale.ROOT,
              "%s (compute capability %d.%d, %.1f GiB), driver %d.%d",
              device,
              computeCapability / 10,
              computeCapability % 10,
              memoryBytes / (double) (1L << 30),
              driverVersion / 1000,
              driverVersion % 1000 / 10)
          : reason;
    }
  }

  private static Probe probe;

  private final Schedule schedule;
  private final SolverKind kind;
  private final int capacity;
  private final int outputs;
  private final int gridSize;
  private final int parameterCount;
  private final CUcontext context = new CUcontext();
  private final CUfunction kernel = new CUfunction();
  private final List<CUdeviceptr> allocations = new ArrayList<>();
  private final CUdeviceptr modelInts;
  private final CUdeviceptr modelDoubles;
  private final CUdeviceptr time;
  private final CUdeviceptr gridIndex;
  private final CUdeviceptr stop;
  private final CUdeviceptr activeLines;
  private final CUdeviceptr lengthIndex;
  private final CUdeviceptr distinctLength;
  private final CUdeviceptr duration;
  private final CUdeviceptr parameters;
  private final CUdeviceptr doses;
  private final CUdeviceptr metrics;
  private final CUdeviceptr concentrations;
  private final CUdeviceptr status;
  private final int[] statusHost;
  private final String description;
  private boolean contextCreated;

  /**
   * Probes the driver once (later calls return the same answer): a device, a driver, and PTX in the
   * jar. Never throws: without a GPU or a driver the first JCuda call throws from a static
   * initialiser, which is caught and reported as the reason.
   */
  public static synchronized Probe probe() {
    if (probe == null) {
      probe = runProbe();
    }
    return probe;
  }

  private static Probe runProbe() {
    List<Integer> ptx = new ArrayList<>();
    for (int arch : ARCHITECTURES) {
      if (CudaBackend.class.getResource(ptxResource(arch)) != null) {
        ptx.add(arch);
      }
    }
    try {
      if (ptx.isEmpty()) {
        return unavailable("this jar carries no CUDA kernels (it was built without nvcc)", ptx);
      }
      JCudaDriver.setExceptionsEnabled(true);
      cuInit(0);
      int[] count = new int[1];
      cuDeviceGetCount(count);
      if (count[0] == 0) {
        return unavailable("no CUDA device found", ptx);
      }
      CUdevice device = new CUdevice();
      cuDeviceGet(device, 0);
      byte[] name = new byte[256];
      cuDeviceGetName(name, name.length, device);
      int[] major = new int[1];
      int[] minor = new int[1];
      cuDeviceGetAttribute(
          major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
      cuDeviceGetAttribute(
          minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
      long[] memory = new long[1];
      cuDeviceTotalMem(memory, device);
      int[] driver = new int[1];
      cuDriverGetVersion(driver);
      int capability = 10 * major[0] + minor[0];
      String deviceName = new String(name, StandardCharsets.US_ASCII).trim().replace("\0", "");
      if (capability < ARCHITECTURES[ARCHITECTURES.length - 1]) {
        return new Probe(
            false,
            deviceName
                + " has compute capability "
                + major[0]
                + "."
                + minor[0]
                + ", below the 8.0 the kernels need",
            deviceName,
            capability,
            memory[0],
            driver[0],
            ptx);
      }
      if (driver[0] < MIN_DRIVER_VERSION) {
        return new Probe(
            false,
            "driver "
                + driver[0] / 1000
                + "."
                + driver[0] % 1000 / 10
                + " is older than 13.0, which the kernels' PTX (ISA 9.0) needs",
            deviceName,
            capability,
            memory[0],
            driver[0],
            ptx);
      }
      return new Probe(true, "", deviceName, capability, memory[0], driver[0], ptx);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      // JCuda's native library needs libcuda.so.1, which only an NVIDIA driver installs.
      return unavailable(
          "no CUDA driver (JCuda's native library did not load: " + firstLine(e) + ")", ptx);
    } catch (Throwable e) {
      return unavailable(e.getClass().getSimpleName() + ": " + firstLine(e), ptx);
    }
  }

  private static String firstLine(Throwable e) {
    return e.getMessage() == null ? "no message" : e.getMessage().lines().findFirst().orElse("");
  }

  private static Probe unavailable(String reason, List<Integer> ptx) {
    return new Probe(false, reason, "", 0, 0, 0, ptx);
  }

  private static String ptxResource(int arch) {
    return "/io/vpop/cuda/vpop_kernels.compute_" + arch + ".ptx";
  }

  /**
   * @param kind the solver
   * @param capacity the largest batch
   * @throws IllegalStateException if no device is available (check {@link #probe()} first)
   */
  public CudaBackend(CompartmentSystem system, Schedule schedule, SolverKind kind, int capacity) {
    Probe found = probe();
    if (!found.available()) {
      throw new IllegalStateException("no CUDA device: " + found.reason());
    }
    this.schedule = schedule;
    this.capacity = capacity;
    this.outputs = system.outputs();
    this.gridSize = schedule.grid().size();
    this.parameterCount = system.parameterCount();
    try {
      CUdevice device = new CUdevice();
      cuDeviceGet(device, 0);
      cuCtxCreate(context, 0, device);
      contextCreated = true;
      int arch =
          found.ptxArchitectures().stream()
              .filter(a -> a <= found.computeCapability())
              .findFirst()
              .orElseThrow();
      CUmodule module = new CUmodule();
      cuModuleLoadData(module, ptx(arch));
      this.kind = kind;
      cuModuleGetFunction(
          kernel, module, kind == SolverKind.EXACT ? "vp_exact_kernel" : "vp_dopri_kernel");

      CompartmentSystem.Layout layout = system.layout();
      int[] ints = DeviceLayout.modelInts(layout);
      double[] doubles = DeviceLayout.modelDoubles(layout);
      int points = schedule.points();
      double[] times = new double[points];
      int[] grid = new int[points];
      byte[] stops = new byte[points];
      for (int p = 0; p < points; p++) {
        times[p] = schedule.time(p);
        grid[p] = schedule.gridIndexAt(p);
        stops[p] = (byte) (schedule.isStop(p) ? 1 : 0);
      }
      long[] lines = new long[points - 1];
      int[] lengths = new int[points - 1];
      for (int s = 0; s < points - 1; s++) {
        lines[s] = schedule.activeLines(s);
        lengths[s] = schedule.lengthIndex(s);
      }
      double[] distinct = new double[schedule.distinctLengths()];
      for (int i = 0; i < distinct.length; i++) {
        distinct[i] = schedule.distinctLength(i);
      }
      double[] durations = new double[schedule.lines()];
      for (int line = 0; line < durations.length; line++) {
        durations[line] = schedule.duration(line);
      }
      modelInts = upload(Pointer.to(ints), (long) ints.length * Sizeof.INT);
      modelDoubles =
          upload(Pointer.to(doubles), (long) Math.max(1, doubles.length) * Sizeof.DOUBLE);
      time = upload(Pointer.to(times), (long) points * Sizeof.DOUBLE);
      gridIndex = upload(Pointer.to(grid), (long) points * Sizeof.INT);
      stop = upload(Pointer.to(stops), points);
      activeLines = upload(Pointer.to(lines), (long) Math.max(1, lines.length) * Sizeof.LONG);
      lengthIndex = upload(Pointer.to(lengths), (long) Math.max(1, lengths.length) * Sizeof.INT);
      distinctLength =
          upload(Pointer.to(distinct), (long) Math.max(1, distinct.length) * Sizeof.DOUBLE);
      duration = upload(Pointer.to(durations), (long) durations.length * Sizeof.DOUBLE);
      parameters = allocate((long) system.parameterCount() * capacity * Sizeof.DOUBLE);
      doses = allocate((long) schedule.lines() * capacity * Sizeof.DOUBLE);
      metrics = allocate((long) outputs * PatientResult.METRICS * capacity * Sizeof.DOUBLE);
      concentrations = allocate((long) outputs * gridSize * capacity * Sizeof.DOUBLE);
      status = allocate((long) capacity * Sizeof.INT);
      statusHost = new int[capacity];
      description = "cuda (" + found.describe() + ", PTX compute_" + arch + ", " + kind.key() + ")";
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private static byte[] ptx(int arch) {
    try (InputStream in = CudaBackend.class.getResourceAsStream(ptxResource(arch))) {
      byte[] text = in.readAllBytes();
      byte[] terminated = java.util.Arrays.copyOf(text, text.length + 1);
      return terminated;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CUdeviceptr allocate(long bytes) {
    CUdeviceptr pointer = new CUdeviceptr();
    cuMemAlloc(pointer, bytes);
    allocations.add(pointer);
    return pointer;
  }

  private CUdeviceptr upload(Pointer host, long bytes) {
    CUdeviceptr pointer = allocate(bytes);
    cuMemcpyHtoD(pointer, host, bytes);
    return pointer;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void solve(PatientBatch batch, BatchResult result) {
    if (batch.capacity() != capacity
        || result.capacity() != capacity
        || batch.parameterCount() != parameterCount
        || batch.lines() != schedule.lines()
        || result.outputs() != outputs
        || result.gridSize() != gridSize) {
      throw new IllegalArgumentException(
          "the batch or result does not have the shape the device buffers have");
    }
    int size = batch.size();
    cuMemcpyHtoD(
        parameters,
        Pointer.to(batch.parameterArray()),
        (long) batch.parameterCount() * capacity * Sizeof.DOUBLE);
    cuMemcpyHtoD(
        doses, Pointer.to(batch.doseArray()), (long) batch.lines() * capacity * Sizeof.DOUBLE);
    // In the order of VP_KERNEL_ARGUMENTS in cuda/vpop_kernels.cu; the Dormand-Prince kernel adds
    // rtol, atol.
    List<Pointer> arguments =
        new ArrayList<>(
            List.of(
                Pointer.to(modelInts),
                Pointer.to(modelDoubles),
                Pointer.to(new int[] {schedule.points()}),
                Pointer.to(time),
                Pointer.to(gridIndex),
                Pointer.to(stop),
                Pointer.to(activeLines),
                Pointer.to(lengthIndex),
                Pointer.to(new int[] {schedule.distinctLengths()}),
                Pointer.to(distinctLength),
                Pointer.to(new int[] {schedule.lastIntervalStart()}),
                Pointer.to(new int[] {schedule.lastIntervalEnd()}),
                Pointer.to(new int[] {schedule.lines()}),
                Pointer.to(duration),
                Pointer.to(new int[] {gridSize}),
                Pointer.to(new double[] {schedule.grid().maxStepH()}),
                Pointer.to(new int[] {size}),
                Pointer.to(new int[] {capacity}),
                Pointer.to(parameters),
                Pointer.to(doses),
                Pointer.to(metrics),
                Pointer.to(concentrations),
                Pointer.to(status)));
    if (kind == SolverKind.DOPRI5) {
      arguments.add(Pointer.to(new double[] {SolverKind.DOPRI5_RTOL}));
      arguments.add(Pointer.to(new double[] {SolverKind.DOPRI5_ATOL}));
    }
    cuLaunchKernel(
        kernel,
        (size + BLOCK - 1) / BLOCK,
        1,
        1,
        BLOCK,
        1,
        1,
        0,
        null,
        Pointer.to(arguments.toArray(Pointer[]::new)),
        null);
    cuCtxSynchronize();
    cuMemcpyDtoH(
        Pointer.to(result.metrics),
        metrics,
        (long) outputs * PatientResult.METRICS * capacity * Sizeof.DOUBLE);
    cuMemcpyDtoH(
        Pointer.to(result.concentrations),
        concentrations,
        (long) outputs * gridSize * capacity * Sizeof.DOUBLE);
    cuMemcpyDtoH(Pointer.to(statusHost), status, (long) size * Sizeof.INT);
    PatientResult.Status[] codes = PatientResult.Status.values();
    for (int i = 0; i < size; i++) {
      result.status[i] = codes[statusHost[i]];
    }
  }

  @Override
  public void close() {
    for (CUdeviceptr pointer : allocations) {
      cuMemFree(pointer);
    }
    allocations.clear();
    if (contextCreated) {
      cuCtxDestroy(context);
      contextCreated = false;
    }
  }
}
