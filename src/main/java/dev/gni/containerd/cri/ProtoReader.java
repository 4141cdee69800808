package dev.gni.containerd.cri;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads one protobuf message (the binary wire format) field by field:
 * {@code while (r.next()) { switch (r.field()) { case 1 -> a = r.string(); default -> r.skip(); } }}.
 * Fields the caller does not ask for are skipped, whatever their wire type, so newer runtimes that send
 * more fields still decode. A malformed message throws {@link CriException} ("malformed CRI reply: ...").
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int START_GROUP = 3;
  static final int END_GROUP = 4;
  static final int FIXED32 = 5;

  private final byte[] buf;
  private int pos;
  private final int end;
  private int tag;

  ProtoReader(byte[] message) {
    this(message, 0, message.length);
  }

  private ProtoReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  /** Moves to the next field. @return false at the end of the message */
  boolean next() {
    if (pos >= end) {
      return false;
    }
    long t = rawVarint();
    if (t >>> 3 == 0 || t > 0xffff_ffffL) {
      throw malformed("invalid tag " + t);
    }
    tag = (int) t;
    return true;
  }

  /** The current field's number. */
  int field() {
    return tag >>> 3;
  }

  private int wireType() {
    return tag & 7;
  }

  String string() {
    int length = length();
    try {
      String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(buf, pos, length)).toString();
      pos += length;
      return s;
    } catch (CharacterCodingException e) {
      throw malformed("field " + field() + " is not valid UTF-8");
    }
  }

  boolean bool() {
    return varint64() != 0;
  }

  /** An int32, uint32 or enum field (a varint cut to 32 bits). */
  int varint() {
    return (int) varint64();
  }

  long int64() {
    return varint64();
  }

  /** A nested message, read in place. */
  ProtoReader nested() {
    int length = length();
    ProtoReader r = new ProtoReader(buf, pos, length);
    pos += length;
    return r;
  }

  /** Reads one {@code map<string, string>} entry (key = 1, value = 2) into {@code into}. */
  void mapEntry(Map<String, String> into) {
    ProtoReader entry = nested();
    String key = "";
    String value = "";
    while (entry.next()) {
      switch (entry.field()) {
        case 1 -> key = entry.string();
        case 2 -> value = entry.string();
        default -> entry.skip();
      }
    }
    into.put(key, value);
  }

  /** Skips the current field, whatever its wire type (groups included). */
  void skip() {
    switch (wireType()) {
      case VARINT -> rawVarint();
      case FIXED64 -> advance(8);
      case LEN -> advance(length());
      case START_GROUP -> skipGroup(field());
      case FIXED32 -> advance(4);
      case END_GROUP -> throw malformed("end of group " + field() + " without its start");
      default -> throw malformed("field " + field() + " has invalid wire type " + wireType());
    }
  }

  private void skipGroup(int number) {
    while (true) {
      if (!next()) {
        throw malformed("group " + number + " without its end");
      }
      if (wireType() == END_GROUP) {
        if (field() != number) {
          throw malformed("group " + number + " ended by the end of group " + field());
        }
        return;
      }
      skip();
    }
  }

  private long varint64() {
    expect(VARINT);
    return rawVarint();
  }

  private int length() {
    expect(LEN);
    long length = rawVarint();
    if (length < 0 || length > end - pos) {
      throw malformed("field " + field() + " claims " + length + " bytes, " + (end - pos) + " are left");
    }
    return (int) length;
  }

  private void expect(int wireType) {
    if (wireType() != wireType) {
      throw malformed("field " + field() + " has wire type " + wireType() + ", expected " + wireType);
    }
  }

  private void advance(int n) {
    if (n > end - pos) {
      throw malformed("field " + field() + " runs past the end of the message");
    }
    pos += n;
  }

  /** A base-128 varint of at most 10 bytes. */
  private long rawVarint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw malformed("varint runs past the end of the message");
      }
      int b = buf[pos++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw malformed("varint longer than 10 bytes");
  }

  private static CriException malformed(String why) {
    return new CriException("malformed CRI reply: " + why);
  }
}
