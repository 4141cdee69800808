package dev.gni.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gni.e2e.MockApi;
import dev.gni.testsupport.ContainerdBinaries.Series;
import dev.gni.testsupport.RequiresRealContainerd;
import dev.gni.testsupport.TestHosts;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SHIPPED artifact against the Kubernetes API: {@code target/gvisor-node-installer.jar}, the shaded jar of the
 * package phase (the same runtime classpath the image carries in /app/libs), run as its own process with
 * {@code java -jar}. Unit tests cannot show that the runtime classpath is complete: theirs also holds the mock
 * API server and its dependencies (vert.x, netty, zjsonpatch, more fabric8 model jars). Here only the shipped
 * jar is on the installer's classpath, and the API is fabric8's mock server in this JVM (CRUD mode; expectations
 * mode for the refusals), reached through a kubeconfig file as a cluster is from outside a pod.
 *
 * <p>What the installer does through the API, and where it is covered:
 * <ul>
 *   <li>JSON merge patch of the ready label and annotations, Event create (Installed, AlreadyInstalled), then
 *       GET + JSON patch remove and an Uninstalled Event: a real install and uninstall against a real containerd
 *       (the label is set only once the runtime is live in containerd);
 *   <li>GET + JSON patch remove without containerd: uninstall on a host with nothing installed still removes a
 *       label left behind, also with the client auto-configured as in a pod (no kubeconfig); Event create
 *       without containerd: a refused install is an InstallFailed Event;
 *   <li>NEGATIVE CONTROLS, so this test can fail: the API answers 403 (one line naming the RBAC grant, exit 7,
 *       no retry) and the node does not exist (one line naming NODE_NAME, exit 7).
 * </ul>
 * And the jar itself: its fabric8 artifacts are exactly the expected ones (no vert.x, netty, zjsonpatch or
 * snakeyaml), and each shipped fabric8, Jackson and YAML artifact is needed: a labelled run with the jar minus
 * that artifact's classes fails (leave one out), so none is carried for nothing. Run by maven-failsafe in
 * {@code verify}, after the package phase built the jar.
 */
@EnableKubernetesMockClient(crud = true)
class ShippedJarIT {
  private static final java.util.logging.Logger MOCK_LOG = quietMock();
  static KubernetesClient client;

  private static final String NODE = "it-node";
  private static final String PREFIX = "gvisor.dev/";
  /** What fabric8 needs at run time for core/v1 Node and Event (pom.xml says why each is there). */
  private static final Set<String> FABRIC8 = Set.of("io.fabric8:kubernetes-client", "io.fabric8:kubernetes-client-api",
      "io.fabric8:kubernetes-httpclient-jdk", "io.fabric8:kubernetes-model-core", "io.fabric8:kubernetes-model-common",
      "io.fabric8:kubernetes-model-apps", "io.fabric8:kubernetes-model-batch",
      "io.fabric8:kubernetes-model-certificates", "io.fabric8:kubernetes-model-extensions");
  /** Packages of what was excluded: vert.x and netty (fabric8's default HTTP client), zjsonpatch, snakeyaml 1.x. */
  private static final List<String> EXCLUDED = List.of("io/vertx/", "io/netty/", "io/fabric8/zjsonpatch/",
      "org/yaml/snakeyaml/");

  private static final Path GNU_TIME = Path.of("/usr/bin/time");
  private final MockApi api = new MockApi(client);
  @TempDir
  Path tmp;

  @BeforeEach
  void node() {
    api.resetNode(NODE);
  }

