package dev.gni.chart;

import java.util.List;
import java.util.Map;

/** The value sets the chart is rendered and linted with, besides the defaults. */
enum ValueSets {
  DEFAULTS(Map.of()),
  STAGED_SELECTOR(Map.of(
      "installSelector", Map.of("matchLabels", Map.of("eks.amazonaws.com/nodegroup", "sandbox-pool")),
      "tolerations", List.of(Map.of("key", "sandbox", "operator", "Equal", "value", "true", "effect", "NoSchedule")),
      "maxUnavailable", "10%")),
  CUSTOM_LABEL_PREFIX(Map.of("labelPrefix", "sandbox.example.com")),
  NO_RUNTIME_CLASS(Map.of("runtimeClass", Map.of("create", false))),
  RUNSC_FLAGS(Map.of(
      "runscFlags", Map.of("platform", "kvm", "debug", false, "watchdog-action", "panic"),
      "runtimeClass", Map.of("overhead", Map.of("podFixed", Map.of("memory", "64Mi", "cpu", "100m"))))),
  K3S(Map.of(
      "restart", Map.of("mode", "command", "command", "/usr/bin/systemctl restart k3s-agent"),
      "containerdConfig", "/var/lib/rancher/k3s/agent/etc/containerd/config.toml.tmpl",
      "runtimeName", "gvisor",
      "logFormat", "text")),
  UNINSTALL(Map.of("uninstall", Map.of("enabled", true))),
  TAINT_MODE(Map.of("readiness", Map.of("mode", "taint"), "uninstall", Map.of("enabled", true),
      "runtimeClass", Map.of("tolerations", List.of(Map.of("key", "sandbox", "operator", "Exists"))))),
  KEEPALIVE_PAUSE(Map.of("keepAlive", "pause")),
  PLAIN_MANIFESTS(Map.of("namespace", Map.of("create", true)));

  final Map<String, Object> values;

  ValueSets(Map<String, Object> values) {
    this.values = values;
  }

  String labelPrefix() {
    return (String) Chart.merge(Chart.defaults(), values).get("labelPrefix");
  }
}
