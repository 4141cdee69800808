package dev.gni.containerd.cri;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Map;

/**
 * Reads one protobuf message field by field. Fields the caller does not ask for are skipped, so newer
 * runtimes that send more fields still decode.
 */
final class ProtoReader {
  /** Called once per field present on the wire; unhandled fields must be skipped with {@link #skip()}. */
  interface FieldHandler {
    void field(int number, ProtoReader reader) throws IOException;
  }

  private final CodedInputStream in;
  private int tag;

  private ProtoReader(CodedInputStream in) {
    this.in = in;
  }

  static void read(byte[] message, FieldHandler handler) {
    ProtoReader r = new ProtoReader(CodedInputStream.newInstance(message));
    try {
      while ((r.tag = r.in.readTag()) != 0) {
        handler.field(WireFormat.getTagFieldNumber(r.tag), r);
      }
    } catch (InvalidProtocolBufferException e) {
      throw new CriException("malformed CRI reply: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new CriException("cannot decode CRI reply: " + e.getMessage(), e);
    }
  }

  String string() throws IOException {
    return in.readStringRequireUtf8();
  }

  boolean bool() throws IOException {
    return in.readBool();
  }

  int varint() throws IOException {
    return in.readEnum();
  }

  long int64() throws IOException {
    return in.readInt64();
  }

  byte[] message() throws IOException {
    return in.readByteArray();
  }

  /** Reads one {@code map<string, string>} entry into {@code into}. */
  void mapEntry(Map<String, String> into) throws IOException {
    String[] kv = {"", ""};
    read(message(), (n, r) -> {
      switch (n) {
        case 1 -> kv[0] = r.string();
        case 2 -> kv[1] = r.string();
        default -> r.skip();
      }
    });
    into.put(kv[0], kv[1]);
  }

  void skip() throws IOException {
    in.skipField(tag);
  }
}
