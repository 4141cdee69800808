package dev.gni.containerd.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.MessageLite;
import dev.gni.containerd.cri.v1.Cri;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CRI client (Jetty's HTTP/2 client with our gRPC framing) against grpc-java (test scope only) as an
 * independent reference, on real containerd 1.6, 1.7 and 2.1: the same request gets the same reply message from
 * both (protobuf equality: maps compared as maps, since Go writes them in random order), for {@code Version} and
 * verbose {@code Status}, whose reply is made larger than two 64 KiB flow-control windows here. Then the
 * client's connection outlives a containerd restart: the call while containerd is down fails UNAVAILABLE, the
 * next one after it is back connects again by itself.
 */
@RequiresRealContainerd
class CriClientCrossCheckTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  /** How long containerd may take to serve CRI again after a restart on a busy machine (it costs nothing when fast). */
  private static final Duration BACK_WITHIN = Duration.ofSeconds(60);
  /**
   * Enough runtime handlers for the verbose Status reply (their config in info) to pass two 64 KiB windows:
   * about 270 bytes of JSON each on 1.6, 375 on 1.7, 400 on 2.1. Not more than needed on 2.1, which sets up CNI
   * for each handler at start (25 s for 600 on the loaded 2-core machine).
   */
  private static int extraHandlers(Series series) {
    return series == Series.V2_1 ? 400 : 600;
  }

  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(Series.class)
  void versionAndVerboseStatusAreWhatGrpcJavaGets(Series series) throws Exception {
    CriTestConfig handlers = CriTestConfig.forSeries(series).runtime("runsc", "io.containerd.runsc.v1");
    for (int i = 0; i < extraHandlers(series); i++) {
      handlers.runtime("extra-" + i, "io.containerd.runc.v2");
    }
    Path config = handlers.writeTo(tmp.resolve("config.toml"));
    try (RealContainerd containerd = RealContainerd.builder(ContainerdBinaries.of(series)).config(config).start();
         CriClient cri = CriClient.connect(containerd.socket())) {
      ManagedChannel reference = Grpc.newChannelBuilder("unix://" + containerd.socket(),
          InsecureChannelCredentials.create()).maxInboundMessageSize(16 << 20).build();
      try {
        Cri.VersionRequest versionRequest = CriMessages.versionRequest();
        Cri.VersionResponse ours = cri.call("Version", versionRequest, Cri.VersionResponse.parser(), DEADLINE);
        Cri.VersionResponse theirs = Cri.VersionResponse.parseFrom(grpcJava(reference, "Version", versionRequest));
        assertEquals(theirs, ours);
        RuntimeVersion version = cri.version(DEADLINE);
        assertEquals(CriMessages.version(theirs), version);

        Cri.StatusRequest statusRequest = Cri.StatusRequest.newBuilder().setVerbose(true).build();
        Cri.StatusResponse ourStatus = cri.call("Status", statusRequest, Cri.StatusResponse.parser(), DEADLINE);
        byte[] theirBytes = grpcJava(reference, "Status", statusRequest);
        System.out.println(series + ": " + version + "; verbose Status reply " + theirBytes.length + " bytes");
        assertEquals(Cri.StatusResponse.parseFrom(theirBytes), ourStatus);
        RuntimeStatus status = cri.status(DEADLINE);
        assertEquals(CriMessages.status(ourStatus), status);
        assertTrue(status.info().containsKey("config"), status.info().keySet()::toString);
        assertTrue(status.runtimeReady(), status::toString);
        assertTrue(theirBytes.length > 2 * 65_535, "verbose Status reply of " + theirBytes.length + " bytes");
        assertEquals(ourStatus.getSerializedSize(), theirBytes.length);
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
      // containerd 2.x serves gRPC before its CRI plugin has loaded (UNIMPLEMENTED meanwhile): wait for CRI itself
      new SocketWaiter(containerd.socket()).await(BACK_WITHIN);

      assertEquals(before, cri.version(DEADLINE).runtimeVersion());
      System.out.println(series + ": down: " + down.getMessage() + "; back as PID " + containerd.pid()
          + " (was " + firstPid + ")");
    }
  }

  private static byte[] grpcJava(ManagedChannel channel, String method, MessageLite request) {
    MethodDescriptor<byte[], byte[]> md = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("runtime.v1.RuntimeService/" + method)
        .setRequestMarshaller(RawBytes.MARSHALLER).setResponseMarshaller(RawBytes.MARSHALLER).build();
    return ClientCalls.blockingUnaryCall(channel, md,
        CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), request.toByteArray());
  }

}
