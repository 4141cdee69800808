package dev.gni.containerd.cri.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HPACK decoder (RFC 7541) for one HTTP/2 connection: the static table (Appendix A), the dynamic table with
 * size updates and eviction (sections 4 and 6.3), integer (5.1) and string literals (5.2, with
 * {@link Huffman}), and all field representations of section 6. Every header block received on the
 * connection must pass through it, in order, so the dynamic table stays in step with the server's encoder.
 * Names and values are decoded as ISO-8859-1, one char per octet, so sizes in chars are sizes in octets.
 */
final class HpackDecoder {
  private static final String[] STATIC_TABLE = {
      ":authority", "", ":method", "GET", ":method", "POST", ":path", "/", ":path", "/index.html",
      ":scheme", "http", ":scheme", "https", ":status", "200", ":status", "204", ":status", "206",
      ":status", "304", ":status", "400", ":status", "404", ":status", "500", "accept-charset", "",
      "accept-encoding", "gzip, deflate", "accept-language", "", "accept-ranges", "", "accept", "",
      "access-control-allow-origin", "", "age", "", "allow", "", "authorization", "", "cache-control", "",
      "content-disposition", "", "content-encoding", "", "content-language", "", "content-length", "",
      "content-location", "", "content-range", "", "content-type", "", "cookie", "", "date", "", "etag", "",
      "expect", "", "expires", "", "from", "", "host", "", "if-match", "", "if-modified-since", "",
      "if-none-match", "", "if-range", "", "if-unmodified-since", "", "last-modified", "", "link", "",
      "location", "", "max-forwards", "", "proxy-authenticate", "", "proxy-authorization", "", "range", "",
      "referer", "", "refresh", "", "retry-after", "", "server", "", "set-cookie", "",
      "strict-transport-security", "", "transfer-encoding", "", "user-agent", "", "vary", "", "via", "",
      "www-authenticate", ""};
  static final int STATIC_ENTRIES = STATIC_TABLE.length / 2;
  /** RFC 7541 section 4.1: each entry costs its name and value octets plus 32. */
  private static final int ENTRY_OVERHEAD = 32;

  /** The most the server may set the table to: our SETTINGS_HEADER_TABLE_SIZE (section 4.2). */
  private final int tableSizeLimit;
  private final int maxHeaderListSize;
  /** Dynamic table, newest entry first: name, value, name, value, ... */
  private final ArrayList<String> table = new ArrayList<>();
  private int tableSize;
  private int maxTableSize;

  private byte[] buf;
  private int pos;
  private int end;

  HpackDecoder(int tableSizeLimit, int maxHeaderListSize) {
    this.tableSizeLimit = tableSizeLimit;
    this.maxHeaderListSize = maxHeaderListSize;
    this.maxTableSize = tableSizeLimit;
  }

  /** Decodes one complete header block; @return its fields as name, value, name, value, ... */
  List<String> decode(byte[] block, int offset, int length) throws H2Exception {
    buf = block;
    pos = offset;
    end = offset + length;
    List<String> fields = new ArrayList<>();
    long listSize = 0;
    try {
      while (pos < end) {
        int b = buf[pos] & 0xff;
        String name;
        String value;
        if (b >= 0x80) { // 6.1 indexed header field
          int index = integer(7);
          name = entry(index, 0);
          value = entry(index, 1);
        } else if (b >= 0x40) { // 6.2.1 literal with incremental indexing
          name = literalName(6);
          value = string();
          add(name, value);
        } else if (b >= 0x20) { // 6.3 dynamic table size update: only before the first field (4.2)
          if (!fields.isEmpty()) {
            throw error("dynamic table size update after a header field");
          }
          int size = integer(5);
          if (size > tableSizeLimit) {
            throw error("dynamic table size update to " + size + " exceeds the limit of " + tableSizeLimit);
          }
          maxTableSize = size;
          evictTo(size);
          continue;
        } else { // 6.2.2 without indexing (0000) and 6.2.3 never indexed (0001)
          name = literalName(4);
          value = string();
        }
        listSize += name.length() + value.length() + ENTRY_OVERHEAD;
        if (listSize > maxHeaderListSize) {
          throw new H2Exception(H2Exception.ENHANCE_YOUR_CALM,
              "header list larger than " + maxHeaderListSize + " bytes");
        }
        fields.add(name);
        fields.add(value);
      }
      return fields;
    } finally {
      buf = null;
    }
  }

