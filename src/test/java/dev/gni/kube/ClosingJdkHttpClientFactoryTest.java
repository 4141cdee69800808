package dev.gni.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Closing a client of {@link ClosingJdkHttpClientFactory} ends the JDK client's selector thread (on JDK 17, found
 * by its name; on 21 and later, closed). This fails if the JDK renames the thread or its client's toString, which
 * would bring back the 300 ms wait at every exit.
 */
class ClosingJdkHttpClientFactoryTest {
  @Test
  void closingTheClient_endsItsSelectorThread() throws Exception {
    ClosingJdkHttpClientFactory factory = new ClosingJdkHttpClientFactory();
    io.fabric8.kubernetes.client.http.HttpClient.Builder builder = factory.newBuilder();
    io.fabric8.kubernetes.client.http.HttpClient client = builder.build();
    List<HttpClient> built = factory.built();
    assertEquals(1, built.size());
    Thread selector = null;
    if (!(built.get(0) instanceof AutoCloseable)) {
      selector = ClosingJdkHttpClientFactory.selectorThread(built.get(0)).orElseThrow(
          () -> new AssertionError("no selector thread for " + built.get(0) + " (the JDK renamed it?)"));
      assertTrue(selector.isAlive());
    }

    client.close();

    assertEquals(List.of(), factory.built());
    if (selector != null) {
      selector.join(60_000);
      assertFalse(selector.isAlive(), "the selector thread ended");
    }
  }
}
