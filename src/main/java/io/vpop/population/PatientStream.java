package io.vpop.population;

import org.apache.commons.rng.core.source64.LongProvider;

/**
 * A patient's random stream: Philox4x64-10 (Salmon et al., "Parallel random numbers: as easy as 1,
 * 2, 3", SC11, 2011) keyed by (seed, stream key) with its 256-bit counter starting at (0, index, 0,
 * 0), giving exactly the numbers of commons-rng's {@code Philox4x64} built from the seed {seed,
 * stream key, 0, index, 0, 0} (the same generator, buffering and caching: {@code PatientStreamTest}
 * checks them against each other), but restarted in place for the next patient. commons-rng makes a
 * new generator for every seed, with its arrays, and a new Gaussian sampler bound to it; reusing
 * one stream and one sampler per thread lets sampling allocate nothing per patient.
 *
 * <p>Not thread-safe: one per thread.
 */
public final class PatientStream extends LongProvider {
  /** Philox's multipliers and Weyl key increments (Salmon et al., table 2 and section 4). */
  private static final long M0 = 0xD2E7470EE14C6C93L;

  private static final long M1 = 0xCA5A826395121157L;
  private static final long W0 = 0x9E3779B97F4A7C15L;
  private static final long W1 = 0xBB67AE8584CAA73BL;

  /** Rounds of the bijection. */
  private static final int ROUNDS = 10;

  /** Words one counter value gives. */
  private static final int BLOCK = 4;

  private long key0;
  private long key1;
  private long counter0;
  private long counter1;
  private long out0;
  private long out1;
  private long out2;
  private long out3;
  private int position = BLOCK;

  /** Starts the stream of patient {@code index} under (seed, streamKey). */
  public void restart(long seed, long streamKey, long index) {
    key0 = seed;
    key1 = streamKey;
    counter0 = 0;
    counter1 = index;
    // Like commons-rng's, the first word comes from the counter after the seed's.
    position = BLOCK;
    resetCachedState();
  }

  @Override
  public long next() {
    if (position == BLOCK) {
      // The 256-bit counter (counter0, index, 0, 0) plus one: a patient draws far fewer than 2^64
      // blocks, so counter0 never carries into the index.
      counter0++;
      block();
      position = 0;
    }
    switch (position++) {
      case 0:
        return out0;
      case 1:
        return out1;
      case 2:
        return out2;
      default:
        return out3;
    }
  }

  /** The ten rounds applied to the counter under the key. */
  private void block() {
    long x0 = counter0;
    long x1 = counter1;
    long x2 = 0;
    long x3 = 0;
    long k0 = key0;
    long k1 = key1;
    for (int round = 0; round < ROUNDS; round++) {
      long low0 = M0 * x0;
      long high0 = unsignedMultiplyHigh(M0, x0);
      long low1 = M1 * x2;
      long high1 = unsignedMultiplyHigh(M1, x2);
      x0 = high1 ^ x1 ^ k0;
      x1 = low1;
      x2 = high0 ^ x3 ^ k1;
      x3 = low0;
      k0 += W0;
      k1 += W1;
    }
    out0 = x0;
    out1 = x1;
    out2 = x2;
    out3 = x3;
  }

  /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh of Java 18). */
  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }
}
