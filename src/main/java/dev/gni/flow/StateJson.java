package dev.gni.flow;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;

/**
 * {@link InstallState} to and from {@code state.json} with jackson-databind: the record as it is, pretty-printed,
 * one field per record component in declaration order. Unknown fields are skipped, so a newer installer's state
 * still reads; a value of the wrong type (a number where a string belongs) is an error, not coerced.
 */
final class StateJson {
  private static final ObjectMapper MAPPER = mapper();

  private StateJson() {
  }

  private static ObjectMapper mapper() {
    JsonMapper m = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
    m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return m;
  }

  static byte[] write(InstallState s) throws IOException {
    return MAPPER.writeValueAsBytes(s);
  }

  static InstallState read(byte[] json) throws IOException {
    return MAPPER.readValue(json, InstallState.class);
  }
}
