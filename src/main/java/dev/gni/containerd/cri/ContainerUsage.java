package dev.gni.containerd.cri;

/**
 * One container's resource use from CRI {@code ContainerStats}; -1 where the runtime did not report a value.
 *
 * @param cpuCoreNanos      cumulative CPU time, all cores, since the container started
 * @param workingSetBytes   memory working set (what kubelet counts against limits)
 * @param memoryUsageBytes  all memory in use, page cache included
 */
public record ContainerUsage(String containerId, long cpuCoreNanos, long workingSetBytes, long memoryUsageBytes) {
}
