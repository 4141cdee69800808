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
 * without rewriting the config. It is the one harness for real daemons: {@link dev.gni.testsupport.ContainerdService}
 * stands in for systemd's {@code containerd.service} around it (the installer's {@code --restart command}), and
 * {@link dev.gni.testsupport.Al2023Host} builds a fake EKS AL2023 node on the two for the end-to-end tests:
 * <pre>{@code
 * try (Al2023Host host = Al2023Host.create(Series.V2_1)) {
 *   host.start();
 *   host.importImage(tarball);                                 // must hold the sandbox image
 *   // installer: --host-root <host.root()> --restart command --restart-command <host.restartScript()>
 *   //            --host-exec direct --containerd-socket /run/containerd/containerd.sock
 * }
 * }</pre>
 */
package dev.gni.testsupport;