  /** RFC 7541 section 5.1: an integer with an N-bit prefix, at most 2^31 - 1. */
  private int integer(int prefixBits) throws H2Exception {
    int mask = (1 << prefixBits) - 1;
    int value = buf[pos++] & mask;
    if (value < mask) {
      return value;
    }
    long total = value;
    for (int shift = 0; ; shift += 7) {
      if (pos >= end) {
        throw error("integer runs past the end of the header block");
      }
      int b = buf[pos++] & 0xff;
      total += (long) (b & 0x7f) << shift;
      if (total > Integer.MAX_VALUE) {
        throw error("integer larger than 2^31 - 1");
      }
      if ((b & 0x80) == 0) {
        return (int) total;
      }
      if (shift >= 28) {
        throw error("integer larger than 2^31 - 1");
      }
    }
  }

  /** RFC 7541 section 5.2: a string literal, plain or Huffman coded. */
  private String string() throws H2Exception {
    if (pos >= end) {
      throw error("string literal missing at the end of the header block");
    }
    boolean huffman = (buf[pos] & 0x80) != 0;
    int length = integer(7);
    if (length > end - pos) {
      throw error("string literal of " + length + " bytes runs past the end of the header block");
    }
    String s;
    if (huffman) {
      byte[] decoded = Huffman.decode(buf, pos, length);
      s = new String(decoded, StandardCharsets.ISO_8859_1);
    } else {
      s = new String(buf, pos, length, StandardCharsets.ISO_8859_1);
    }
    pos += length;
    return s;
  }

  private String literalName(int prefixBits) throws H2Exception {
    int index = integer(prefixBits);
    return index == 0 ? string() : entry(index, 0);
  }

  /** @param part 0 for the name, 1 for the value */
  private String entry(int index, int part) throws H2Exception {
    if (index >= 1 && index <= STATIC_ENTRIES) {
      return STATIC_TABLE[2 * (index - 1) + part];
    }
    int dynamic = index - STATIC_ENTRIES - 1;
    if (index == 0 || dynamic >= table.size() / 2) {
      throw error("header table index " + index + " out of range (static 1-" + STATIC_ENTRIES + ", dynamic "
          + table.size() / 2 + " entries)");
    }
    return table.get(2 * dynamic + part);
  }

  /** RFC 7541 section 4.4: evict from the end until the new entry fits; one larger than the table empties it. */
  private void add(String name, String value) {
    int size = name.length() + value.length() + ENTRY_OVERHEAD;
    if (size > maxTableSize) {
      evictTo(0);
      return;
    }
    evictTo(maxTableSize - size);
    table.add(0, value);
    table.add(0, name);
    tableSize += size;
  }

  private void evictTo(int size) {
    while (tableSize > size) {
      String value = table.remove(table.size() - 1);
      String name = table.remove(table.size() - 1);
      tableSize -= name.length() + value.length() + ENTRY_OVERHEAD;
    }
  }

  /** The dynamic table's size in the sense of RFC 7541 section 4.1. */
  int tableSize() {
    return tableSize;
  }

  /** The dynamic table's current maximum size, as the last size update set it. */
  int maxTableSize() {
    return maxTableSize;
  }

  /** A copy of the dynamic table, newest first: name, value, name, value, ... */
  List<String> table() {
    return List.copyOf(table);
  }

  private static H2Exception error(String message) {
    return new H2Exception(H2Exception.COMPRESSION_ERROR, "HPACK: " + message);
  }
}
