/*
 * pod-ns: TEST ONLY. Runs a command where a privileged DaemonSet pod with hostPID: true runs on a node:
 *   - in the node's PID namespace (its PID 1 is the node's systemd),
 *   - in a private mount namespace whose root is a fresh tmpfs holding this machine's top-level directories
 *     (recursive binds: they stand in for the pod's image, so the JVM, the jar and the release folder are
 *     reachable), a fresh /proc of the node's PID namespace, and the node's whole root, recursively, at /host.
 *
 * usage: pod-ns NODE_PID1 -- COMMAND [ARGS...]
 *
 * The node's tree cannot be had with `mount --rbind /proc/PID/root`: the kernel resolves that magic link in
 * our own mount namespace and binds this machine's /. Instead: setns into the node's mount namespace,
 * open_tree("/", OPEN_TREE_CLONE | AT_RECURSIVE) (a detached copy of its mount tree), setns back, and
 * move_mount that tree onto /host, then make it rprivate (kubelet's hostPath bind is recursive, so
 * /host/run/containerd/containerd.sock is the node's socket).
 *
 * Exit code: the command's, 128+N if killed by signal N; 125 when the namespaces cannot be set up.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif

static void die(const char *what) {
  fprintf(stderr, "pod-ns: %s: %s\n", what, strerror(errno));
  exit(125);
}

static int open_ns(const char *pid, const char *ns) {
  char p[PATH_MAX];
  snprintf(p, sizeof p, "/proc/%s/ns/%s", pid, ns);
  int fd = open(p, O_RDONLY | O_CLOEXEC);
  if (fd < 0) die(p);
  return fd;
}

/* The pod's own root: a tmpfs with this machine's top-level entries (dirs bound recursively, links copied). */
static void make_root(const char *root) {
  if (mount("pod-root", root, "tmpfs", 0, "mode=0755") != 0) die("mount tmpfs for the pod's root");
  DIR *d = opendir("/");
  if (!d) die("opendir /");
  struct dirent *e;
  char src[PATH_MAX], dst[PATH_MAX], link[PATH_MAX];
  while ((e = readdir(d)) != NULL) {
    const char *n = e->d_name;
    if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, "proc") || !strcmp(n, "host")) continue;
    snprintf(src, sizeof src, "/%s", n);
    snprintf(dst, sizeof dst, "%s/%s", root, n);
    struct stat st;
    if (lstat(src, &st) != 0) continue;
    if (S_ISLNK(st.st_mode)) {
      ssize_t l = readlink(src, link, sizeof link - 1);
      if (l < 0) die(src);
      link[l] = 0;
      if (symlink(link, dst) != 0) die(dst);
    } else if (S_ISDIR(st.st_mode)) {
      if (mkdir(dst, st.st_mode & 07777) != 0) die(dst);
      if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) != 0) die(src);
    }
  }
  closedir(d);
  snprintf(dst, sizeof dst, "%s/proc", root);
  if (mkdir(dst, 0555) != 0) die(dst);
  snprintf(dst, sizeof dst, "%s/host", root);
  if (mkdir(dst, 0755) != 0) die(dst);
}

int main(int argc, char **argv) {
  if (argc < 4 || strcmp(argv[2], "--") != 0) {
    fprintf(stderr, "usage: pod-ns NODE_PID1 -- COMMAND [ARGS...]\n");
    return 125;
  }
  const char *pid = argv[1];
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) die("getcwd");
  int node_pid = open_ns(pid, "pid"), node_mnt = open_ns(pid, "mnt");

  if (unshare(CLONE_NEWNS) != 0) die("unshare(CLONE_NEWNS)");
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) die("make / rprivate");
  int own_mnt = open_ns("self", "mnt");

  /* the node's mount tree, detached, recursive */
  if (setns(node_mnt, CLONE_NEWNS) != 0) die("setns into the node's mount namespace");
  int tree = (int) syscall(SYS_open_tree, AT_FDCWD, "/", OPEN_TREE_CLONE | AT_RECURSIVE | O_CLOEXEC);
  if (tree < 0) die("open_tree(/, OPEN_TREE_CLONE|AT_RECURSIVE) in the node");
  if (setns(own_mnt, CLONE_NEWNS) != 0) die("setns back");

  char root[] = "/tmp/pod-ns-root.XXXXXX";
  if (!mkdtemp(root)) die("mkdtemp");
  make_root(root);
  char host[PATH_MAX];
  snprintf(host, sizeof host, "%s/host", root);
  if (syscall(SYS_move_mount, tree, "", AT_FDCWD, host, MOVE_MOUNT_F_EMPTY_PATH) != 0) die("move_mount onto /host");
  if (mount(NULL, host, NULL, MS_REC | MS_PRIVATE, NULL) != 0) die("make /host rprivate");

  if (setns(node_pid, CLONE_NEWPID) != 0) die("setns into the node's PID namespace");
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/proc", root);
    if (mount("proc", p, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) die("mount a fresh /proc");
    snprintf(p, sizeof p, "%s/.old-root", root);
    if (mkdir(p, 0700) != 0) die(p);
    if (syscall(SYS_pivot_root, root, p) != 0) die("pivot_root");
    if (chdir("/") != 0) die("chdir /");
    if (umount2("/.old-root", MNT_DETACH) != 0) die("detach the old root");
    rmdir("/.old-root");
    umount2(root, MNT_DETACH); /* the copy of this root inside the bound /tmp */
    if (chdir(cwd) != 0) die(cwd);
    execvp(argv[3], argv + 3);
    die(argv[3]);
  }
  signal(SIGINT, SIG_IGN);
  int status;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) die("waitpid");
  }
  umount2(root, MNT_DETACH); /* mounted in this namespace only: the directory outside stays empty */
  rmdir(root);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
