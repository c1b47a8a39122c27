package io.vpop.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigInteger;

/**
 * The exact sum of doubles, rounded once when read. Every finite double is an integer multiple of
 * 2^-1074, so the sum is kept as that integer, in {@value #DIGITS} digits of {@value #DIGIT_BITS}
 * bits each held in longs (a superaccumulator: R. M. Neal, "Fast exact summation using small and
 * large superaccumulators", arXiv:1505.05571, 2015). A sum does not depend on the order of its
 * values or on how they were split into sums that were then {@linkplain #add(ExactSum) added}: the
 * property that lets a population run in shards give the mean and SD of one run, byte for byte.
 * Adding allocates nothing. Not thread-safe.
 */
final class ExactSum {
  private static final int DIGIT_BITS = 32;
  private static final long DIGIT_MASK = (1L << DIGIT_BITS) - 1;

  /**
   * Bits of the fixed-point integer: 2^-1074 up to 2^1024 is 2098 bits, plus room for the carries
   * of up to 2^63 values: 68 digits, 2176 bits.
   */
  private static final int DIGITS = 68;

  /** The binary exponent of the integer's unit: the smallest subnormal double, 2^-1074. */
  static final int UNIT_EXPONENT = -1074;

  /**
   * Additions between carry propagations: each adds less than 2^32 in magnitude to a digit, so a
   * digit stays below 2^62 in magnitude.
   */
  private static final int ADDS_BETWEEN_CARRIES = 1 << 29;

  private final long[] digits = new long[DIGITS];
  private int addsSinceCarry;

  /** The sum of the values that are not finite: 0 when there were none, else +-inf or NaN. */
  private double nonFinite;

  /** Adds a value; an infinity or NaN makes the sum infinite or NaN as ordinary addition would. */
  void add(double value) {
    if (!Double.isFinite(value)) {
      nonFinite += value;
      return;
    }
    long bits = Double.doubleToRawLongBits(value);
    int biasedExponent = (int) (bits >>> 52) & 0x7ff;
    long significand = bits & ((1L << 52) - 1);
    if (biasedExponent == 0) {
      biasedExponent = 1; // subnormal: no implicit bit, the exponent of the smallest normal
    } else {
      significand |= 1L << 52;
    }
    // value = significand * 2^(biasedExponent - 1075) = (significand << shift) units of 2^-1074.
    int shift = biasedExponent - 1;
    int digit = shift / DIGIT_BITS;
    int offset = shift % DIGIT_BITS;
    long low = (significand << offset) & DIGIT_MASK;
    long high = significand >>> (DIGIT_BITS - offset);
    if (value < 0) {
      digits[digit] -= low;
      digits[digit + 1] -= high & DIGIT_MASK;
      digits[digit + 2] -= high >>> DIGIT_BITS;
    } else {
      digits[digit] += low;
      digits[digit + 1] += high & DIGIT_MASK;
      digits[digit + 2] += high >>> DIGIT_BITS;
    }
    if (++addsSinceCarry == ADDS_BETWEEN_CARRIES) {
      carry();
    }
  }

  /** Adds another sum (the two may have been fed in any order, on any machine). */
  void add(ExactSum other) {
    other.carry();
    carry();
    for (int d = 0; d < DIGITS; d++) {
      digits[d] += other.digits[d];
    }
    nonFinite += other.nonFinite;
    carry();
  }

  /** Brings every digit but the top one into [0, 2^32); the top one keeps the sign. */
  private void carry() {
    for (int d = 0; d < DIGITS - 1; d++) {
      long carry = digits[d] >> DIGIT_BITS;
      digits[d] -= carry << DIGIT_BITS;
      digits[d + 1] += carry;
    }
    addsSinceCarry = 0;
  }

  /** Whether every value added was finite. */
  boolean finite() {
    return nonFinite == 0;
  }

  /** The sum of the non-finite values: +-inf or NaN (0 when {@link #finite}). */
  double nonFinite() {
    return nonFinite;
  }

  /** The exact sum of the finite values, in units of 2^{@value #UNIT_EXPONENT}. */
  BigInteger units() {
    carry();
    BigInteger units = BigInteger.valueOf(digits[DIGITS - 1]);
    for (int d = DIGITS - 2; d >= 0; d--) {
      units = units.shiftLeft(DIGIT_BITS).or(BigInteger.valueOf(digits[d]));
    }
    return units;
  }

  /**
   * numerator / denominator * 2^exponent, correctly rounded to the nearest double (ties to even) in
   * the normal range.
   *
   * @param denominator &gt; 0
   */
  static double quotient(BigInteger numerator, BigInteger denominator, int exponent) {
    if (numerator.signum() == 0) {
      return 0;
    }
    BigInteger magnitude = numerator.abs();
    // A quotient of 64 or 65 bits, and a sticky last bit for whatever is left over, rounds once.
    int shift = 64 + denominator.bitLength() - magnitude.bitLength();
    BigInteger shifted = shift >= 0 ? magnitude.shiftLeft(shift) : magnitude.shiftRight(-shift);
    boolean inexact = shift < 0 && magnitude.getLowestSetBit() < -shift;
    BigInteger[] quotientAndRemainder = shifted.divideAndRemainder(denominator);
    BigInteger quotient = quotientAndRemainder[0];
    if (inexact || quotientAndRemainder[1].signum() != 0) {
      quotient = quotient.setBit(0);
    }
    double value = Math.scalb(quotient.doubleValue(), exponent - shift);
    return numerator.signum() < 0 ? -value : value;
  }

  /** Writes the sum: its non-finite part and the span of its non-zero digits. */
  void write(DataOutput out) throws IOException {
    carry();
    int lowest = 0;
    while (lowest < DIGITS && digits[lowest] == 0) {
      lowest++;
    }
    int highest = DIGITS - 1;
    while (highest >= lowest && digits[highest] == 0) {
      highest--;
    }
    out.writeDouble(nonFinite);
    out.writeShort(lowest);
    out.writeShort(highest + 1 - lowest);
    for (int d = lowest; d <= highest; d++) {
      out.writeLong(digits[d]);
    }
  }

  /**
   * Reads a sum written by {@link #write}.
   *
   * @throws IOException if the digits do not fit
   */
  static ExactSum read(DataInput in) throws IOException {
    ExactSum sum = new ExactSum();
    sum.nonFinite = in.readDouble();
    int lowest = in.readShort();
    int length = in.readShort();
    if (lowest < 0 || length < 0 || lowest + length > DIGITS) {
      throw new IOException("an exact sum's digits " + lowest + "+" + length + " do not fit");
    }
    for (int d = lowest; d < lowest + length; d++) {
      sum.digits[d] = in.readLong();
    }
    return sum;
  }
}
