package dev.gni.containerd.cri.transport;

import java.util.Arrays;

/**
 * The HPACK Huffman code (RFC 7541 section 5.2 and Appendix B), decoding only. The code of Appendix B is
 * canonical: within one length, codes rise with the symbol, and each length continues where the shorter one
 * ended. So the table below holds just the code length of each symbol (0-255, then EOS = 256), and the
 * codes follow from it; the test checks every one of them against the RFC's table.
 */
final class Huffman {
  static final int EOS = 256;
  private static final int MAX_LENGTH = 30;

  /** Code lengths in bits from RFC 7541 Appendix B, 16 symbols a row; the last entry is EOS. */
  private static final byte[] LENGTHS = {
      13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, //   0- 15
      28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, //  16- 31
      6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, //          32- 47  ' ' .. '/'
      5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, //                48- 63  '0' .. '?'
      13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, //                  64- 79  '@' .. 'O'
      7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, //               80- 95  'P' .. '_'
      15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, //                  96-111  '`' .. 'o'
      6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, //             112-127  'p' .. DEL
      20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, // 128-143
      24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, // 144-159
      22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, // 160-175
      21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, // 176-191
      26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, // 192-207
      19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, // 208-223
      20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, // 224-239
      26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, // 240-255
      30}; //                                                              EOS

  /** How many codes have each length. */
  private static final int[] COUNT = new int[MAX_LENGTH + 1];
  /** The symbols ordered by (code length, symbol): the order of their codes. */
  private static final short[] SYMBOLS = new short[LENGTHS.length];
  /** The code of each symbol, right-aligned (as the RFC's "hex" column). */
  static final int[] CODES = new int[LENGTHS.length];

  static {
    for (byte length : LENGTHS) {
      COUNT[length]++;
    }
    int[] next = new int[MAX_LENGTH + 2];
    int code = 0;
    for (int length = 1; length <= MAX_LENGTH; length++) {
      next[length + 1] = next[length] + COUNT[length];
    }
    int[] firstCode = new int[MAX_LENGTH + 1];
    for (int length = 1; length <= MAX_LENGTH; length++) {
      code = (code + COUNT[length - 1]) << 1;
      firstCode[length] = code;
    }
    for (int sym = 0; sym < LENGTHS.length; sym++) {
      int length = LENGTHS[sym];
      SYMBOLS[next[length]++] = (short) sym;
      CODES[sym] = firstCode[length]++;
    }
  }

  private Huffman() {
  }

  static int length(int symbol) {
    return LENGTHS[symbol];
  }

  /**
   * Decodes {@code length} bytes of {@code src} from {@code offset}. The end must be padded with fewer than 8
   * bits, all ones (the start of EOS); EOS itself must not appear (RFC 7541 section 5.2).
   */
  static byte[] decode(byte[] src, int offset, int length) throws H2Exception {
    byte[] out = new byte[length * 8 / 5 + 1]; // the shortest code has 5 bits
    int n = 0;
    int code = 0;
    int first = 0;
    int index = 0;
    int bits = 0;
    boolean ones = true;
    for (int i = offset; i < offset + length; i++) {
      int b = src[i];
      for (int shift = 7; shift >= 0; shift--) {
        int bit = (b >>> shift) & 1;
        code |= bit;
        bits++;
        ones &= bit == 1;
        int count = COUNT[bits];
        if (code - first < count) {
          int symbol = SYMBOLS[index + code - first];
          if (symbol == EOS) {
            throw new H2Exception(H2Exception.COMPRESSION_ERROR, "Huffman string contains EOS");
          }
          out[n++] = (byte) symbol;
          code = 0;
          first = 0;
          index = 0;
          bits = 0;
          ones = true;
        } else if (bits == MAX_LENGTH) {
          throw new H2Exception(H2Exception.COMPRESSION_ERROR, "Huffman string has an invalid code");
        } else {
          index += count;
          first = (first + count) << 1;
          code <<= 1;
        }
      }
    }
    if (bits > 7 || !ones) {
      throw new H2Exception(H2Exception.COMPRESSION_ERROR, "Huffman string has invalid padding");
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
