{{/*
The watcher container of the install DaemonSet (keepAlive: watch): `gvisor-node-installer watch` from the same
image, with the least privilege that works. Not privileged, no capabilities, read-only root filesystem. It runs
as uid 0 only because containerd's socket is root's (0660); without capabilities that grants no more than the
socket's owner has. It sees, read-only: containerd's socket directory (the socket is re-created at each
containerd restart, so the directory, not the file), the config directory, and the installer's state.
*/}}
{{- define "gni.watcherContainer" -}}
# Checks every watcher.interval that gVisor is live; its readiness is the DaemonSet's READY. When gVisor
# is lost it marks the node not ready, records RuntimeLost, and deletes this pod so that the init
# container installs again.
- name: watcher
  image: {{ include "gni.image" . }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  command:
    - java
    {{- range .Values.watcher.jvmFlags }}
    - {{ . | quote }}
    {{- end }}
    - -Djava.io.tmpdir=/run/gvisor-node-installer
    - -cp
    - "@/app/jib-classpath-file"
    - dev.gni.cli.Main
  args:
    - watch
  env:
    - name: NODE_NAME
      valueFrom:
        fieldRef:
          fieldPath: spec.nodeName
    - name: POD_NAME
      valueFrom:
        fieldRef:
          fieldPath: metadata.name
    - name: POD_NAMESPACE
      valueFrom:
        fieldRef:
          fieldPath: metadata.namespace
    - name: GNI_HOST_ROOT
      value: /host
    - name: GNI_LOG_FORMAT
      value: {{ .Values.logFormat | quote }}
    - name: GNI_LABEL_PREFIX
      value: {{ .Values.labelPrefix | quote }}
    - name: GNI_RUNTIME_NAME
      value: {{ .Values.runtimeName | quote }}
    - name: GNI_READINESS
      value: {{ .Values.readiness.mode | quote }}
    - name: GNI_INTERVAL
      value: {{ .Values.watcher.interval | quote }}
    - name: GNI_CONTAINERD_SOCKET
      value: {{ .Values.watcher.containerdSocket | quote }}
    - name: GNI_READY_FILE
      value: /run/gvisor-node-installer/ready
  readinessProbe:
    exec:
      command:
        - test
        - -f
        - /run/gvisor-node-installer/ready
    periodSeconds: 10
    failureThreshold: 1
    successThreshold: 1
  securityContext:
    privileged: false
    runAsUser: 0
    runAsGroup: 0
    readOnlyRootFilesystem: true
    allowPrivilegeEscalation: false
    capabilities:
      drop:
        - ALL
    seccompProfile:
      type: RuntimeDefault
  resources:
    {{- toYaml .Values.resources.watcher | nindent 4 }}
  volumeMounts:
    - name: run
      mountPath: /run/gvisor-node-installer
    - name: containerd-socket-dir
      mountPath: /host{{ dir .Values.watcher.containerdSocket }}
      readOnly: true
    - name: containerd-config
      mountPath: /host{{ .Values.watcher.configDir }}
      readOnly: true
    - name: installer-state
      mountPath: /host/var/lib/gvisor-node-installer
      readOnly: true
    {{- include "gni.apiTokenMount" . | nindent 4 }}
{{- end }}

{{/* The watcher's volumes: host directories it reads, and a small emptyDir for its ready file. */}}
{{- define "gni.watcherVolumes" -}}
- name: run
  emptyDir:
    medium: Memory
    sizeLimit: 1Mi
- name: containerd-socket-dir
  hostPath:
    path: {{ dir .Values.watcher.containerdSocket }}
    type: Directory
- name: containerd-config
  hostPath:
    path: {{ .Values.watcher.configDir }}
    type: Directory
- name: installer-state
  hostPath:
    path: /var/lib/gvisor-node-installer
    type: Directory
{{- end }}
