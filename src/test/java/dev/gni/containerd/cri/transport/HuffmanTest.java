package dev.gni.containerd.cri.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Huffman}: the code table of RFC 7541 Appendix B and the decoder's padding rules (section 5.2). */
class HuffmanTest {
  @ParameterizedTest(name = "symbol {0}")
  @CsvSource({
      // rows of RFC 7541 Appendix B: symbol, code as hex aligned to LSB, length in bits
      "0, 1ff8, 13", "1, 7fffd8, 23", "9, ffffea, 24", "10, 3ffffffc, 30", "13, 3ffffffd, 30",
      "22, 3ffffffe, 30", "31, ffffffb, 28", "32, 14, 6", "33, 3f8, 10", "39, 7fa, 11", "48, 0, 5", "49, 1, 5",
      "58, 5c, 7", "60, 7ffc, 15", "62, ffb, 12", "64, 1ffa, 13", "65, 21, 6", "88, fc, 8", "92, 7fff0, 19",
      "94, 3ffc, 14", "97, 3, 5", "116, 9, 5", "122, 7b, 7", "123, 7ffe, 15", "126, 1ffd, 13",
      "127, ffffffc, 28", "128, fffe6, 20", "153, 1fffdc, 21", "195, 7fff1, 19", "199, 1ffffec, 25",
      "203, 7ffffde, 27", "220, ffffffd, 28", "249, ffffffe, 28", "254, 7fffff0, 27", "255, 3ffffee, 26",
      "256, 3fffffff, 30"})
  void codesAreThoseOfTheRfcTable(int symbol, String hex, int length) {
    assertEquals(Integer.parseInt(hex, 16), Huffman.CODES[symbol], "code of " + symbol);
    assertEquals(length, Huffman.length(symbol), "length of " + symbol);
  }

  /** All 257 rows, against an independent copy of the table: the one in grpc-java's shaded netty. */
  @Test
  void everyCodeMatchesNettysTable() throws Exception {
    Class<?> util = Class.forName("io.grpc.netty.shaded.io.netty.handler.codec.http2.HpackUtil");
    Field codes = util.getDeclaredField("HUFFMAN_CODES");
    Field lengths = util.getDeclaredField("HUFFMAN_CODE_LENGTHS");
    codes.setAccessible(true);
    lengths.setAccessible(true);
    int[] nettyCodes = (int[]) codes.get(null);
    byte[] nettyLengths = (byte[]) lengths.get(null);
    assertEquals(257, nettyCodes.length);
    for (int sym = 0; sym <= Huffman.EOS; sym++) {
      assertEquals(nettyCodes[sym], Huffman.CODES[sym], "code of " + sym);
      assertEquals(nettyLengths[sym], Huffman.length(sym), "length of " + sym);
    }
  }

  @Test
  void codeIsCompleteAndPrefixFree() {
    double kraft = 0;
    for (int sym = 0; sym <= Huffman.EOS; sym++) {
      kraft += Math.pow(2, -Huffman.length(sym));
      assertTrue(Huffman.CODES[sym] >>> Huffman.length(sym) == 0, "code of " + sym + " fits its length");
    }
    assertEquals(1.0, kraft, 1e-12);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // the Huffman-coded strings of RFC 7541 C.4 and C.6
      "f1e3 c2e5 f23a 6ba0 ab90 f4ff | www.example.com",
      "a8eb 1064 9cbf | no-cache",
      "25a8 49e9 5ba9 7d7f | custom-key",
      "25a8 49e9 5bb8 e8b4 bf | custom-value",
      "6402 | 302",
      "aec3 771a 4b | private",
      "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff | Mon, 21 Oct 2013 20:13:21 GMT",
      "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3 | https://www.example.com",
      "640e ff | 307",
      "d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff | Mon, 21 Oct 2013 20:13:22 GMT",
      "9bd9 ab | gzip",
      "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106"
          + " 3d50 07 | foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"})
  void decodesTheRfcExamples(String hex, String text) throws H2Exception {
    byte[] coded = hex(hex);
    assertEquals(text, new String(Huffman.decode(coded, 0, coded.length), StandardCharsets.ISO_8859_1));
    assertArrayEquals(coded, encode(text.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void roundTripsEveryOctet() throws H2Exception {
    Random random = new Random(7541);
    for (int round = 0; round < 200; round++) {
      byte[] text = new byte[random.nextInt(300)];
      random.nextBytes(text);
      byte[] coded = encode(text);
      assertArrayEquals(text, Huffman.decode(coded, 0, coded.length));
    }
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    byte[] coded = encode(all);
    assertArrayEquals(all, Huffman.decode(coded, 0, coded.length));
  }

  @Test
  void decodesWithinAnOffset() throws H2Exception {
    byte[] framed = hex("00 6402 00");
    assertEquals("302", new String(Huffman.decode(framed, 1, 2), StandardCharsets.ISO_8859_1));
    assertEquals(0, Huffman.decode(framed, 0, 0).length);
  }

  @Test
  void refusesPaddingOfEightBitsOrMore() {
    // "302" then a whole extra byte of ones: 8 + 4 bits of padding
    byte[] coded = hex("6402 ff");
    H2Exception e = assertThrows(H2Exception.class, () -> Huffman.decode(coded, 0, coded.length));
    assertEquals(H2Exception.COMPRESSION_ERROR, e.code());
  }

  @Test
  void refusesPaddingThatIsNotAllOnes() {
    // 'a' = 00011, then padding 000 instead of 111
    byte[] coded = {(byte) 0b0001_1000};
    assertThrows(H2Exception.class, () -> Huffman.decode(coded, 0, 1));
    assertArrayEquals(new byte[] {'a'}, assertDoesNotThrow(new byte[] {(byte) 0b0001_1111}));
  }

  @Test
  void refusesEos() {
    // EOS is 30 ones; 32 ones hold it plus 2 bits of padding
    byte[] coded = hex("ffff ffff");
    H2Exception e = assertThrows(H2Exception.class, () -> Huffman.decode(coded, 0, coded.length));
    assertTrue(e.getMessage().contains("EOS"), e.getMessage());
  }

  private static byte[] assertDoesNotThrow(byte[] coded) {
    try {
      return Huffman.decode(coded, 0, coded.length);
    } catch (H2Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A plain encoder over the table (test only: the client sends no Huffman strings). */
  static byte[] encode(byte[] text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long bits = 0;
    int count = 0;
    for (byte b : text) {
      int sym = b & 0xff;
      bits = bits << Huffman.length(sym) | Huffman.CODES[sym];
      count += Huffman.length(sym);
      while (count >= 8) {
        out.write((int) (bits >>> (count - 8)));
        count -= 8;
      }
    }
    if (count > 0) {
      out.write((int) (bits << (8 - count) | (0xff >>> count)));
    }
    return out.toByteArray();
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }
}
