/*
 * TEST STAND-IN for containerd-shim-runsc-v1. No Debian package ships gVisor's containerd shim, so the
 * demo installs this tiny ELF in its place. It is NOT the gVisor shim: it prints that and exits 1.
 * The real shim comes from the pinned upstream gVisor release (see docs/image.md), and the end-to-end
 * test builds a real one from Debian's gVisor sources (.ci/build-test-shim.sh).
 */
#include <stdio.h>

int main(void) {
  fputs("containerd-shim-runsc-v1 STAND-IN (demo only): not the real gVisor shim\n", stderr);
  return 1;
}
