package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ProtoWriter} and {@link ProtoReader} against protobuf-java (test scope only) as the reference:
 * varint and length edge cases, every wire type skipped as an unknown field, and malformed input.
 */
class ProtoWireTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 127, 128, 300, 16_383, 16_384, Integer.MAX_VALUE, -1, Integer.MIN_VALUE})
  void varintFieldIsWhatProtobufWritesAsUint32(int value) throws IOException {
    byte[] ours = new ProtoWriter().varint(5, value).bytes();
    assertArrayEquals(reference(out -> out.writeUInt32(5, value)), ours);
    ProtoReader r = new ProtoReader(ours);
    assertTrue(r.next());
    assertEquals(5, r.field());
    assertEquals(value, r.varint());
    assertFalse(r.next());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 127, 128, 16_384, 70_000})
  void stringLengthsAroundVarintBoundaries(int length) throws IOException {
    String value = "\u00e9".repeat(length / 2) + "x".repeat(length % 2); // 2-byte UTF-8 chars
    byte[] ours = new ProtoWriter().string(1, value).string(2, "end").bytes();
    if (length == 0) {
      assertArrayEquals(reference(out -> out.writeString(2, "end")), ours, "proto3: empty strings are left out");
    } else {
      assertArrayEquals(reference(out -> {
        out.writeString(1, value);
        out.writeString(2, "end");
      }), ours);
    }
    ProtoReader r = new ProtoReader(ours);
    String got = "";
    while (r.next()) {
      if (r.field() == 1) {
        got = r.string();
      } else {
        assertEquals("end", r.string());
      }
    }
    assertEquals(value, got);
  }

  @Test
  void defaultsAreLeftOut() {
    assertEquals(0, new ProtoWriter().string(1, "").string(2, null).bool(3, false).varint(4, 0).bytes().length);
  }

  @Test
  void boolsAndNegativeInt32AsProtobufReadsThem() throws IOException {
    byte[] wire = reference(out -> {
      out.writeBool(1, true);
      out.writeInt32(2, -5); // 10-byte varint
      out.writeInt64(3, Long.MIN_VALUE);
      out.writeEnum(4, 2);
    });
    ProtoReader r = new ProtoReader(wire);
    r.next();
    assertTrue(r.bool());
    r.next();
    assertEquals(-5, r.varint());
    r.next();
    assertEquals(Long.MIN_VALUE, r.int64());
    r.next();
    assertEquals(2, r.varint());
    assertFalse(r.next());
  }

  @Test
  void nestedMessagesAndMapEntries() throws IOException {
    byte[] wire = new ProtoWriter().mapEntry(6, "k1", "v1").mapEntry(6, "k2", "").mapEntry(6, "", "v3")
        .message(8, new ProtoWriter().string(1, "inner").bytes()).bytes();
    // protobuf-java reads the same: field 6 entries, field 8 a message
    CodedInputStream in = CodedInputStream.newInstance(wire);
    int entries = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 6) {
        entries++;
      }
      in.skipField(tag);
    }
    assertEquals(3, entries);

    Map<String, String> map = new LinkedHashMap<>();
    String inner = null;
    ProtoReader r = new ProtoReader(wire);
    while (r.next()) {
      if (r.field() == 6) {
        r.mapEntry(map);
      } else {
        ProtoReader n = r.nested();
        n.next();
        inner = n.string();
      }
    }
    assertEquals(Map.of("k1", "v1", "k2", "", "", "v3"), map);
    assertEquals("inner", inner);
  }

  /** Unknown fields of every wire type, groups included, are skipped and the known ones still read. */
  @Test
  void unknownFieldsOfEveryWireTypeAreSkipped() throws IOException {
    byte[] wire = reference(out -> {
      out.writeUInt64(20, Long.MAX_VALUE); // varint
      out.writeFixed64(21, 42);
      out.writeBytes(22, ByteString.copyFromUtf8("unknown bytes"));
      out.writeTag(23, WireFormat.WIRETYPE_START_GROUP); // a group holding a nested group
      out.writeString(1, "in group");
      out.writeTag(24, WireFormat.WIRETYPE_START_GROUP);
      out.writeFixed32(2, 7);
      out.writeTag(24, WireFormat.WIRETYPE_END_GROUP);
      out.writeTag(23, WireFormat.WIRETYPE_END_GROUP);
      out.writeFixed32(25, 9);
      out.writeString(3, "v1.7.24"); // VersionResponse.runtime_version
      out.writeUInt32(536_870_911, 1); // the largest field number
      out.writeString(2, "containerd");
    });
    RuntimeVersion v = RuntimeMessages.versionResponse(wire);
    assertEquals(new RuntimeVersion("containerd", "v1.7.24", ""), v);
  }

  @Test
  void statusResponseAsProtobufEncodesIt() throws IOException {
    byte[] condition = reference(out -> {
      out.writeString(1, "RuntimeReady");
      out.writeBool(2, true);
      out.writeString(99, "future field");
    });
    byte[] runtimeStatus = reference(out -> out.writeByteArray(1, condition));
    byte[] entry = reference(out -> {
      out.writeString(1, "config");
      out.writeString(2, "{\"x\": 1}");
    });
    byte[] handler = reference(out -> out.writeString(1, "runsc"));
    byte[] wire = reference(out -> {
      out.writeByteArray(1, runtimeStatus);
      out.writeByteArray(2, entry);
      out.writeByteArray(3, handler);
    });
    RuntimeStatus s = RuntimeMessages.statusResponse(wire);
    assertEquals(List.of(new RuntimeCondition("RuntimeReady", true, "", "")), s.conditions());
    assertEquals(Map.of("config", "{\"x\": 1}"), s.info());
    assertEquals(List.of("runsc"), s.handlerNames());
  }

  @Test
  void malformedInputIsACriException() {
    assertMalformed("0a05 6162", "claims 5 bytes, 2 are left"); // length past the end
    assertMalformed("08", "varint runs past the end"); // value missing
    assertMalformed("08 ffff ffff ffff ffff ffff 01", "longer than 10 bytes");
    assertMalformed("00", "invalid tag 0");
    assertMalformed("0f", "invalid wire type 7");
    assertMalformed("0e", "invalid wire type 6");
    assertMalformed("2c", "end of group 5 without its start");
    assertMalformed("2b 08 01", "group 5 without its end");
    assertMalformed("2b 24", "group 5 ended by the end of group 4");
    assertMalformed("29 0102", "runs past the end"); // fixed64 cut short
    assertMalformed("1a 02 c328", "not valid UTF-8"); // field 3 (runtime_version) with a broken sequence
    assertMalformed("18 01", "field 3 has wire type 0, expected 2"); // a string field as a varint
  }

  private static void assertMalformed(String hex, String fragment) {
    byte[] wire = HexFormat.of().parseHex(hex.replace(" ", ""));
    CriException e = assertThrows(CriException.class, () -> RuntimeMessages.versionResponse(wire));
    assertTrue(e.getMessage().startsWith("malformed CRI reply: "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  private interface Writes {
    void to(CodedOutputStream out) throws IOException;
  }

  private static byte[] reference(Writes writes) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(buf);
    writes.to(out);
    out.flush();
    return buf.toByteArray();
  }
}
