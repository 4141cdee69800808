package dev.gni.containerd.cri;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Passes encoded protobuf messages through gRPC as plain bytes, so the CRI client needs no generated
 * code: {@link ProtoWriter} and {@link ProtoReader} do the encoding.
 */
final class RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
  static final RawBytesMarshaller INSTANCE = new RawBytesMarshaller();

  private RawBytesMarshaller() {
  }

  @Override
  public InputStream stream(byte[] value) {
    return new ByteArrayInputStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try (stream) {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read gRPC message: " + e.getMessage(), e);
    }
  }
}
