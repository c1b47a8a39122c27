package io.vpop.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Non-negative longs in 7-bit groups, low group first, the high bit of each byte saying whether
 * another follows (LEB128): a count below 128 takes one byte.
 */
final class VarLong {
  private VarLong() {}

  static void write(DataOutput out, long value) throws IOException {
    if (value < 0) {
      throw new IllegalArgumentException("a negative count " + value);
    }
    while (value >= 0x80) {
      out.writeByte((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  static long read(DataInput in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int group = in.readUnsignedByte();
      value |= (long) (group & 0x7f) << shift;
      if ((group & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("a variable-length count longer than 64 bits");
  }
}
