package dev.gni.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * BENCHMARK SUPPORT (bench/ready.sh), not a test: the floor under {@link ApiFloorMain} without fabric8 and without a
 * JSON library. The same JSON merge patch of the node, sent by the JDK's own HTTP client over the JDK's TLS, with
 * the bearer token of the benchmark's kubeconfig. Like that kubeconfig ({@code insecure-skip-tls-verify}, the mock
 * API's self-signed certificate), it does not verify the server. It shows what a hand-written API client could
 * save at most: the cost of a cold JVM's first TLS request, which no client library avoids.
 *
 * <p>Usage: {@code JdkHttpFloorMain KUBECONFIG NODE}, for the benchmark's own kubeconfig (the mock's server and
 * token lines). It reads those two lines itself: fabric8's {@code Config} would load fabric8, Jackson and SnakeYAML,
 * the classes this floor leaves out. Exit 0 when the API server accepted the patch.
 */
public final class JdkHttpFloorMain {
  private JdkHttpFloorMain() {}

  public static void main(String[] args) throws Exception {
    String server = null;
    String token = null;
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String l = line.trim();
      if (l.startsWith("server:")) {
        server = l.substring("server:".length()).trim().replaceAll("/$", "");
      } else if (l.startsWith("token:")) {
        token = l.substring("token:".length()).trim();
      }
    }
    if (server == null || token == null) {
      System.err.println("jdk-http-floor: no server or token line in " + args[0]);
      System.exit(2);
    }
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new TrustAll()}, null);
    HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
    HttpRequest patch = HttpRequest.newBuilder(URI.create(server + "/api/v1/nodes/" + args[1]))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(
            "{\"metadata\":{\"labels\":{\"gvisor.dev/runsc\":\"ready\"}}}"))
        .build();
    int status = client.send(patch, HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status / 100 != 2) {
      System.err.println("jdk-http-floor: PATCH returned HTTP " + status);
    }
    // halt, not exit: JDK 17's HttpClient has no close, and exit waits for its selector thread (ClosingJdkHttpClientFactory)
    Runtime.getRuntime().halt(status / 100 == 2 ? 0 : 1);
  }

  /** Trusts every server, as the benchmark's kubeconfig (insecure-skip-tls-verify) tells fabric8 to. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // not a client certificate check: never called for a client
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // the mock API's self-signed certificate, as insecure-skip-tls-verify accepts it
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
