package io.vpop.backend;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuFuncGetAttribute;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpy2DAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;
import static jcuda.driver.JCudaDriver.cuStreamWaitEvent;

import io.vpop.batch.BandBuckets;
import io.vpop.batch.BandCounter;
import io.vpop.batch.BatchResult;
import io.vpop.batch.Metric;
import io.vpop.batch.PatientBatch;
import io.vpop.batch.Status;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUDA_MEMCPY2D;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmemorytype;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * The GPU backend (JCuda driver API): the exact solver of cuda/vpop_solve.cuh, one thread per
 * patient, on device 0. The PTX comes from the jar ({@code
 * io/vpop/cuda/vpop_kernels.compute_NN.ptx}, the highest the device runs). Every CUDA call's result
 * is checked (JCuda exceptions enabled).
 *
 * <p>A batch is staged in pinned host memory and solved in slices on {@value #STREAMS} streams (see
 * {@link #start}); its concentration bands are counted on the device ({@code vp_band_kernel}, the
 * buckets of {@link BandBuckets}) and the counts of the whole run come back once, so only metrics
 * cross the bus batch by batch. The batch size comes from the device's free memory unless asked
 * for. Not thread-safe.
 */
public final class CudaBackend implements Backend {
  /** Threads per block of the solver kernels. */
  static final int BLOCK = 128;

  /** Threads per block of the band kernel (one block per output and grid time). */
  static final int BAND_BLOCK = 256;

  /** Streams a batch is split over, so that one slice's copies overlap another's kernel. */
  static final int STREAMS = 2;

  /**
   * The largest batch chosen from free memory: about four waves of an H100's resident threads (132
   * SMs x 2,048), enough to keep the device full; larger batches only hold more host memory.
   */
  static final int AUTO_BATCH_LIMIT = 1 << 20;

  /** The oldest driver that loads PTX ISA 9.0 (nvcc 13): CUDA 13.0, the R580 series. */
  static final int MIN_DRIVER_VERSION = 13000;

  /** The virtual architectures the build packs, highest first. */
  static final int[] ARCHITECTURES = {90, 80};

  /**
   * What a probe of the CUDA driver found.
   *
   * @param available whether the CUDA backend can run here
   * @param reason why not, in a few words for the line a run prints when it falls back to the CPU
   *     ("no CUDA driver"); empty when available
   * @param detail why not, in full: a first line that explains the reason, then what the failure
   *     reported (the native library loader's message without its stack frames) for {@code vpop
   *     info}; empty when available
   * @param device the device's name; empty when none was found
   */
  public record Probe(
      boolean available,
      String reason,
      String detail,
      String device,
      int computeCapability,
      long memoryBytes,
      int driverVersion,
      List<Integer> ptxArchitectures) {
    /** One line for the console. */
    public String describe() {
      return available
          ? String.format(
              Locale.ROOT,
              "%s (compute capability %d.%d, %.1f GiB), driver %d.%d",
              device,
              computeCapability / 10,
              computeCapability % 10,
              memoryBytes / (double) (1L << 30),
              driverVersion / 1000,
              driverVersion % 1000 / 10)
          : reason;
    }

    /** The first line of the detail: the whole reason on one line, for an error message. */
    public String detailLine() {
      return detail.lines().findFirst().orElse("");
    }
  }

  private static Probe probe;

  private final Schedule schedule;
  private final SolverKind kind;
  private final int capacity;
  private final int outputs;
  private final int gridSize;
  private final int parameterCount;
  private final int lines;
  private final CUcontext context = new CUcontext();
  private final CUfunction solveKernel = new CUfunction();
  private final CUfunction bandKernel = new CUfunction();
  private final CUstream[] streams = new CUstream[STREAMS];

  /** The marks of each stream's slice, and of the band counting (on stream 0). */
  private final Marks[] sliceMarks = new Marks[STREAMS];

  private final Marks bandMarks;
  private double kernelSeconds;
  private double copySeconds;
  private long batches;

  private final CUdeviceptr modelInts;
  private final CUdeviceptr modelDoubles;
  private final CUdeviceptr time;
  private final CUdeviceptr gridIndex;
  private final CUdeviceptr stop;
  private final CUdeviceptr activeLines;
  private final CUdeviceptr lengthIndex;
  private final CUdeviceptr runEnd;
  private final CUdeviceptr distinctLength;
  private final CUdeviceptr halvings;
  private final CUdeviceptr duration;
  private final CUdeviceptr bolusLines;
  private final CUdeviceptr lineCompartment;
  private final CUdeviceptr steadyStateInterval;
  private final CUdeviceptr lineLag;
  private final CUdeviceptr lineBioavailability;
  private final CUdeviceptr threshold;
  private final CUdeviceptr parameters;
  private final CUdeviceptr doses;
  private final CUdeviceptr metrics;
  private final CUdeviceptr concentrations;
  private final CUdeviceptr status;
  private final Pointer parameterStage;
  private final Pointer doseStage;
  private final Pointer metricStage;
  private final Pointer statusStage;
  private final int[] statusHost;
  private final String description;
  private boolean contextCreated;

  /** Whether the batches are counted into the bands on the device ({@link #bandCounter}). */
  private boolean countsBands;

  /** The band counters made so far: only the last one takes counts, and once. */
  private int counters;

  private CUdeviceptr bandCounts;
  private BatchResult pending;
  private int pendingSize;

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
        return unavailable(
            "no CUDA kernels in this jar",
            "this jar carries no CUDA kernels (it was built without nvcc)",
            ptx);
      }
      JCudaDriver.setExceptionsEnabled(true);
      cuInit(0);
      int[] count = new int[1];
      cuDeviceGetCount(count);
      if (count[0] == 0) {
        return unavailable("no CUDA device", "no CUDA device found", ptx);
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
            "compute capability " + major[0] + "." + minor[0] + ", below 8.0",
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
        String version = driver[0] / 1000 + "." + driver[0] % 1000 / 10;
        return new Probe(
            false,
            "CUDA driver " + version + ", older than 13.0",
            "driver " + version + " is older than 13.0, which the kernels' PTX (ISA 9.0) needs",
            deviceName,
            capability,
            memory[0],
            driver[0],
            ptx);
      }
      return new Probe(true, "", "", deviceName, capability, memory[0], driver[0], ptx);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      // JCuda's native library needs libcuda.so.1, which only an NVIDIA driver installs. Its
      // loader's message says why each attempt to load failed (the missing libcuda.so.1).
      return unavailable(
          "no CUDA driver",
          "no CUDA driver (JCuda's native library did not load: "
              + firstLine(e)
              + ")\n"
              + withoutStackFrames(e),
          ptx);
    } catch (Throwable e) {
      return unavailable(
          "the CUDA driver failed: " + e.getClass().getSimpleName(),
          e.getClass().getSimpleName() + ": " + firstLine(e) + "\n" + withoutStackFrames(e),
          ptx);
    }
  }

  private static String firstLine(Throwable e) {
    return e.getMessage() == null ? "no message" : e.getMessage().lines().findFirst().orElse("");
  }

  /**
   * A throwable's message after its first line, without the stack frames JCuda's loader copies into
   * it: what each attempt to load the library reported.
   */
  private static String withoutStackFrames(Throwable e) {
    return e.getMessage() == null
        ? ""
        : e.getMessage()
            .lines()
            .skip(1)
            .filter(line -> !line.isBlank() && !line.startsWith("\t"))
            .collect(Collectors.joining("\n"));
  }

  private static Probe unavailable(String reason, String detail, List<Integer> ptx) {
    return new Probe(false, reason, detail.strip(), "", 0, 0, 0, ptx);
  }

  private static String ptxResource(int arch) {
    return "/io/vpop/cuda/vpop_kernels.compute_" + arch + ".ptx";
  }

  /**
   * @param kind the solver
   * @param batchSize patients per batch, or empty to take what half the device's free memory holds
   *     (at most {@value #AUTO_BATCH_LIMIT})
   * @param patients the patients of the run (no batch is larger)
   * @throws IllegalStateException if no device is available (check {@link #probe()} first)
   */
  public CudaBackend(
      CompartmentSystem system,
      Schedule schedule,
      SolverKind kind,
      OptionalInt batchSize,
      long patients) {
    Probe found = probe();
    if (!found.available()) {
      throw new IllegalStateException("no CUDA device: " + found.detailLine());
    }
    this.schedule = schedule;
    this.kind = kind;
    this.outputs = system.outputs();
    this.gridSize = schedule.grid().size();
    this.parameterCount = system.parameterCount();
    this.lines = schedule.lines();
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
      cuModuleGetFunction(
          solveKernel, module, kind == SolverKind.EXACT ? "vp_exact_kernel" : "vp_dopri_kernel");
      cuModuleGetFunction(bandKernel, module, "vp_band_kernel");
      for (int s = 0; s < STREAMS; s++) {
        streams[s] = new CUstream();
        cuStreamCreate(streams[s], 0);
        sliceMarks[s] = new Marks();
      }
      bandMarks = new Marks();

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
      long[] active = new long[points - 1];
      int[] lengths = new int[points - 1];
      int[] runs = new int[points - 1];
      for (int s = 0; s < points - 1; s++) {
        active[s] = schedule.activeLines(s);
        lengths[s] = schedule.lengthIndex(s);
        runs[s] = schedule.runEnd(s);
      }
      double[] distinct = new double[schedule.distinctLengths()];
      int[] halved = new int[schedule.distinctLengths()];
      for (int i = 0; i < distinct.length; i++) {
        distinct[i] = schedule.distinctLength(i);
        halved[i] = schedule.halvings(i);
      }
      double[] durations = new double[lines];
      double[] steadyStateIntervals = new double[lines];
      double[] lags = new double[lines];
      for (int line = 0; line < lines; line++) {
        durations[line] = schedule.duration(line);
        steadyStateIntervals[line] = schedule.steadyStateInterval(line);
        lags[line] = schedule.lag(line);
      }
      long[] boluses = new long[points];
      for (int p = 0; p < points; p++) {
        boluses[p] = schedule.bolusLines(p);
      }
      int[] compartments = system.doseCompartments(schedule);
      modelInts = upload(Pointer.to(ints), ints.length, Sizeof.INT);
      modelDoubles = upload(Pointer.to(doubles), doubles.length, Sizeof.DOUBLE);
      time = upload(Pointer.to(times), points, Sizeof.DOUBLE);
      gridIndex = upload(Pointer.to(grid), points, Sizeof.INT);
      stop = upload(Pointer.to(stops), points, Sizeof.BYTE);
      activeLines = upload(Pointer.to(active), active.length, Sizeof.LONG);
      lengthIndex = upload(Pointer.to(lengths), lengths.length, Sizeof.INT);
      runEnd = upload(Pointer.to(runs), runs.length, Sizeof.INT);
      distinctLength = upload(Pointer.to(distinct), distinct.length, Sizeof.DOUBLE);
      halvings = upload(Pointer.to(halved), halved.length, Sizeof.INT);
      duration = upload(Pointer.to(durations), lines, Sizeof.DOUBLE);
      bolusLines = upload(Pointer.to(boluses), points, Sizeof.LONG);
      lineCompartment = upload(Pointer.to(compartments), lines, Sizeof.INT);
      steadyStateInterval = upload(Pointer.to(steadyStateIntervals), lines, Sizeof.DOUBLE);
      lineLag = upload(Pointer.to(lags), lines, Sizeof.DOUBLE);
      lineBioavailability =
          upload(Pointer.to(system.doseBioavailability(schedule)), lines, Sizeof.INT);
      double[] thresholds = new double[outputs];
      for (int k = 0; k < outputs; k++) {
        thresholds[k] = schedule.threshold(k);
      }
      threshold = upload(Pointer.to(thresholds), outputs, Sizeof.DOUBLE);
      capacity = chooseCapacity(batchSize, patients, device);
      parameters = allocate((long) parameterCount * capacity * Sizeof.DOUBLE);
      doses = allocate((long) lines * capacity * Sizeof.DOUBLE);
      metrics = allocate((long) outputs * Metric.COUNT * capacity * Sizeof.DOUBLE);
      concentrations = allocate((long) outputs * gridSize * capacity * Sizeof.DOUBLE);
      status = allocate((long) capacity * Sizeof.INT);
      parameterStage = allocatePinned((long) parameterCount * capacity * Sizeof.DOUBLE);
      doseStage = allocatePinned((long) lines * capacity * Sizeof.DOUBLE);
      metricStage = allocatePinned((long) outputs * Metric.COUNT * capacity * Sizeof.DOUBLE);
      statusStage = allocatePinned((long) capacity * Sizeof.INT);
      statusHost = new int[capacity];
      description =
          String.format(
              Locale.ROOT,
              "cuda (%s, PTX compute_%d, %s, %d patients per batch)",
              found.describe(),
              arch,
              kind.key(),
              capacity);
    } catch (RuntimeException | Error e) {
      try {
        close();
      } catch (RuntimeException | Error closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * Patients per batch: as asked, or as many as half the free device memory holds once the band
   * counts and the solver's per-thread stacks (reserved by the driver for every resident thread)
   * are set aside, and as many as a quarter of the Java heap holds (two batches with their
   * covariates, parameters and doses, and two results with their metrics and statuses; the pinned
   * stages are outside the heap), at most {@value #AUTO_BATCH_LIMIT} and never more than the run
   * has.
   */
  private int chooseCapacity(OptionalInt batchSize, long patients, CUdevice device) {
    if (batchSize.isPresent()) {
      return (int) Math.min(batchSize.getAsInt(), patients);
    }
    long[] free = new long[1];
    long[] total = new long[1];
    cuMemGetInfo(free, total);
    int[] stack = new int[1];
    cuFuncGetAttribute(stack, CUfunction_attribute.CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES, solveKernel);
    int[] processors = new int[1];
    cuDeviceGetAttribute(
        processors, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
    int[] threadsPerProcessor = new int[1];
    cuDeviceGetAttribute(
        threadsPerProcessor,
        CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_MULTIPROCESSOR,
        device);
    long stacks = (long) stack[0] * processors[0] * threadsPerProcessor[0];
    long devicePerPatient =
        (long) Sizeof.DOUBLE * (parameterCount + lines + outputs * Metric.COUNT)
            + (long) Sizeof.DOUBLE * outputs * gridSize
            + Sizeof.INT;
    // Per slot: sex (1 byte), age, weight, height, BSA, doses, parameters, metrics (doubles), a
    // status
    // reference (at most 8 bytes).
    long hostPerPatient =
        2L * (1 + 8 + Sizeof.DOUBLE * (4 + lines + parameterCount + outputs * Metric.COUNT));
    long byDevice = (free[0] / 2 - bandCountBytes() - stacks) / devicePerPatient;
    long byHeap = Runtime.getRuntime().maxMemory() / 4 / hostPerPatient;
    long chosen = Math.min(Math.min(AUTO_BATCH_LIMIT, patients), Math.min(byDevice, byHeap));
    if (chosen < 1) {
      throw new IllegalStateException(
          "too little free device memory ("
              + free[0] / (1 << 20)
              + " MiB) for one patient of "
              + outputs
              + " outputs x "
              + gridSize
              + " output times");
    }
    return (int) chosen;
  }

  private static byte[] ptx(int arch) {
    try (InputStream in = CudaBackend.class.getResourceAsStream(ptxResource(arch))) {
      byte[] text = in.readAllBytes();
      return Arrays.copyOf(text, text.length + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The band counts of a batch, in bytes. */
  private long bandCountBytes() {
    return (long) outputs * gridSize * BandBuckets.COUNT * Sizeof.INT;
  }

  /** Device memory, freed with the context. */
  private static CUdeviceptr allocate(long bytes) {
    CUdeviceptr pointer = new CUdeviceptr();
    cuMemAlloc(pointer, bytes);
    return pointer;
  }

  /**
   * Page-locked host memory, what asynchronous copies need to overlap with kernels; freed with the
   * context.
   */
  private static Pointer allocatePinned(long bytes) {
    Pointer pointer = new Pointer();
    cuMemAllocHost(pointer, bytes);
    return pointer;
  }

  /**
   * Copies {@code count} elements of {@code size} bytes to new device memory (of at least one
   * element, so that an empty table still has an address).
   */
  private static CUdeviceptr upload(Pointer host, int count, int size) {
    CUdeviceptr pointer = allocate((long) Math.max(1, count) * size);
    if (count > 0) {
      cuMemcpyHtoD(pointer, host, (long) count * size);
    }
    return pointer;
  }

  @Override
  public String description() {
    return description;
  }

  /**
   * Counts bands on the device, from zero, until the counter's counts are taken, unless the run's
   * band counts would not fit in one Java array or in an eighth of the heap (with the default heap
   * of a 16 GiB machine, about 4,000 output x time rows: hourly for 8 weeks and 3 outputs); then
   * the profiles come back and the bands are counted on the host.
   *
   * @throws IllegalStateException with a batch still in flight
   */
  @Override
  public Optional<BandCounter> bandCounter() {
    long counts = bandCountBytes() / Sizeof.INT;
    if (counts > Integer.MAX_VALUE - 8 || bandCountBytes() > Runtime.getRuntime().maxMemory() / 8) {
      return Optional.empty();
    }
    if (pending != null) {
      throw new IllegalStateException("finish the batch in flight before counting bands");
    }
    if (bandCounts != null) {
      // Counts of an earlier run that were never taken do not belong to this one.
      cuCtxSetCurrent(context);
      cuMemsetD32(bandCounts, 0, counts);
    }
    countsBands = true;
    int counter = ++counters;
    return Optional.of(() -> takeBandCounts(counter));
  }

  @Override
  public boolean overlaps() {
    return true;
  }

  /**
   * Copies the run's band counts from the device and sets them to zero there; batches solved after
   * this are not counted.
   *
   * @param counter the counter's number: only the last counter made takes counts, and once
   * @throws IllegalStateException with a batch still in flight, or for a counter that is spent
   */
  private int[] takeBandCounts(int counter) {
    if (pending != null) {
      throw new IllegalStateException("finish the batch in flight before taking the band counts");
    }
    if (counter != counters || !countsBands) {
      throw new IllegalStateException("these band counts were taken, or a later counter took over");
    }
    int[] counts = new int[(int) (bandCountBytes() / Sizeof.INT)];
    if (bandCounts != null) {
      cuCtxSetCurrent(context);
      long begin = System.nanoTime();
      cuMemcpyDtoH(Pointer.to(counts), bandCounts, bandCountBytes());
      copySeconds += (System.nanoTime() - begin) / 1e9;
      cuMemsetD32(bandCounts, 0, counts.length);
    }
    countsBands = false;
    return counts;
  }

  @Override
  public int batchCapacity() {
    return capacity;
  }

  /**
   * Stages the batch in pinned memory (after which the batch may be refilled), then queues it in
   * {@value #STREAMS} slices, one per stream: each slice's copy in, kernel and copy out on its
   * stream, so the copies of one slice overlap the kernel of another. Once a {@link #bandCounter}
   * is taken, the band kernel follows on the first stream once every slice is solved (an event
   * orders the streams) and adds the batch to the run's counts, which stay on the device. Returns
   * without waiting for the device.
   */
  @Override
  public void start(PatientBatch batch, BatchResult result) {
    if (batch.capacity() != capacity
        || result.capacity() != capacity
        || batch.parameterCount() != parameterCount
        || batch.lines() != lines
        || result.outputs() != outputs
        || result.gridSize() != gridSize) {
      throw new IllegalArgumentException(
          "the batch or result does not have the shape the device buffers have");
    }
    if (pending != null) {
      throw new IllegalStateException("finish the batch started before starting another");
    }
    // The context is current on the thread that made it; make it current on this one too.
    cuCtxSetCurrent(context);
    int size = batch.size();
    stage(parameterStage, batch.parameterArray());
    stage(doseStage, batch.doseArray());
    int slice = (size + STREAMS - 1) / STREAMS;
    // Without profiles to count or copy back the kernels write no grid values, and the exact one
    // jumps the runs where every amount falls.
    boolean profiles = countsBands || result.hasProfiles();
    for (int s = 0; s < STREAMS; s++) {
      int first = s * slice;
      int count = Math.min(slice, size - first);
      if (count > 0) {
        solveSlice(s, first, count, profiles);
      }
    }
    if (countsBands) {
      // The band kernel reads every slice's profiles: stream 0 waits for the other slices' kernels
      // (a slice without patients this batch left its mark done before).
      for (int s = 1; s < STREAMS; s++) {
        cuStreamWaitEvent(streams[0], sliceMarks[s].kernelEnd, 0);
      }
      queueBandCounts(size);
    }
    pending = result;
    pendingSize = size;
  }

  /**
   * Waits for the streams and copies the staged metrics and statuses (and the profiles, if asked).
   */
  @Override
  public void finish() {
    if (pending == null) {
      return;
    }
    BatchResult result = pending;
    int size = pendingSize;
    pending = null;
    cuCtxSetCurrent(context);
    for (CUstream stream : streams) {
      cuStreamSynchronize(stream);
    }
    for (Marks marks : sliceMarks) {
      addTime(marks);
    }
    addTime(bandMarks);
    batches++;
    metricStage
        .getByteBuffer(0, (long) result.metricArray().length * Sizeof.DOUBLE)
        .order(ByteOrder.nativeOrder())
        .asDoubleBuffer()
        .get(result.metricArray());
    statusStage
        .getByteBuffer(0, (long) size * Sizeof.INT)
        .order(ByteOrder.nativeOrder())
        .asIntBuffer()
        .get(statusHost, 0, size);
    Status[] codes = Status.values();
    for (int i = 0; i < size; i++) {
      result.setStatus(i, codes[statusHost[i]]);
    }
    if (result.hasProfiles()) {
      long begin = System.nanoTime();
      cuMemcpyDtoH(
          Pointer.to(result.concentrationRow()),
          concentrations,
          (long) result.concentrationRow().length * Sizeof.DOUBLE);
      copySeconds += (System.nanoTime() - begin) / 1e9;
    }
  }

  private void addTime(Marks marks) {
    if (marks.used) {
      kernelSeconds += marks.kernelSeconds();
      copySeconds += marks.copySeconds();
      marks.used = false;
    }
  }

  private static void stage(Pointer stage, double[] values) {
    stage
        .getByteBuffer(0, (long) values.length * Sizeof.DOUBLE)
        .order(ByteOrder.nativeOrder())
        .asDoubleBuffer()
        .put(values);
  }

  /**
   * Queues patients first to first + count - 1 on stream {@code s}: copy in, solve, copy out; the
   * end of the kernel is marked for the band kernel.
   */
  private void solveSlice(int s, int first, int count, boolean profiles) {
    CUstream stream = streams[s];
    Marks marks = sliceMarks[s];
    cuEventRecord(marks.start, stream);
    copyColumns(parameterStage, parameters, parameterCount, first, count, true, stream);
    copyColumns(doseStage, doses, lines, first, count, true, stream);
    long offset = (long) first * Sizeof.DOUBLE;
    cuEventRecord(marks.kernelStart, stream);
    // In the order of VP_KERNEL_ARGUMENTS in cuda/vpop_kernels.cu; the Dormand-Prince kernel adds
    // rtol, atol. The per-patient arrays start at the slice's first patient, with the batch's
    // stride.
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
                Pointer.to(runEnd),
                Pointer.to(new int[] {schedule.distinctLengths()}),
                Pointer.to(distinctLength),
                Pointer.to(new int[] {schedule.commonLength()}),
                Pointer.to(halvings),
                Pointer.to(new int[] {schedule.lastIntervalStart()}),
                Pointer.to(new int[] {schedule.lastIntervalEnd()}),
                Pointer.to(new int[] {lines}),
                Pointer.to(duration),
                Pointer.to(bolusLines),
                Pointer.to(lineCompartment),
                Pointer.to(steadyStateInterval),
                Pointer.to(lineLag),
                Pointer.to(lineBioavailability),
                Pointer.to(threshold),
                Pointer.to(new int[] {gridSize}),
                Pointer.to(new double[] {schedule.grid().maxStepH()}),
                Pointer.to(new int[] {count}),
                Pointer.to(new int[] {capacity}),
                Pointer.to(parameters.withByteOffset(offset)),
                Pointer.to(doses.withByteOffset(offset)),
                Pointer.to(metrics.withByteOffset(offset)),
                Pointer.to(concentrations.withByteOffset(offset)),
                Pointer.to(new int[] {profiles ? 1 : 0}),
                Pointer.to(status.withByteOffset((long) first * Sizeof.INT))));
    if (kind == SolverKind.DOPRI5) {
      arguments.add(Pointer.to(new double[] {SolverKind.DOPRI5_RTOL}));
      arguments.add(Pointer.to(new double[] {SolverKind.DOPRI5_ATOL}));
    }
    cuLaunchKernel(
        solveKernel,
        (count + BLOCK - 1) / BLOCK,
        1,
        1,
        BLOCK,
        1,
        1,
        0,
        stream,
        Pointer.to(arguments.toArray(Pointer[]::new)),
        null);
    cuEventRecord(marks.kernelEnd, stream);
    copyColumns(metricStage, metrics, outputs * Metric.COUNT, first, count, false, stream);
    cuMemcpyDtoHAsync(
        statusStage.withByteOffset((long) first * Sizeof.INT),
        status.withByteOffset((long) first * Sizeof.INT),
        (long) count * Sizeof.INT,
        stream);
    cuEventRecord(marks.end, stream);
    marks.used = true;
  }

  /**
   * Copies patients first to first + count - 1 of {@code rows} structure-of-arrays rows (stride:
   * the capacity) between a pinned stage and the device, asynchronously on {@code stream}.
   */
  private void copyColumns(
      Pointer host,
      CUdeviceptr device,
      int rows,
      int first,
      int count,
      boolean toDevice,
      CUstream stream) {
    if (rows == 0) {
      return;
    }
    CUDA_MEMCPY2D copy = new CUDA_MEMCPY2D();
    long pitch = (long) capacity * Sizeof.DOUBLE;
    long x = (long) first * Sizeof.DOUBLE;
    if (toDevice) {
      copy.srcMemoryType = CUmemorytype.CU_MEMORYTYPE_HOST;
      copy.srcHost = host;
      copy.dstMemoryType = CUmemorytype.CU_MEMORYTYPE_DEVICE;
      copy.dstDevice = device;
    } else {
      copy.srcMemoryType = CUmemorytype.CU_MEMORYTYPE_DEVICE;
      copy.srcDevice = device;
      copy.dstMemoryType = CUmemorytype.CU_MEMORYTYPE_HOST;
      copy.dstHost = host;
    }
    copy.srcXInBytes = x;
    copy.dstXInBytes = x;
    copy.srcPitch = pitch;
    copy.dstPitch = pitch;
    copy.WidthInBytes = (long) count * Sizeof.DOUBLE;
    copy.Height = rows;
    cuMemcpy2DAsync(copy, stream);
  }

  /**
   * Queues on the first stream the counting of the batch's solved patients into the run's band
   * counts, which stay on the device until {@link #takeBandCounts}.
   */
  private void queueBandCounts(int size) {
    if (bandCounts == null) {
      bandCounts = allocate(bandCountBytes());
      cuMemsetD32(bandCounts, 0, bandCountBytes() / Sizeof.INT);
    }
    int rows = outputs * gridSize;
    cuEventRecord(bandMarks.start, streams[0]);
    cuEventRecord(bandMarks.kernelStart, streams[0]);
    cuLaunchKernel(
        bandKernel,
        rows,
        1,
        1,
        BAND_BLOCK,
        1,
        1,
        0,
        streams[0],
        Pointer.to(
            Pointer.to(concentrations),
            Pointer.to(status),
            Pointer.to(new int[] {size}),
            Pointer.to(new int[] {capacity}),
            Pointer.to(bandCounts)),
        null);
    cuEventRecord(bandMarks.kernelEnd, streams[0]);
    cuEventRecord(bandMarks.end, streams[0]);
    bandMarks.used = true;
  }

  /**
   * CUDA events around one piece of queued work: copies in (start to kernelStart), the kernel
   * (kernelStart to kernelEnd), copies out (kernelEnd to end). Made in the current context.
   */
  private static final class Marks {
    final CUevent start = event();
    final CUevent kernelStart = event();
    final CUevent kernelEnd = event();
    final CUevent end = event();

    /** Whether the marks were recorded for the batch in flight. */
    boolean used;

    private static CUevent event() {
      CUevent event = new CUevent();
      cuEventCreate(event, CUevent_flags.CU_EVENT_DEFAULT);
      return event;
    }

    /** The kernel's time, once the stream is done. */
    double kernelSeconds() {
      return seconds(kernelStart, kernelEnd);
    }

    /** The copies' time, once the stream is done. */
    double copySeconds() {
      return seconds(start, kernelStart) + seconds(kernelEnd, end);
    }

    private static double seconds(CUevent from, CUevent to) {
      float[] milliseconds = new float[1];
      cuEventElapsedTime(milliseconds, from, to);
      return milliseconds[0] / 1e3;
    }
  }

  @Override
  public Optional<DeviceTime> deviceTime() {
    return Optional.of(new DeviceTime(kernelSeconds, copySeconds, batches));
  }

  /**
   * Waits for work still on the device (a run stopped with a batch in flight, or a failure left
   * copies queued), then destroys the context, which frees everything made in it: device and pinned
   * memory, streams, events, the module. After a kernel fault every call fails with the same error;
   * the context is destroyed all the same.
   */
  @Override
  public void close() {
    if (!contextCreated) {
      return;
    }
    pending = null;
    contextCreated = false;
    try {
      cuCtxSetCurrent(context);
      for (CUstream stream : streams) {
        if (stream != null) {
          cuStreamSynchronize(stream);
        }
      }
    } finally {
      cuCtxDestroy(context);
    }
  }
}
