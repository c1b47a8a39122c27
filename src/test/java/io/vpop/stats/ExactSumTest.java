package io.vpop.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class ExactSumTest {
  /** 2^-1074 as an exact decimal: the unit of {@link ExactSum#units}. */
  private static final BigDecimal UNIT = BigDecimal.ONE.divide(BigDecimal.valueOf(2).pow(1074));

  /** Values of both signs over the whole double range, subnormals and extremes included. */
  private static double[] values(long seed, int n) {
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      double value =
          switch (i % 5) {
            case 0 -> Double.longBitsToDouble(rng.nextLong() & 0x7fef_ffff_ffff_ffffL);
            case 1 -> Double.MIN_VALUE * rng.nextInt(1000);
            case 2 -> Math.scalb(rng.nextDouble(), rng.nextInt(2000) - 1000);
            case 3 -> Double.MAX_VALUE * rng.nextDouble() / 4;
            default -> 1000 * rng.nextDouble();
          };
      values[i] = rng.nextBoolean() ? value : -value;
    }
    return values;
  }

  @Test
  void theSumEqualsTheExactDecimalSumInAnyOrderAndSplit() {
    double[] values = values(11, 20_000);
    BigDecimal exact = BigDecimal.ZERO;
    ExactSum forward = new ExactSum();
    for (double value : values) {
      exact = exact.add(new BigDecimal(value));
      forward.add(value);
    }
    assertEquals(0, exact.compareTo(new BigDecimal(forward.units()).multiply(UNIT)));
    ExactSum backward = new ExactSum();
    for (int i = values.length - 1; i >= 0; i--) {
      backward.add(values[i]);
    }
    // Seven unequal parts added up: the same integer.
    ExactSum merged = new ExactSum();
    int[] cuts = {0, 1, 17, 2_000, 2_001, 9_999, 15_000, values.length};
    for (int c = 0; c + 1 < cuts.length; c++) {
      ExactSum part = new ExactSum();
      for (int i = cuts[c]; i < cuts[c + 1]; i++) {
        part.add(values[i]);
      }
      merged.add(part);
    }
    assertEquals(forward.units(), backward.units());
    assertEquals(forward.units(), merged.units());
  }

  @Test
  void cancellationLeavesTheSmallestTermExact() {
    ExactSum sum = new ExactSum();
    // Rounded addition returns 0 here; the exact sum keeps 1e-300.
    sum.add(1e300);
    sum.add(1e-300);
    sum.add(-1e300);
    assertEquals(1e-300, ExactSum.quotient(sum.units(), BigInteger.ONE, ExactSum.UNIT_EXPONENT));
  }

  @Test
  void quotientsAreCorrectlyRounded() {
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(5);
    for (int i = 0; i < 10_000; i++) {
      BigInteger numerator = new BigInteger(1 + rng.nextInt(300), new java.util.Random(i));
      if (rng.nextBoolean()) {
        numerator = numerator.negate();
      }
      BigInteger denominator = BigInteger.valueOf(1 + rng.nextInt(1_000_000_000));
      int exponent = rng.nextInt(400) - 200;
      BigDecimal exact =
          new BigDecimal(numerator)
              .multiply(
                  exponent >= 0
                      ? new BigDecimal(BigInteger.ONE.shiftLeft(exponent))
                      : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-exponent))))
              .divide(new BigDecimal(denominator), new MathContext(60, RoundingMode.HALF_EVEN));
      double expected = exact.doubleValue();
      assertEquals(
          expected,
          ExactSum.quotient(numerator, denominator, exponent),
          numerator + " / " + denominator + " * 2^" + exponent);
    }
  }

  @Test
  void infinitiesAndNanAddAsOrdinaryAdditionWould() {
    ExactSum sum = new ExactSum();
    sum.add(1);
    sum.add(Double.POSITIVE_INFINITY);
    assertEquals(Double.POSITIVE_INFINITY, sum.nonFinite());
    sum.add(Double.NEGATIVE_INFINITY);
    assertTrue(Double.isNaN(sum.nonFinite()));
  }

  @Test
  void aWrittenSumReadsBackEqual() throws Exception {
    ExactSum sum = new ExactSum();
    for (double value : values(3, 1000)) {
      sum.add(value);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sum.write(new DataOutputStream(bytes));
    ExactSum read =
        ExactSum.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(sum.units(), read.units());
  }
}
