package dev.gni.containerd.cri;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one protobuf message (the binary wire format) field by field, proto3 style: default values
 * (empty string, false, 0) are left out. Nested messages are written from their already encoded bytes.
 */
final class ProtoWriter {
  private byte[] buf = new byte[64];
  private int size;

  ProtoWriter string(int field, String value) {
    if (value != null && !value.isEmpty()) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  ProtoWriter bool(int field, boolean value) {
    if (value) {
      tag(field, ProtoReader.VARINT);
      varint(1);
    }
    return this;
  }

  /** An enum or uint32 field (the value's 32 bits, unsigned, as protobuf's uint32). */
  ProtoWriter varint(int field, int value) {
    if (value != 0) {
      tag(field, ProtoReader.VARINT);
      varint(value & 0xffff_ffffL);
    }
    return this;
  }

  ProtoWriter message(int field, byte[] encoded) {
    if (encoded != null) {
      bytes(field, encoded);
    }
    return this;
  }

  /** One entry of a {@code map<string, string>} field: a nested message with key = 1, value = 2. */
  ProtoWriter mapEntry(int field, String key, String value) {
    return message(field, new ProtoWriter().string(1, key).string(2, value).bytes());
  }

  byte[] bytes() {
    return Arrays.copyOf(buf, size);
  }

  private void bytes(int field, byte[] value) {
    tag(field, ProtoReader.LEN);
    varint(value.length);
    room(value.length);
    System.arraycopy(value, 0, buf, size, value.length);
    size += value.length;
  }

  private void tag(int field, int wireType) {
    varint((long) field << 3 | wireType);
  }

  private void varint(long value) {
    room(10);
    while ((value & ~0x7fL) != 0) {
      buf[size++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    buf[size++] = (byte) value;
  }

  private void room(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(size + n, 2 * buf.length));
    }
  }
}