  @Test
  @RequiresRealContainerd
  void install_labelsReadyWithAnnotationsAndEvent_reinstallSaysSo_uninstallRemovesThem() throws Exception {
    Path kubeconfig = api.kubeconfig(tmp);
    try (LiveHost node = LiveHost.start(Series.V2_1)) {
      Shipped install = run(liveArgs(node, kubeconfig, "install"));
      assertEquals(0, install.code(), install::text);
      System.out.printf("[rss] shipped jar, image heap/GC flags, install with restart + CRI live check"
          + " + label + Event (no canary): peak RSS %.1f MiB%n", install.peakRssKiB() / 1024.0);
      assertTrue(install.err().contains("live check: containerd serves runtime 'runsc'"), install::text);
      assertEquals(Optional.of("ready"), api.label(NODE, MockApi.READY_LABEL), install::text);
      assertEquals(Optional.of("true"), api.label(NODE, "gvisor.dev/install"), "the opt-in label stays");
      Map<String, String> ann = ours(api.annotations(NODE));
      assertEquals(Set.of("gvisor.dev/gvisor-version", "gvisor.dev/release-id", "gvisor.dev/runtime-handler",
          "gvisor.dev/config-strategy", "gvisor.dev/config-sha256", "gvisor.dev/installer-version"), ann.keySet());
      assertEquals("runsc", ann.get("gvisor.dev/runtime-handler"));
      assertTrue(ann.get("gvisor.dev/config-sha256").matches("[0-9a-f]{64}"), ann::toString);
      List<Event> installed = api.events("Installed");
      assertEquals(1, installed.size(), () -> "events: " + installed);
      assertNodeEvent(installed.get(0), "Normal", true);

      Shipped again = run(liveArgs(node, kubeconfig, "install"));
      assertEquals(0, again.code(), again::text);
      assertEquals(1, node.service.restarts(), "a second install restarts nothing");
      assertEquals(1, api.events("AlreadyInstalled").size(), again::text);
      assertEquals(ann, ours(api.annotations(NODE)), "the same annotations again");

      Shipped uninstall = run(liveArgs(node, kubeconfig, "uninstall"));
      assertEquals(0, uninstall.code(), uninstall::text);
      assertEquals(2, node.service.restarts());
      assertEquals(Optional.empty(), api.label(NODE, MockApi.READY_LABEL), uninstall::text);
      assertEquals(Map.of(), ours(api.annotations(NODE)), uninstall::text);
      assertEquals(Optional.of("true"), api.label(NODE, "gvisor.dev/install"), "the opt-in label stays");
      List<Event> uninstalled = api.events("Uninstalled");
      assertEquals(1, uninstalled.size(), uninstall::text);
      assertNodeEvent(uninstalled.get(0), "Normal", true);
    }
  }

  @Test
  void uninstall_withNothingInstalled_removesLabelAndAnnotationsLeftBehind_keepsOthers() throws IOException {
    labelledNode();
    Shipped r = run(hostArgs("uninstall"));
    assertEquals(0, r.code(), r::text);
    assertTrue(r.err().contains("removed 3 gvisor.dev/ label and annotation key(s) from node " + NODE), r::text);
    assertEquals(Optional.empty(), api.label(NODE, MockApi.READY_LABEL));
    assertEquals(Map.of(), ours(api.annotations(NODE)));
    assertEquals(Optional.of("true"), api.label(NODE, "gvisor.dev/install"));
    assertEquals("yes", api.annotations(NODE).get("other.io/keep"));
  }

  /**
   * Without --kubeconfig the client configures itself as in a pod (fabric8's auto-configuration, which reads
   * no kubeconfig YAML there): here from KUBERNETES_MASTER and a token in the environment, kubeconfig and
   * ServiceAccount lookups off so that nothing of this machine is used.
   */
  @Test
  void withoutKubeconfig_autoConfiguredClient_removesLabel() throws IOException {
    labelledNode();
    List<String> args = new ArrayList<>(hostArgs("uninstall"));
    int k = args.indexOf("--kubeconfig");
    args.subList(k, k + 2).clear();
    Shipped r = run(args, Map.of("KUBERNETES_MASTER", client.getConfiguration().getMasterUrl(),
        "KUBERNETES_TRUST_CERTIFICATES", "true", "KUBERNETES_AUTH_TOKEN", "it-token",
        "KUBERNETES_AUTH_TRYKUBECONFIG", "false", "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false"));
    assertEquals(0, r.code(), r::text);
    assertEquals(Optional.empty(), api.label(NODE, MockApi.READY_LABEL), r::text);
    assertEquals(Map.of(), ours(api.annotations(NODE)));
  }

  @Test
  void refusedInstall_isAnInstallFailedEvent_noLabel() throws IOException {
    Shipped r = run(hostArgs("install", host -> Files.writeString(host.resolve("etc/containerd/config.toml"),
        "version = 2\n[grpc\n")));
    assertEquals(3, r.code(), r::text);
    String error = r.lastLine();
    assertTrue(error.startsWith("error: ") && error.contains("is not valid TOML"), r::text);
    List<Event> failed = api.events("InstallFailed");
    assertEquals(1, failed.size(), r::text);
    assertEquals("gVisor install failed: " + error.substring("error: ".length()), failed.get(0).getMessage());
    // the failed run first read the Node to take a ready signal back (none here), so the Event has its uid
    assertNodeEvent(failed.get(0), "Warning", true);
    assertEquals(Optional.empty(), api.label(NODE, MockApi.READY_LABEL));
  }

