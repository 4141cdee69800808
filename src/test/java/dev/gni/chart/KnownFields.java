package dev.gni.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the API server's schema check (there is none on the build machine): each object is read
 * into fabric8's typed model, whose classes keep any field they do not know in additionalProperties. A
 * non-empty additionalProperties anywhere is a misspelt or misplaced field.
 */
final class KnownFields {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private KnownFields() {
  }

  static List<String> unknown(JsonNode object) {
    HasMetadata typed = SERIALIZATION.unmarshal(object.toString());
    List<String> out = new ArrayList<>();
    walk(typed, typed.getKind() + "/" + typed.getMetadata().getName(), out);
    return out;
  }

  private static void walk(Object o, String path, List<String> out) {
    if (o == null || !o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(o);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      String child = path + "." + m.getName().substring(3);
      if (m.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
        if (!extra.isEmpty()) {
          out.add(path + ": unknown " + extra.keySet());
        }
      } else if (value instanceof Collection<?> items) {
        int i = 0;
        for (Object item : items) {
          walk(item, child + "[" + i++ + "]", out);
        }
      } else if (value instanceof Map<?, ?> map) {
        map.forEach((k, v) -> walk(v, child + "[" + k + "]", out));
      } else {
        walk(value, child, out);
      }
    }
  }
}
