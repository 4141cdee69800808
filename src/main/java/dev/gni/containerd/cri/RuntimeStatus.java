package dev.gni.containerd.cri;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CRI {@code StatusResponse} (verbose): the runtime's conditions, its {@code info} map (values are JSON
 * text) and the handler names it announces in {@code runtime_handlers} (empty on runtimes that predate it).
 */
public record RuntimeStatus(List<RuntimeCondition> conditions, Map<String, String> info, List<String> handlerNames) {
  public Optional<RuntimeCondition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  public boolean runtimeReady() {
    return condition(RuntimeCondition.RUNTIME_READY).map(RuntimeCondition::status).orElse(false);
  }
}
