package dev.gni.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The installer's own version, from the build ({@code gni-version.properties}): --version, the node annotation. */
public final class Version {
  private Version() {
  }

  public static String installer() {
    try (InputStream in = Version.class.getResourceAsStream("/gni-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
