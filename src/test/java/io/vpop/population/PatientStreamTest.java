package io.vpop.population;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.Philox4x64;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

/**
 * {@link PatientStream}, restarted in place, gives exactly the numbers of commons-rng's Philox4x64
 * made afresh from the seed {seed, key, 0, index, 0, 0}: every kind of draw the sampler makes
 * (longs, doubles, ints and booleans from one word's cached halves and bits, bounded ints, and
 * Ziggurat normals through one reused sampler), over many counter blocks, for indices from 0 to the
 * largest.
 */
class PatientStreamTest {
  private static final int DRAWS = 2_000;

  @Test
  void restartedStreamsEqualFreshPhiloxGenerators() {
    PatientStream stream = new PatientStream();
    ZigguratSampler.NormalizedGaussian reused = ZigguratSampler.NormalizedGaussian.of(stream);
    long[][] seeds = {
      {1L, PopulationSampler.STREAM_KEY, 0},
      {1L, PopulationSampler.STREAM_KEY, 1},
      {-7L, PopulationSampler.STREAM_KEY, 123_456_789L},
      {Long.MAX_VALUE, 42L, Long.MIN_VALUE},
      {0L, 0L, -1L},
    };
    for (long[] seed : seeds) {
      stream.restart(seed[0], seed[1], seed[2]);
      Philox4x64 fresh = new Philox4x64(new long[] {seed[0], seed[1], 0, seed[2], 0, 0});
      ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(fresh);
      for (int draw = 0; draw < DRAWS; draw++) {
        String what = "seed " + java.util.Arrays.toString(seed) + ", draw " + draw;
        assertEquals(normal.sample(), reused.sample(), what + " (normal)");
        assertSame(fresh, stream, draw, what);
      }
    }
  }

  private static void assertSame(
      UniformRandomProvider expected, UniformRandomProvider actual, int draw, String what) {
    switch (draw % 5) {
      case 0 -> assertEquals(expected.nextLong(), actual.nextLong(), what);
      case 1 -> assertEquals(expected.nextDouble(), actual.nextDouble(), what);
      case 2 -> assertEquals(expected.nextInt(), actual.nextInt(), what);
      case 3 -> assertEquals(expected.nextBoolean(), actual.nextBoolean(), what);
      default -> assertEquals(expected.nextInt(1 + draw), actual.nextInt(1 + draw), what);
    }
  }
}