  /** NEGATIVE CONTROL: the API refuses (403): one line naming the grant, exit 7, and no retry of a refusal. */
  @Test
  void apiForbids_oneLineNamingTheGrant_exit7() throws IOException {
    KubernetesMockServer strict = new KubernetesMockServer(true);
    strict.init();
    try {
      strict.expect().get().withPath("/api/v1/nodes/" + NODE).andReturn(403, new StatusBuilder()
          .withStatus("Failure").withCode(403).withReason("Forbidden")
          .withMessage("nodes \"" + NODE + "\" is forbidden: User \"system:serviceaccount:x:y\" cannot get resource")
          .build()).always();
      String server = "https://" + strict.getHostName() + ":" + strict.getPort();
      Shipped r = run(hostArgs(MockApi.kubeconfig(server, tmp), "uninstall", host -> { }));
      assertEquals(7, r.code(), r::text);
      assertEquals("error: forbidden: the ServiceAccount cannot get nodes; grant verb 'get' on 'nodes'"
          + " (see k8s/10-rbac.yaml)", r.lastLine(), r::text);
      assertEquals(1, strict.getRequestCount(), "a 403 is not retried");
    } finally {
      strict.destroy();
    }
  }

  /** NEGATIVE CONTROL: no such node (404 through the JDK client): one line naming NODE_NAME, exit 7. */
  @Test
  void nodeMissing_oneLineNamingNodeName_exit7() throws IOException {
    client.nodes().withName(NODE).delete();
    Shipped r = run(hostArgs("uninstall"));
    assertEquals(7, r.code(), r::text);
    assertEquals("error: node " + NODE + " not found; is NODE_NAME set from spec.nodeName?", r.lastLine(), r::text);
  }

  @Test
  void shippedJar_holdsExactlyTheKubernetesJarsThatALabelledRunNeeds() throws IOException {
    Map<String, String> shipped = shippedArtifacts();
    assertEquals(new TreeSet<>(FABRIC8), shipped.keySet().stream().filter(a -> a.startsWith("io.fabric8:"))
        .collect(Collectors.toCollection(TreeSet::new)), "fabric8 artifacts in " + shippedJar());
    try (JarFile jar = new JarFile(shippedJar().toFile())) {
      List<String> excluded = jar.stream().map(JarEntry::getName)
          .filter(n -> EXCLUDED.stream().anyMatch(n::startsWith)).limit(5).toList();
      assertEquals(List.of(), excluded, "excluded dependencies are back in the shipped jar");
    }

    // Leave one out: the whole jar removes the label; without any one of these artifacts' classes, it must fail.
    labelledNode();
    Shipped whole = run(hostArgs("uninstall"));
    assertEquals(0, whole.code(), whole::text);
    assertEquals(Optional.empty(), api.label(NODE, MockApi.READY_LABEL), whole::text);
    List<String> candidates = shipped.keySet().stream().filter(a -> a.startsWith("io.fabric8:")
        || a.startsWith("com.fasterxml.jackson") || a.contains("yaml")).toList();
    List<String> notNeeded = new ArrayList<>();
    for (String artifact : candidates) {
      labelledNode();
      Shipped r = run(jarWithout(artifact), hostArgs("uninstall"), Map.of());
      boolean labelled = api.label(NODE, MockApi.READY_LABEL).isPresent();
      System.out.println("ShippedJarIT: without " + artifact + ": exit " + r.code() + ", "
          + (labelled ? "label kept" : "label removed") + "; " + r.firstProblem());
      if (r.code() == 0 || !labelled) {
        notNeeded.add(artifact);
      }
    }
    assertEquals(List.of(), notNeeded, "shipped, yet a labelled run works without them");
  }

  // --- the shipped jar as a process -------------------------------------------------------------------------

  /** One run of {@code java -jar}: exit code, stdout, stderr and peak RSS in KiB (-1: no /usr/bin/time here). */
  record Shipped(int code, String out, String err, long peakRssKiB) {
    String text() {
      return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }

