package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import dev.gni.testsupport.ContainerdBinaries;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.CriTestConfig;
import dev.gni.testsupport.RawBytes;
import dev.gni.testsupport.RealContainerd;
import dev.gni.testsupport.RequiresRealContainerd;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hand-written CRI transport against grpc-java (test scope only) as an independent reference, on real
 * containerd 1.6, 1.7 and 2.1: the same request bytes get the same reply from both, field for field (map
 * entries and repeated fields compared in any order: Go writes maps in random order), for {@code Version}
 * and verbose {@code Status}, whose reply is made larger than two 64 KiB flow-control windows here. Then the
 * client's connection outlives a containerd restart: the call while containerd is down fails UNAVAILABLE,
 * the next one after it is back connects again by itself.
 */
@RequiresRealContainerd
class CriClientCrossCheckTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  /** Enough runtime handlers for the verbose Status reply (their config in info) to pass the 64 KiB window. */
  private static final int EXTRA_HANDLERS = 600;

  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(Series.class)
  void versionAndVerboseStatusAreWhatGrpcJavaGets(Series series) throws Exception {
    CriTestConfig handlers = CriTestConfig.forSeries(series).runtime("runsc", "io.containerd.runsc.v1");
    for (int i = 0; i < EXTRA_HANDLERS; i++) {
      handlers.runtime("extra-" + i, "io.containerd.runc.v2");
    }
    Path config = handlers.writeTo(tmp.resolve("config.toml"));
    try (RealContainerd containerd = RealContainerd.builder(ContainerdBinaries.of(series)).config(config).start();
         CriClient cri = CriClient.connect(containerd.socket())) {
      ManagedChannel reference = Grpc.newChannelBuilder("unix://" + containerd.socket(),
          InsecureChannelCredentials.create()).build();
      try {
        byte[] versionRequest = RuntimeMessages.versionRequest();
        byte[] ours = cri.call("Version", versionRequest, DEADLINE);
        byte[] theirs = grpcJava(reference, "Version", versionRequest);
        assertEquals(fields(theirs), fields(ours));
        RuntimeVersion version = cri.version(DEADLINE);
        assertEquals(RuntimeMessages.versionResponse(theirs), version);

        byte[] statusRequest = RuntimeMessages.statusRequest(true);
        ours = cri.call("Status", statusRequest, DEADLINE);
        theirs = grpcJava(reference, "Status", statusRequest);
        System.out.println(series + ": " + version + "; verbose Status reply "
            + ours.length + " bytes");
        assertEquals(fields(theirs), fields(ours));
        RuntimeStatus status = RuntimeMessages.statusResponse(ours);
        assertEquals(RuntimeMessages.statusResponse(theirs), status);
        assertTrue(status.info().containsKey("config"), status.info().keySet()::toString);
        assertTrue(status.runtimeReady(), status::toString);
        assertTrue(ours.length > 2 * 65_535, "verbose Status reply of " + ours.length + " bytes");
      } finally {
        reference.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Series.class)
  void connectsAgainAfterContainerdRestarted(Series series) {
    Path config = CriTestConfig.forSeries(series).writeTo(tmp.resolve("config.toml"));
    try (RealContainerd containerd = RealContainerd.builder(ContainerdBinaries.of(series)).config(config).start();
         CriClient cri = CriClient.connect(containerd.socket())) {
      String before = cri.version(DEADLINE).runtimeVersion();
      assertEquals(before, cri.version(DEADLINE).runtimeVersion()); // same connection
      long firstPid = containerd.pid();

      containerd.stop();
      CriException down = assertThrows(CriException.class, () -> cri.version(Duration.ofSeconds(2)));
      assertTrue(down.getMessage().startsWith("CRI Version on " + containerd.socket() + " failed: UNAVAILABLE: "),
          down.getMessage());
      containerd.start();

      assertEquals(before, cri.version(DEADLINE).runtimeVersion());
      System.out.println(series + ": down: " + down.getMessage() + "; back as PID " + containerd.pid()
          + " (was " + firstPid + ")");
    }
  }

  /** The reply's top-level fields, each as the hex of its bytes on the wire, sorted. */
  private static List<String> fields(byte[] message) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(message);
    List<String> fields = new ArrayList<>();
    while (!in.isAtEnd()) {
      int start = in.getTotalBytesRead();
      in.skipField(in.readTag());
      fields.add(HexFormat.of().formatHex(message, start, in.getTotalBytesRead()));
    }
    fields.sort(null);
    return fields;
  }

  private static byte[] grpcJava(ManagedChannel channel, String method, byte[] request) {
    MethodDescriptor<byte[], byte[]> md = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("runtime.v1.RuntimeService/" + method)
        .setRequestMarshaller(RawBytes.MARSHALLER).setResponseMarshaller(RawBytes.MARSHALLER).build();
    return ClientCalls.blockingUnaryCall(channel, md,
        CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), request);
  }

}
