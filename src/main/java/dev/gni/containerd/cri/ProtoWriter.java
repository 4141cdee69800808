package dev.gni.containerd.cri;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes one protobuf message field by field, proto3 style: default values (empty string, false, 0) are
 * left out. Nested messages are written from their already encoded bytes.
 */
final class ProtoWriter {
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(buf);

  ProtoWriter string(int field, String value) {
    if (value != null && !value.isEmpty()) {
      io(() -> out.writeString(field, value));
    }
    return this;
  }

  ProtoWriter bool(int field, boolean value) {
    if (value) {
      io(() -> out.writeBool(field, true));
    }
    return this;
  }

  /** An enum or uint32 field. */
  ProtoWriter varint(int field, int value) {
    if (value != 0) {
      io(() -> out.writeUInt32(field, value));
    }
    return this;
  }

  ProtoWriter message(int field, byte[] encoded) {
    if (encoded != null) {
      io(() -> out.writeByteArray(field, encoded));
    }
    return this;
  }

  /** One entry of a {@code map<string, string>} field: a nested message with key = 1, value = 2. */
  ProtoWriter mapEntry(int field, String key, String value) {
    return message(field, new ProtoWriter().string(1, key).string(2, value).bytes());
  }

  byte[] bytes() {
    io(out::flush);
    return buf.toByteArray();
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void io(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode protobuf message: " + e.getMessage(), e);
    }
  }
}