    /** The first line that names a missing class or the error, for the leave-one-out report. */
    String firstProblem() {
      return err.lines().filter(l -> l.contains("Error") || l.contains("Exception") || l.startsWith("error: "))
          .findFirst().orElse("no error").strip();
    }

    String lastLine() {
      List<String> lines = err.strip().lines().toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
  }

  /** The image's JVM flags (pom.xml, image.jvmFlags, the one place they are set). */
  static List<String> imageJvmFlags() {
    String flags = System.getProperty("gni.imageJvmFlags");
    if (flags == null || flags.isBlank()) {
      throw new IllegalStateException("system property gni.imageJvmFlags not set: run this test with mvn verify");
    }
    return List.of(flags.strip().split("\\s*,\\s*"));
  }

  static Path shippedJar() {
    String jar = System.getProperty("gni.shippedJar");
    if (jar == null) {
      throw new IllegalStateException("system property gni.shippedJar not set: run this test with mvn verify");
    }
    Path p = Path.of(jar);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(p + " missing: the package phase builds it (mvn verify)");
    }
    return p;
  }

  private Shipped run(List<String> args) {
    return run(shippedJar(), args, Map.of());
  }

  private Shipped run(List<String> args, Map<String, String> env) {
    return run(shippedJar(), args, env);
  }

