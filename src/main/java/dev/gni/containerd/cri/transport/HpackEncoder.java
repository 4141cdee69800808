package dev.gni.containerd.cri.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * HPACK encoder (RFC 7541) for request headers: every field as a "literal header field without indexing,
 * new name" (section 6.2.2) with plain (not Huffman) strings. That never touches the dynamic table, so it is
 * valid whatever the server's SETTINGS_HEADER_TABLE_SIZE, and a request's few headers stay small anyway.
 */
final class HpackEncoder {
  private HpackEncoder() {
  }

  /** @param fields name, value, name, value, ...; names in lower case, all ISO-8859-1 */
  static byte[] encode(String... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    for (int i = 0; i < fields.length; i += 2) {
      out.write(0x00);
      string(out, fields[i]);
      string(out, fields[i + 1]);
    }
    return out.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    integer(out, 0x00, 7, bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  /** RFC 7541 section 5.1: {@code value} with an N-bit prefix after the bits of {@code flags}. */
  static void integer(ByteArrayOutputStream out, int flags, int prefixBits, int value) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out.write(flags | value);
      return;
    }
    out.write(flags | max);
    value -= max;
    while (value >= 0x80) {
      out.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }
}
