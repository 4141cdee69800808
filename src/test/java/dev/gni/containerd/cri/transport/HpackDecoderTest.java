package dev.gni.containerd.cri.transport;

import static dev.gni.containerd.cri.transport.HuffmanTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link HpackDecoder} against the examples of RFC 7541 Appendix C (byte for byte, with the dynamic table
 * after each block), then integer edge cases and the errors of sections 4, 5 and 6.
 */
class HpackDecoderTest {
  private static final List<String> REQUEST_1 = List.of(":method", "GET", ":scheme", "http", ":path", "/",
      ":authority", "www.example.com");
  private static final List<String> REQUEST_2 = List.of(":method", "GET", ":scheme", "http", ":path", "/",
      ":authority", "www.example.com", "cache-control", "no-cache");
  private static final List<String> REQUEST_3 = List.of(":method", "GET", ":scheme", "https", ":path",
      "/index.html", ":authority", "www.example.com", "custom-key", "custom-value");
  private static final List<String> RESPONSE_1 = List.of(":status", "302", "cache-control", "private", "date",
      "Mon, 21 Oct 2013 20:13:21 GMT", "location", "https://www.example.com");
  private static final List<String> RESPONSE_2 = List.of(":status", "307", "cache-control", "private", "date",
      "Mon, 21 Oct 2013 20:13:21 GMT", "location", "https://www.example.com");
  private static final String COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";
  private static final List<String> RESPONSE_3 = List.of(":status", "200", "cache-control", "private", "date",
      "Mon, 21 Oct 2013 20:13:22 GMT", "location", "https://www.example.com", "content-encoding", "gzip",
      "set-cookie", COOKIE);