  private Shipped run(Path jar, List<String> args, Map<String, String> env) {
    try {
      Path dir = Files.createTempDirectory(tmp, "run");
      List<String> cmd = new ArrayList<>();
      Path rss = dir.resolve("rss");
      if (Files.isExecutable(GNU_TIME)) { // peak RSS of the whole path, for docs/performance.md; reported, not asserted
        cmd.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
      }
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(imageJvmFlags()); // the Kubernetes path must fit in the image's heap and GC too
      cmd.addAll(List.of("-jar", jar.toString()));
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
          .redirectError(dir.resolve("err").toFile()).redirectInput(new java.io.File("/dev/null"));
      pb.environment().keySet().removeIf(k -> k.equals("NODE_NAME") || k.startsWith("GNI_")
          || k.startsWith("KUBE")); // KUBECONFIG, KUBERNETES_*: fabric8 reads them too
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("java -jar did not finish in 3 minutes: " + args + "\n"
            + Files.readString(dir.resolve("err")));
      }
      long peak = Files.isRegularFile(rss) ? Long.parseLong(Files.readString(rss).strip().lines()
          .reduce((a, b) -> b).orElse("-1")) : -1;
      Shipped r = new Shipped(p.exitValue(), Files.readString(dir.resolve("out")),
          Files.readString(dir.resolve("err")), peak);
      if (jar.equals(shippedJar())) {
        System.out.println("ShippedJarIT: java -jar " + String.join(" ", args) + " -> exit " + r.code() + "\n"
            + r.err().indent(2));
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The installer on a copy of the demo host, without containerd, as the flow tests run it. */
  private List<String> hostArgs(String command) throws IOException {
    return hostArgs(command, host -> { });
  }

  private List<String> hostArgs(String command, HostEdit edit) throws IOException {
    return hostArgs(api.kubeconfig(tmp), command, edit);
  }

  private List<String> hostArgs(Path kubeconfig, String command, HostEdit edit) throws IOException {
    Path host = TestHosts.demoHost(Files.createTempDirectory(tmp, "h"));
    Path release = TestHosts.release(Files.createTempDirectory(tmp, "r"));
    edit.apply(host);
    return List.of(command, "--host-root", host.toString(), "--binaries-dir", release.toString(),
        "--restart", "none", "--host-exec", "direct", "--containerd-version", "1.7", "--canary=false",
        "--kubeconfig", kubeconfig.toString(), "--node-name", NODE);
  }

  /** The installer on a real containerd (LiveHost), restarted through its service script. */
  private static List<String> liveArgs(LiveHost node, Path kubeconfig, String command) {
    return List.of(command, "--host-root", node.host.toString(), "--binaries-dir", node.release.toString(),
        "--containerd-config", LiveHost.CONFIG, "--containerd-socket", LiveHost.SOCKET, "--host-exec", "direct",
        "--restart", "command", "--restart-command", node.service.script().toString(), "--restart-timeout", "30",
        "--canary=false", "--kubeconfig", kubeconfig.toString(), "--node-name", NODE);
  }

  @FunctionalInterface
  private interface HostEdit {
    void apply(Path host) throws IOException;
  }

  // --- the mock API's node ----------------------------------------------------------------------------------

  /** The node as an earlier install left it: ready label, our annotations, and someone else's annotation. */
  private void labelledNode() {
    client.nodes().withName(NODE).delete();
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
        .addToLabels("gvisor.dev/install", "true").addToLabels(MockApi.READY_LABEL, "ready")
        .addToAnnotations("gvisor.dev/gvisor-version", "release-20250818.0")
        .addToAnnotations("gvisor.dev/runtime-handler", "runsc")
        .addToAnnotations("other.io/keep", "yes").endMetadata().build()).create();
  }

  private static Map<String, String> ours(Map<String, String> annotations) {
    return new TreeMap<>(annotations.entrySet().stream().filter(e -> e.getKey().startsWith(PREFIX))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  /** A kubelet-style Node Event; its uid is the Node's once a call returned the Node, else the node name. */
  private void assertNodeEvent(Event e, String type, boolean uidKnown) {
    String uid = uidKnown ? api.node(NODE).getMetadata().getUid() : NODE;
    assertEquals(type, e.getType());
    assertEquals("default", e.getMetadata().getNamespace());
    assertEquals("Node", e.getInvolvedObject().getKind());
    assertEquals(NODE, e.getInvolvedObject().getName());
    assertEquals(uid, e.getInvolvedObject().getUid(), "the Node's uid once known, else its name");
    assertEquals("gvisor-node-installer", e.getSource().getComponent());
    assertEquals(NODE, e.getSource().getHost());
  }

  // --- what the jar holds and what a run loads from it ----------------------------------------------------

  /** groupId:artifactId to version, for every artifact shaded into the jar (its META-INF/maven pom.properties). */
  private static Map<String, String> shippedArtifacts() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (JarFile jar = new JarFile(shippedJar().toFile())) {
      for (JarEntry e : jar.stream().filter(e -> e.getName().startsWith("META-INF/maven/")
          && e.getName().endsWith("/pom.properties")).toList()) {
        Properties p = new Properties();
        try (InputStream in = jar.getInputStream(e)) {
          p.load(in);
        }
        out.put(p.getProperty("groupId") + ":" + p.getProperty("artifactId"), p.getProperty("version"));
      }
    }
    return out;
  }

  /**
   * A copy of the shipped jar without the classes of one artifact: the artifact's own jar is found on this JVM's
   * classpath (by its META-INF/maven pom.properties) and each of its class files is deleted from the copy.
   */
  private Path jarWithout(String artifact) throws IOException {
    String[] ga = artifact.split(":");
    URL props = ShippedJarIT.class.getClassLoader()
        .getResource("META-INF/maven/" + ga[0] + "/" + ga[1] + "/pom.properties");
    assertTrue(props != null && props.getProtocol().equals("jar"), artifact + " is not on the test classpath");
    String own = URLDecoder.decode(props.getPath().substring("file:".length(), props.getPath().indexOf("!/")),
        StandardCharsets.UTF_8);
    List<String> classes;
    Map<String, Set<String>> services = new TreeMap<>();
    try (JarFile jar = new JarFile(own)) {
      classes = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList();
      for (JarEntry e : jar.stream().filter(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory())
          .toList()) {
        try (InputStream in = jar.getInputStream(e)) {
          services.put(e.getName(), providers(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
    }
    Path copy = Files.createTempDirectory(tmp, "without").resolve("installer.jar");
    Files.copy(shippedJar(), copy);
    try (FileSystem zip = FileSystems.newFileSystem(copy)) {
      for (String c : classes) {
        Files.deleteIfExists(zip.getPath(c));
      }
      // the shade plugin merged the artifact's service registrations into the jar's: take its lines out too
      for (Map.Entry<String, Set<String>> e : services.entrySet()) {
        Path merged = zip.getPath(e.getKey());
        if (Files.exists(merged)) {
          List<String> left = Files.readString(merged).lines().filter(l -> !e.getValue().contains(l.strip())).toList();
          Files.writeString(merged, String.join("\n", left) + "\n");
        }
      }
    }
    return copy;
  }

  private static Set<String> providers(String serviceFile) {
    return serviceFile.lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
        .collect(Collectors.toSet());
  }

  private static java.util.logging.Logger quietMock() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }
}
