package dev.gni.kube;

import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * fabric8's JDK HTTP client factory, whose clients also stop their JDK {@link HttpClient} when closed.
 *
 * <p>Why: JDK 17's {@code HttpClient} has no close; its selector thread stays in {@code epoll_wait}, in native
 * code, until the client is garbage collected. At {@code System.exit} the JVM waits up to 300 ms for threads in
 * native code to block (HotSpot's {@code VM_Exit::wait_for_threads_in_native_to_block}), so every labelled run
 * ended 300 ms after its work: measured on the no-op re-run, exit took 0.33 s of 1.70 s, and 0.03 s with the
 * selector stopped (docs/performance.md). JDK 21's client is {@link AutoCloseable} and is closed; on JDK 17 its
 * selector thread ({@code HttpClient-<id>-SelectorManager}, the id from the client's {@code toString}) is
 * interrupted, which ends its loop. {@code ClosingJdkHttpClientFactoryTest} fails if the JDK renames either.
 */
final class ClosingJdkHttpClientFactory extends JdkHttpClientFactory {
  private static final Pattern ID = Pattern.compile("\\((\\d+)\\)$");
  private final List<HttpClient> built = new CopyOnWriteArrayList<>();

  @Override
  protected HttpClient.Builder createNewHttpClientBuilder() {
    return new Recording(super.createNewHttpClientBuilder());
  }

  @Override
  protected void closeHttpClient(JdkHttpClientImpl client) {
    super.closeHttpClient(client);
    built.forEach(ClosingJdkHttpClientFactory::stop);
    built.clear();
  }

  /** The JDK clients this factory built and has not stopped yet. */
  List<HttpClient> built() {
    return List.copyOf(built);
  }

  static void stop(HttpClient client) {
    if (client instanceof AutoCloseable c) { // JDK 21 and later
      try {
        c.close();
      } catch (Exception e) {
        // best effort at the end of a run
      }
      return;
    }
    selectorThread(client).ifPresent(Thread::interrupt);
  }

  /** JDK 17: the client's selector thread, by the name HttpClientImpl gives it. */
  static java.util.Optional<Thread> selectorThread(HttpClient client) {
    Matcher m = ID.matcher(client.toString());
    if (!m.find()) {
      return java.util.Optional.empty();
    }
    String name = "HttpClient-" + m.group(1) + "-SelectorManager";
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
  }

  /** Delegates every setting; remembers what it builds. */
  private final class Recording implements HttpClient.Builder {
    private final HttpClient.Builder b;

    Recording(HttpClient.Builder b) {
      this.b = b;
    }

    @Override
    public HttpClient build() {
      HttpClient c = b.build();
      built.add(c);
      return c;
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler h) {
      b.cookieHandler(h);
      return this;
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration d) {
      b.connectTimeout(d);
      return this;
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext c) {
      b.sslContext(c);
      return this;
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters p) {
      b.sslParameters(p);
      return this;
    }

    @Override
    public HttpClient.Builder executor(Executor e) {
      b.executor(e);
      return this;
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect r) {
      b.followRedirects(r);
      return this;
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version v) {
      b.version(v);
      return this;
    }

    @Override
    public HttpClient.Builder priority(int p) {
      b.priority(p);
      return this;
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector s) {
      b.proxy(s);
      return this;
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator a) {
      b.authenticator(a);
      return this;
    }
  }
}
