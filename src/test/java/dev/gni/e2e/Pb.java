package dev.gni.e2e;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TEST ONLY: hand-written protobuf messages for the test-side CRI client, so that the e2e tests share no
 * generated code with the product. {@link Pb} writes a message field by field; {@link Pb.Parsed} reads
 * one back into field number to values.
 */
final class Pb {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  static Pb msg() {
    return new Pb();
  }

  Pb str(int field, String value) {
    try {
      if (value != null && !value.isEmpty()) {
        out.writeString(field, value);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Pb strs(int field, List<String> values) {
    values.forEach(v -> {
      try {
        out.writeString(field, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return this;
  }

  Pb varint(int field, long value) {
    try {
      if (value != 0) {
        out.writeInt64(field, value);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Pb bool(int field, boolean value) {
    return varint(field, value ? 1 : 0);
  }

  Pb msg(int field, Pb message) {
    try {
      out.writeByteArray(field, message.bytes());
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A message field from an already encoded message. */
  Pb raw(int field, byte[] encoded) {
    try {
      out.writeByteArray(field, encoded);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code map<string, string>} field: one entry message (key = 1, value = 2) per pair. */
  Pb map(int field, Map<String, String> entries) {
    entries.forEach((k, v) -> msg(field, msg().str(1, k).str(2, v)));
    return this;
  }

  byte[] bytes() {
    try {
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A decoded message: varints as Long, length-delimited fields as byte[], by field number. */
  static final class Parsed {
    private final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

    static Parsed of(byte[] data) {
      Parsed p = new Parsed();
      try {
        CodedInputStream in = CodedInputStream.newInstance(data);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          int field = WireFormat.getTagFieldNumber(tag);
          Object value = switch (WireFormat.getTagWireType(tag)) {
            case WireFormat.WIRETYPE_VARINT -> in.readInt64();
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readByteArray();
            case WireFormat.WIRETYPE_FIXED64 -> in.readFixed64();
            case WireFormat.WIRETYPE_FIXED32 -> (long) in.readFixed32();
            default -> throw new IOException("unsupported wire type in tag " + tag);
          };
          p.fields.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("malformed protobuf message", e);
      }
      return p;
    }

    String str(int field) {
      List<Object> v = fields.get(field);
      return v == null ? "" : new String((byte[]) v.get(v.size() - 1), StandardCharsets.UTF_8);
    }

    long varint(int field) {
      List<Object> v = fields.get(field);
      return v == null ? 0 : (Long) v.get(v.size() - 1);
    }

    Parsed msg(int field) {
      List<Object> v = fields.get(field);
      return v == null ? new Parsed() : of((byte[]) v.get(v.size() - 1));
    }

    /** A {@code map<string, string>} field. */
    Map<String, String> map(int field) {
      Map<String, String> m = new LinkedHashMap<>();
      for (Object o : fields.getOrDefault(field, List.of())) {
        Parsed e = of((byte[]) o);
        m.put(e.str(1), e.str(2));
      }
      return m;
    }
  }
}
