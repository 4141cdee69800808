/**
 * Test support for running the installer against real containerd builds (no mocks).
 *
 * <p>Typical use, with the test class annotated {@link dev.gni.testsupport.RequiresRealContainerd}:
 * <pre>{@code
 * ContainerdBinaries bins = ContainerdBinaries.of(Series.V2_1);
 * Path config = CriTestConfig.forSeries(bins.series()).runtime("runsc", "io.containerd.runsc.v1")
 *     .writeTo(hostRoot.resolve("etc/containerd/config.toml"));   // or a file the installer patched
 * try (RealContainerd containerd = RealContainerd.builder(bins)
 *     .hostRoot(hostRoot).config("/etc/containerd/config.toml").start()) {
 *   TestImages.importPause(containerd);                        // only needed to run pod sandboxes
 *   LiveView view = new CriLiveCheck(containerd.socket()).check();
 *   containerd.restart();                                      // same dirs, new PID
 * }
 * }</pre>
 * {@link dev.gni.testsupport.RealContainerd} documents how the daemon is kept private on 1.6, 1.7 and 2.1
 * without rewriting the config.
 */
package dev.gni.testsupport;
