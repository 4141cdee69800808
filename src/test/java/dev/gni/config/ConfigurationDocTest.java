package dev.gni.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.exit.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md documents every option with its environment variable and default, and every exit
 * code: the tables between the GENERATED markers are rendered from {@link Option} and {@link ExitCode}
 * and must match. Run with -Dgni.updateDocs=true to rewrite them.
 */
class ConfigurationDocTest {
  static final Path DOC = Path.of("docs/configuration.md");
  static final String BEGIN = "<!-- GENERATED: options (ConfigurationDocTest) -->\n";
  static final String END = "<!-- END GENERATED -->\n";

  static String table() {
    StringBuilder sb = new StringBuilder("| flag | environment | default | what it does |\n|---|---|---|---|\n");
    for (Option o : Option.values()) {
      sb.append("| `").append(o.flag()).append(o.isBoolean() ? "" : " " + o.argName()).append("` | `")
          .append(o.env()).append("` | ").append(o.defaultText().isEmpty() ? "(none)" : "`" + o.defaultText() + "`")
          .append(" | ").append(o.help()).append(" |\n");
    }
    sb.append("\n| exit code | meaning |\n|---|---|\n");
    for (ExitCode c : ExitCode.values()) {
      sb.append("| ").append(c.code()).append(" | ").append(c.meaning()).append(" |\n");
    }
    return sb.toString();
  }

  @Test
  void everyOptionAndExitCodeIsDocumented() throws Exception {
    String doc = Files.readString(DOC);
    int b = doc.indexOf(BEGIN);
    int e = doc.indexOf(END);
    assertTrue(b >= 0 && e > b, "docs/configuration.md lacks the GENERATED markers");
    String updated = doc.substring(0, b + BEGIN.length()) + table() + doc.substring(e);
    if (Boolean.getBoolean("gni.updateDocs")) {
      Files.writeString(DOC, updated);
    }
    assertTrue(doc.equals(updated), "docs/configuration.md is out of date; run mvn test -Dtest=ConfigurationDocTest -Dgni.updateDocs=true");
  }
}
