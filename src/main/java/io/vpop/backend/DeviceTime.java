package io.vpop.backend;

/**
 * Where a GPU run's device time went, measured with CUDA events: the kernels' time and the copies'
 * time between host and device, each summed over batches and streams (kernels and copies on
 * different streams overlap, so the two may add up to more than the wall time).
 *
 * @param kernelSeconds the solver and band kernels
 * @param copySeconds the copies in and out
 * @param batches the batches solved
 */
public record DeviceTime(double kernelSeconds, double copySeconds, long batches) {
  /** The time since {@code before}, a reading of the same backend earlier. */
  public DeviceTime since(DeviceTime before) {
    return new DeviceTime(
        kernelSeconds - before.kernelSeconds,
        copySeconds - before.copySeconds,
        batches - before.batches);
  }
}
