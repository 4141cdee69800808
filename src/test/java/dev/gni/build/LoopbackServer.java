package dev.gni.build;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP server on 127.0.0.1 that serves fixed bodies by path; 404 for anything else. */
final class LoopbackServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
  private final Map<String, Integer> cutAt = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  LoopbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/releases/";
  }

  void serve(String path, byte[] body) {
    bodies.put(path, body);
  }

  /** Announces the full length but closes the connection after {@code bytes} bytes. */
  void cutOff(String path, int bytes) {
    cutAt.put(path, bytes);
  }

  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String path = ex.getRequestURI().getPath();
    byte[] body = bodies.get(path);
    try (ex) {
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      ex.sendResponseHeaders(200, body.length);
      OutputStream out = ex.getResponseBody();
      Integer cut = cutAt.get(path);
      out.write(body, 0, cut == null ? body.length : cut);
      out.flush();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
