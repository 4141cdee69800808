package dev.gni.build;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** Downloads one URL to a file; any HTTP status but 200, or a cut-off body, is a failure. */
public final class HttpDownload {
  private final HttpClient client;
  private final Duration timeout;

  public HttpDownload(Duration timeout) {
    this.client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30))
        .build();
    this.timeout = timeout;
  }

  public void get(URI url, Path target) {
    Path part = target.resolveSibling(target.getFileName() + ".part");
    try {
      Files.createDirectories(target.getParent());
      HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
      HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(part));
      if (response.statusCode() != 200) {
        throw new BuildException("GET " + url + ": HTTP " + response.statusCode());
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BuildException("GET " + url + ": download failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildException("GET " + url + ": interrupted", e);
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // best effort: the .part file is in the build directory
      }
    }
  }
}
