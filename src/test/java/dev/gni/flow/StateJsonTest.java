package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gni.containerd.config.UndoStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateJsonTest {
  private static final InstallState STATE = new InstallState("6010b969a0caaa4b", "/etc/containerd/config.toml",
      "in-place", false, List.of(UndoStep.insert("\n[a.\"b\".c]\nx = \"y\"\n", List.of(List.of("a", "b", "c"))),
      UndoStep.replace(List.of("plugins", "p", "default_runtime_name"), "\"runc\"", "\"runsc\"")),
      "/etc/containerd/runsc.toml", "runsc", "07decaab");

  /** The document every installer so far wrote (databind, then jackson-core streaming, now databind again). */
  private static final String DATABIND_WRITTEN = """
      {
        "releaseId" : "6010b969a0caaa4b",
        "configPath" : "/etc/containerd/config.toml",
        "strategy" : "in-place",
        "configCreated" : false,
        "configUndo" : [ {
          "kind" : "INSERT",
          "text" : "\\n[a.\\"b\\".c]\\nx = \\"y\\"\\n",
          "paths" : [ [ "a", "b", "c" ] ],
          "before" : null,
          "after" : null
        }, {
          "kind" : "REPLACE",
          "text" : null,
          "paths" : [ [ "plugins", "p", "default_runtime_name" ] ],
          "before" : "\\"runc\\"",
          "after" : "\\"runsc\\""
        } ],
        "shimConfigPath" : "/etc/containerd/runsc.toml",
        "runtimeName" : "runsc",
        "configSha256" : "07decaab"
      }""";

  @Test
  void writesTheDocumentEarlierInstallersWrote_andReadsItBack() throws IOException {
    byte[] written = StateJson.write(STATE);
    assertEquals(DATABIND_WRITTEN.replace("\n", System.lineSeparator()), new String(written, StandardCharsets.UTF_8));
    assertEquals(STATE, StateJson.read(written));
    assertEquals(STATE, StateJson.read(DATABIND_WRITTEN.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void unknownFieldsOfANewerInstaller_areSkipped() throws IOException {
    String newer = DATABIND_WRITTEN.replace("\"strategy\" : \"in-place\",",
        "\"strategy\" : \"in-place\", \"future\" : {\"a\" : [1, {\"b\" : null}]}, \"n\" : 3,");
    assertEquals(STATE, StateJson.read(newer.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void nullShimAndEmptyUndo_roundTrip() throws IOException {
    InstallState s = new InstallState("r", "/c", "drop-in", true, List.of(), null, "gvisor", null);
    assertEquals(s, StateJson.read(StateJson.write(s)));
  }

  @Test
  void stateReadBack_equalsTheStateInstallWouldSave_soANoOpDoesNotRewriteIt() throws IOException {
    List<UndoStep> undo = new ArrayList<>(); // built as InstallFlow builds it, from mutable lists
    undo.add(UndoStep.insert("\n[a.\"b\".c]\nx = \"y\"\n", new ArrayList<>(List.of(
        new ArrayList<>(List.of("a", "b", "c"))))));
    undo.add(UndoStep.replace(new ArrayList<>(List.of("plugins", "p", "default_runtime_name")),
        "\"runc\"", "\"runsc\""));
    InstallState next = new InstallState("6010b969a0caaa4b", "/etc/containerd/config.toml", "in-place", false, undo,
        "/etc/containerd/runsc.toml", "runsc", "07decaab");
    InstallState saved = StateJson.read(DATABIND_WRITTEN.getBytes(StandardCharsets.UTF_8));
    assertEquals(saved, next);
    assertEquals(saved.hashCode(), next.hashCode());
    assertNotEquals(saved, new InstallState(next.releaseId(), next.configPath(), next.strategy(), false,
        undo.subList(0, 1), next.shimConfigPath(), next.runtimeName(), next.configSha256()));
    assertNotEquals(saved, new InstallState(next.releaseId(), next.configPath(), next.strategy(), false,
        undo, next.shimConfigPath(), next.runtimeName(), "other sha"));
  }

  @Test
  void nullOrMissingListsAndFlags_readAsEmptyAndFalse() throws IOException {
    String json = "{\"releaseId\" : \"r\", \"configUndo\" : null, \"configCreated\" : null}";
    assertEquals(new InstallState("r", null, null, false, List.of(), null, null, null),
        StateJson.read(json.getBytes(StandardCharsets.UTF_8)));
    String step = "{\"configUndo\" : [ {\"kind\" : \"INSERT\", \"text\" : \"x\", \"paths\" : null} ]}";
    assertEquals(List.of(UndoStep.insert("x", List.of())),
        StateJson.read(step.getBytes(StandardCharsets.UTF_8)).configUndo());
  }

  @Test
  void brokenOrWrongShape_isAnError() {
    assertThrows(IOException.class, () -> StateJson.read("{\"releaseId\" : ".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IOException.class, () -> StateJson.read("[]".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IOException.class, () -> StateJson.read("{\"releaseId\" : 5}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IOException.class, () -> StateJson.read("{\"configUndo\" : [ {\"paths\" : [ [ 1 ] ]} ]}"
        .getBytes(StandardCharsets.UTF_8)));
    assertThrows(IOException.class, () -> StateJson.read("{\"configUndo\" : {}}".getBytes(StandardCharsets.UTF_8)));
  }
}