  @Test
  void c21LiteralWithIndexing() throws H2Exception {
    HpackDecoder d = new HpackDecoder(4096, 1 << 20);
    assertEquals(List.of("custom-key", "custom-header"),
        decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
    assertEquals(List.of("custom-key", "custom-header"), d.table());
    assertEquals(55, d.tableSize());
  }

  @Test
  void c22LiteralWithoutIndexing() throws H2Exception {
    HpackDecoder d = new HpackDecoder(4096, 1 << 20);
    assertEquals(List.of(":path", "/sample/path"), decode(d, "040c 2f73 616d 706c 652f 7061 7468"));
    assertEquals(List.of(), d.table());
  }

  @Test
  void c23LiteralNeverIndexed() throws H2Exception {
    HpackDecoder d = new HpackDecoder(4096, 1 << 20);
    assertEquals(List.of("password", "secret"), decode(d, "1008 7061 7373 776f 7264 0673 6563 7265 74"));
    assertEquals(List.of(), d.table());
  }

  @Test
  void c24Indexed() throws H2Exception {
    HpackDecoder d = new HpackDecoder(4096, 1 << 20);
    assertEquals(List.of(":method", "GET"), decode(d, "82"));
    assertEquals(0, d.tableSize());
  }

  @Test
  void c3RequestsWithoutHuffman() throws H2Exception {
    HpackDecoder d = new HpackDecoder(4096, 1 << 20);
    assertEquals(REQUEST_1, decode(d, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
    assertEquals(List.of(":authority", "www.example.com"), d.table());
    assertEquals(57, d.tableSize());

    assertEquals(REQUEST_2, decode(d, "8286 84be 5808 6e6f 2d63 6163 6865"));
    assertEquals(List.of("cache-control", "no-cache", ":authority", "www.example.com"), d.table());
    assertEquals(110, d.tableSize());

    assertEquals(REQUEST_3, decode(d, "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"));
    assertEquals(List.of("custom-key", "custom-value", "cache-control", "no-cache", ":authority", "www.example.com"),
        d.table());
    assertEquals(164, d.tableSize());
  }

  @Test
  void c4RequestsWithHuffman() throws H2Exception {
    HpackDecoder d = new HpackDecoder(4096, 1 << 20);
    assertEquals(REQUEST_1, decode(d, "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"));
    assertEquals(57, d.tableSize());

    assertEquals(REQUEST_2, decode(d, "8286 84be 5886 a8eb 1064 9cbf"));
    assertEquals(110, d.tableSize());

    assertEquals(REQUEST_3, decode(d, "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"));
    assertEquals(List.of("custom-key", "custom-value", "cache-control", "no-cache", ":authority", "www.example.com"),
        d.table());
    assertEquals(164, d.tableSize());
  }

  /** C.5: SETTINGS_HEADER_TABLE_SIZE 256, so entries are evicted. */
  @Test
  void c5ResponsesWithoutHuffmanAndEviction() throws H2Exception {
    HpackDecoder d = new HpackDecoder(256, 1 << 20);
    assertEquals(RESPONSE_1, decode(d, "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230"
        + " 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
    assertEquals(List.of("location", "https://www.example.com", "date", "Mon, 21 Oct 2013 20:13:21 GMT",
        "cache-control", "private", ":status", "302"), d.table());
    assertEquals(222, d.tableSize());

    assertEquals(RESPONSE_2, decode(d, "4803 3330 37c1 c0bf"));
    assertEquals(List.of(":status", "307", "location", "https://www.example.com", "date",
        "Mon, 21 Oct 2013 20:13:21 GMT", "cache-control", "private"), d.table());
    assertEquals(222, d.tableSize());

    assertEquals(RESPONSE_3, decode(d, "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220"
        + " 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745"
        + " 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31"));
    assertEquals(List.of("set-cookie", COOKIE, "content-encoding", "gzip", "date", "Mon, 21 Oct 2013 20:13:22 GMT"),
        d.table());
    assertEquals(215, d.tableSize());
  }

  @Test
  void c6ResponsesWithHuffmanAndEviction() throws H2Exception {
    HpackDecoder d = new HpackDecoder(256, 1 << 20);
    assertEquals(RESPONSE_1, decode(d, "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0"
        + " 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3"));
    assertEquals(222, d.tableSize());

    assertEquals(RESPONSE_2, decode(d, "4883 640e ffc1 c0bf"));
    assertEquals(List.of(":status", "307", "location", "https://www.example.com", "date",
        "Mon, 21 Oct 2013 20:13:21 GMT", "cache-control", "private"), d.table());
    assertEquals(222, d.tableSize());

    assertEquals(RESPONSE_3, decode(d, "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b"
        + " d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0"
        + " 03ed 4ee5 b106 3d50 07"));
    assertEquals(List.of("set-cookie", COOKIE, "content-encoding", "gzip", "date", "Mon, 21 Oct 2013 20:13:22 GMT"),
        d.table());
    assertEquals(215, d.tableSize());
  }

  /** RFC 7541 C.1.1 and C.1.2 (5-bit prefix), read from dynamic table size updates, which use 5 bits. */
  @Test
  void integersOfSectionC1() throws H2Exception {
    HpackDecoder d = new HpackDecoder(4096, 1 << 20);
    decode(d, "2a"); // 001 01010: 10
    assertEquals(10, d.maxTableSize());
    decode(d, "3f 9a 0a"); // 001 11111, 10011010, 00001010: 1337
    assertEquals(1337, d.maxTableSize());
  }

  @Test
  void integerAtTheLargestValue() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HpackEncoder.integer(out, 0x20, 5, Integer.MAX_VALUE);
    HpackDecoder d = new HpackDecoder(4096, 1 << 20);
    H2Exception e = assertThrows(H2Exception.class, () -> d.decode(out.toByteArray(), 0, out.size()));
    assertTrue(e.getMessage().contains("update to 2147483647 exceeds the limit of 4096"), e.getMessage());
  }

  @Test
  void integerOverflowAndTruncationAreRefused() {
    assertError("3f ff ff ff ff 0f", "larger than 2^31 - 1"); // 31 + 2^32 - 1
    assertError("3f 80 80 80 80 80 01", "larger than 2^31 - 1"); // too many continuation bytes
    assertError("3f ff", "past the end");
    assertError("7f", "past the end"); // literal name index 63 whose continuation is missing
  }

  @Test
  void tableSizeUpdates() throws H2Exception {
    HpackDecoder d = new HpackDecoder(4096, 1 << 20);
    decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"); // custom-key: custom-header
    assertEquals(55, d.tableSize());
    assertEquals(List.of(":method", "GET"), decode(d, "20 3f e1 1f 82")); // to 0 (evicts all), then to 4096
    assertEquals(0, d.tableSize());
    assertEquals(4096, d.maxTableSize());
    assertError(d, "3f e2 1f", "exceeds the limit of 4096"); // 4097
    assertError(d, "82 20", "size update after a header field");
  }

  @Test
  void entryLargerThanTheTableEmptiesIt() throws H2Exception {
    HpackDecoder d = new HpackDecoder(60, 1 << 20);
    decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"); // 55 bytes
    assertEquals(55, d.tableSize());
    // custom-key: custom-header-x (56 + 1 > 60 - 55 evicts the first; 56 fits)
    decode(d, "400a 6375 7374 6f6d 2d6b 6579 0e63 7573 746f 6d2d 6865 6164 6572 78");
    assertEquals(List.of("custom-key", "custom-headerx"), d.table());
    // a name of 30 bytes + value of 0 = 62 > 60: the table ends empty, the field is still decoded
    assertEquals(List.of("a".repeat(30), ""), decode(d, "401e " + "61".repeat(30) + " 00"));
    assertEquals(0, d.tableSize());
  }

  @Test
  void indexErrors() {
    assertError("80", "index 0");
    assertError("be", "index 62 out of range"); // dynamic table empty
    assertError("40", "string literal missing");
    assertError("0005 6162", "runs past the end");
    assertError("0081 ff 00", "padding"); // Huffman-coded name of one byte of ones: 8 bits of padding
  }

  @Test
  void headerListLimit() {
    HpackDecoder d = new HpackDecoder(4096, 100);
    H2Exception e = assertThrows(H2Exception.class,
        () -> d.decode(hex("8282 8282"), 0, 4)); // 4 x (7 + 3 + 32) > 100
    assertEquals(H2Exception.ENHANCE_YOUR_CALM, e.code());
  }

  private static void assertError(String block, String fragment) {
    assertError(new HpackDecoder(4096, 1 << 20), block, fragment);
  }

  private static void assertError(HpackDecoder d, String block, String fragment) {
    byte[] b = hex(block);
    H2Exception e = assertThrows(H2Exception.class, () -> d.decode(b, 0, b.length));
    assertEquals(H2Exception.COMPRESSION_ERROR, e.code());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  private static List<String> decode(HpackDecoder d, String block) throws H2Exception {
    byte[] wrapped = hex("ee " + block + " ee"); // decoded within an offset and length
    return d.decode(wrapped, 1, wrapped.length - 2);
  }
}
