/**
 * End-to-end test support (TEST ONLY): a real containerd on a fake EKS AL2023 node, real gVisor, offline.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.gni.e2e.TestArtifacts}: the TEST STAND-IN {@code containerd-shim-runsc-v1} built from
 *       Debian's gVisor source ({@code .ci/build-test-shim.sh}), the busybox image
 *       ({@code .ci/build-test-image.sh}), and release folders for {@code --binaries-dir}
 *       ({@code .ci/make-test-release.sh}): with the stand-in shim, or with a do-nothing shim as the
 *       negative control. All are cached under {@code $GNI_CACHE} (default /var/cache/gvisor-node-installer).
 *       When Debian's archive cannot serve the shim's inputs the test is aborted (reported SKIPPED).</li>
 *   <li>{@link dev.gni.testsupport.Al2023Host} (the one harness for real containerd daemons, in testsupport): a
 *       host root H (/tmp/gni-e2e-N/h) shaped like an EKS AL2023 node for containerd 1.6/1.7 (config v2) or 2.1
 *       (config v3), with no runsc entry, run by the REAL containerd ({@link dev.gni.testsupport.RealContainerd}
 *       in host-root mode) in its own mount namespace so that node paths ({@code /etc/containerd},
 *       {@code /usr/local}, {@code /opt}) are H's. {@link dev.gni.testsupport.Al2023Host#restartScript()}
 *       restarts that daemon the way systemd would ({@link dev.gni.testsupport.ContainerdService}).</li>
 *   <li>{@link dev.gni.e2e.TestCriClient}: an independent CRI client (hand-written protobuf) that runs a
 *       host-network pod with one container and reads the container's CRI log.</li>
 *   <li>{@link dev.gni.e2e.TestOnlyRuntimeEntry}: HAND-WRITTEN runsc registration, only for
 *       {@link dev.gni.e2e.HarnessSelfTest}, which proves the harness without the installer.</li>
 *   <li>{@link dev.gni.e2e.InstallerEndToEndTest}: the installer itself in place of TestOnlyRuntimeEntry (as
 *       sketched below): the real CLI ({@link dev.gni.e2e.InstallerCli}) against the Kubernetes API of
 *       {@link dev.gni.e2e.MockApi} (fabric8's CRUD mock server: no real API server exists here).</li>
 * </ul>
 *
 * <h2>Wiring the installer in place of TestOnlyRuntimeEntry</h2>
 * <pre>{@code
 * Path release = TestArtifacts.release(tmp.resolve("release"), TestArtifacts.ShimKind.STAND_IN);
 * try (Al2023Host host = Al2023Host.create(Series.V2_1)) {
 *   host.start();
 *   host.importImage(TestArtifacts.busyboxImage());   // the sandbox image localhost/local/pause:1
 *   // run the installer, e.g.:
 *   //   install --host-root <host.root()> --binaries-dir <release>
 *   //           --restart command --restart-command <host.restartScript()> --host-exec direct
 *   //           --runsc-flag platform=ptrace --runsc-flag network=none --no-node-label
 *   // containerd's socket is the host path /run/containerd/containerd.sock under H (host.socket()).
 *   try (TestCriClient cri = new TestCriClient(host.socket(), Duration.ofSeconds(60))) {
 *     TestCriClient.ProbeResult r = cri.runProbePod("runsc", tmp.resolve("pods"), "localhost/local/busybox:1",
 *         List.of("/bin/sh", "-c", "dmesg; echo kernel=$(uname -r)"), Duration.ofSeconds(60));
 *     // r.exitCode() == 0, r.log() contains "Starting gVisor" and "kernel=4.4.0"
 *   }
 * }
 * }</pre>
 * This sandbox needs {@code platform = "ptrace"} (or systrap) and {@code network = "none"} (or host) in
 * runsc.toml's {@code [runsc_config]}, and {@code restrict_oom_score_adj = true} (set in H's config).
 */
package dev.gni.e2e;
