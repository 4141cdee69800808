package dev.gni.containerd.cri.transport;

import static dev.gni.containerd.cri.transport.HuffmanTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HpackEncoder}: the bytes of RFC 7541 sections 5.1 and 6.2.2, and round trips through the decoder. */
class HpackEncoderTest {
  @Test
  void integersOfSectionC1() {
    assertArrayEquals(hex("0a"), integer(0, 5, 10)); // C.1.1
    assertArrayEquals(hex("1f 9a 0a"), integer(0, 5, 1337)); // C.1.2
    assertArrayEquals(hex("2a"), integer(0, 8, 42)); // C.1.3
    assertArrayEquals(hex("7f 00"), integer(0, 7, 127));
    assertArrayEquals(hex("ff 80 01"), integer(0x80, 7, 255));
    assertArrayEquals(hex("1f e0 ff ff ff 07"), integer(0, 5, Integer.MAX_VALUE));
  }

  @Test
  void literalWithoutIndexingNewName() {
    // RFC 7541 C.2.2's field, with a literal name instead of the static table's :path
    assertArrayEquals(hex("00 05 3a70 6174 68 0c 2f73 616d 706c 652f 7061 7468"),
        HpackEncoder.encode(":path", "/sample/path"));
  }

  @Test
  void roundTripsThroughTheDecoderLeavingItsTableEmpty() throws H2Exception {
    String longValue = "v".repeat(300);
    byte[] block = HpackEncoder.encode(":method", "POST", "grpc-timeout", "2999m", "x-long", longValue, "empty", "");
    HpackDecoder d = new HpackDecoder(4096, 1 << 20);
    assertEquals(List.of(":method", "POST", "grpc-timeout", "2999m", "x-long", longValue, "empty", ""),
        d.decode(block, 0, block.length));
    assertEquals(0, d.tableSize());
  }

  private static byte[] integer(int flags, int prefix, int value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HpackEncoder.integer(out, flags, prefix, value);
    return out.toByteArray();
  }
}
