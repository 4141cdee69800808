package dev.gni.chart;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json rejects bad values before anything renders, naming the value at fault. */
class ChartSchemaTest {

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(Map.of("restart", Map.of("mode", "reboot")), "restart.mode"),
        Arguments.of(Map.of("restart", Map.of("mode", "command")), "restart"),
        Arguments.of(Map.of("labelPrefix", "Gvisor_Dev/"), "labelPrefix"),
        Arguments.of(Map.of("runscFlags", Map.of("platform", "kvm,debug=true")), "runscFlags"),
        Arguments.of(Map.of("runscFlags", Map.of("--platform", "kvm")), "runscFlags"),
        Arguments.of(Map.of("runtimeName", "run sc"), "runtimeName"),
        Arguments.of(Map.of("runtimeClass", Map.of("name", "gVisor")), "runtimeClass.name"),
        Arguments.of(Map.of("logFormat", "xml"), "logFormat"),
        Arguments.of(Map.of("maxUnavailable", 0), "maxUnavailable"),
        Arguments.of(Map.of("containerdConfig", "etc/containerd/config.toml"), "containerdConfig"),
        Arguments.of(Map.of("installSelector", Map.of("optin", true)), "installSelector"),
        Arguments.of(Map.of("tolerations", List.of(Map.of("operator", "Exist"))), "tolerations"),
        Arguments.of(Map.of("resources", Map.of("installer", Map.of("limits", Map.of("memory", "lots")))),
            "resources.installer.limits.memory"),
        Arguments.of(Map.of("labelprefix", "typo.example.com"), "labelprefix"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void rejected_namingTheValue(Map<String, Object> values, String named) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chart.template(values));
    String message = e.getMessage();
    System.out.println("[schema] " + values + " -> " + message.strip().replace('\n', ' '));
    assertTrue(message.contains("values don't meet the specifications of the schema"), message);
    assertTrue(message.contains(named), () -> "should name " + named + ": " + message);
  }
}
