{{/* The chart name, at most 63 characters. */}}
{{- define "gni.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release-qualified name of every object: the release name if it already contains the chart name. */}}
{{- define "gni.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "gni.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "gni.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the DaemonSets' pods (each DaemonSet adds its component). */}}
{{- define "gni.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gni.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The installer image: repository@digest when a digest is set, else repository:tag (default appVersion). */}}
{{- define "gni.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
.Values.affinity with one more required expression in every node selector term: the install DaemonSet
excludes nodes labelled for uninstall, so that it and the uninstall DaemonSet never share a node.
Arguments: root, exclude (a node label key that must be absent; empty: none).
*/}}
{{- define "gni.affinity" -}}
{{- $affinity := deepCopy (.root.Values.affinity | default dict) }}
{{- if .exclude }}
{{- $node := get $affinity "nodeAffinity" | default dict }}
{{- $required := get $node "requiredDuringSchedulingIgnoredDuringExecution" | default dict }}
{{- $terms := list }}
{{- range (get $required "nodeSelectorTerms" | default (list dict)) }}
{{- $exprs := append (get . "matchExpressions" | default list) (dict "key" $.exclude "operator" "DoesNotExist") }}
{{- $terms = append $terms (merge (dict "matchExpressions" $exprs) .) }}
{{- end }}
{{- $_ := set $required "nodeSelectorTerms" $terms }}
{{- $_ = set $node "requiredDuringSchedulingIgnoredDuringExecution" $required }}
{{- $_ = set $affinity "nodeAffinity" $node }}
{{- end }}
{{- toYaml $affinity }}
{{- end }}

{{/*
The API credentials of the containers that talk to the Kubernetes API (the installer; the watcher, when gVisor is lost): a projected, short-lived,
audience-bound ServiceAccount token (with the cluster CA and the namespace) where a client looks for it.
Every pod sets automountServiceAccountToken: false, so no other container (pause) gets a token.
*/}}
{{- define "gni.apiTokenVolume" -}}
- name: kube-api-access
  projected:
    sources:
      - serviceAccountToken:
          path: token
          expirationSeconds: 3607
      - configMap:
          name: kube-root-ca.crt
          items:
            - key: ca.crt
              path: ca.crt
      - downwardAPI:
          items:
            - path: namespace
              fieldRef:
                fieldPath: metadata.namespace
{{- end }}
{{- define "gni.apiTokenMount" -}}
- name: kube-api-access
  mountPath: /var/run/secrets/kubernetes.io/serviceaccount
  readOnly: true
{{- end }}

{{/* The node label keys; the same prefix as the installer's NodeLabels (env GNI_LABEL_PREFIX). */}}
{{- define "gni.readyKey" -}}{{ .Values.labelPrefix }}/runsc{{- end }}
{{- define "gni.installKey" -}}{{ .Values.labelPrefix }}/install{{- end }}
{{- define "gni.uninstallKey" -}}{{ .Values.labelPrefix }}/uninstall{{- end }}
{{- define "gni.notReadyTaintKey" -}}{{ .Values.labelPrefix }}/runsc-not-ready{{- end }}

{{/*
The RuntimeClass nodeSelector as YAML: runtimeClass.nodeSelector if set, else by readiness.mode: label selects
<prefix>/runsc=ready (set by the installer); taint selects <prefix>/install=true (set by the node pool at
creation, so autoscalers can match it). In taint mode the RuntimeClass must not tolerate the startup taint.
*/}}
{{- define "gni.runtimeClassSelector" -}}
{{- range .Values.runtimeClass.tolerations }}
{{- if and (eq $.Values.readiness.mode "taint") (or (eq (.key | default "") (include "gni.notReadyTaintKey" $)) (and (eq (.operator | default "") "Exists") (not .key))) }}
{{- fail (printf "runtimeClass.tolerations must not tolerate the startup taint %s in readiness mode taint" (include "gni.notReadyTaintKey" $)) }}
{{- end }}
{{- end }}
{{- if .Values.runtimeClass.nodeSelector }}
{{- toYaml .Values.runtimeClass.nodeSelector }}
{{- else if eq .Values.readiness.mode "taint" }}
{{- printf "%s: \"true\"" (include "gni.installKey" .) }}
{{- else }}
{{- printf "%s: ready" (include "gni.readyKey" .) }}
{{- end }}
{{- end }}

{{/* runscFlags as the installer reads GNI_RUNSC_FLAGS: KEY=VALUE,KEY=VALUE in key order. */}}
{{- define "gni.runscFlags" -}}
{{- $flags := list }}
{{- range $key, $value := .Values.runscFlags }}
{{- $flags = append $flags (printf "%s=%v" $key $value) }}
{{- end }}
{{- join "," $flags }}
{{- end }}

{{/*
The pod template of both DaemonSets. Arguments: root (the chart context), command (install|uninstall),
nodeSelector (a dict of the required node labels besides kubernetes.io/os).
*/}}
{{- define "gni.podTemplate" -}}
{{- $root := .root }}
{{- with $root }}
metadata:
  labels:
    {{- include "gni.selectorLabels" . | nindent 4 }}
    app.kubernetes.io/component: {{ $.command }}
spec:
  serviceAccountName: {{ include "gni.fullname" . }}
  # Only the installer talks to the API; it alone mounts a (projected) token.
  automountServiceAccountToken: false
  # The installer reaches the host's systemd and containerd through PID 1's namespaces (nsenter).
  hostPID: true
  priorityClassName: {{ .Values.priorityClassName }}
  # On SIGTERM the installer stops at its next step boundary; the longest stretch between two (after a
  # restart: containerd back, the canary, the label) is bounded by 170 s with the default timeouts
  # (docs/operations.md), so kubelet's SIGKILL never cuts a step in half.
  terminationGracePeriodSeconds: 180
  nodeSelector:
    kubernetes.io/os: linux
    {{- with $.nodeSelector }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with include "gni.affinity" (dict "root" . "exclude" (eq $.command "install" | ternary (include "gni.uninstallKey" .) "")) }}
  {{- if ne . "{}" }}
  affinity:
    {{- . | nindent 4 }}
  {{- end }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  initContainers:
    # Runs once per node: installs (or removes) gVisor on the host, then exits; the only privileged container.
    - name: {{ $.command }}er
      image: {{ include "gni.image" . }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      args:
        - {{ $.command }}
      env:
        - name: NODE_NAME
          valueFrom:
            fieldRef:
              fieldPath: spec.nodeName
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
        - name: GNI_RESTART
          value: {{ .Values.restart.mode | quote }}
        {{- with .Values.restart.unit }}
        - name: GNI_RESTART_UNIT
          value: {{ . | quote }}
        {{- end }}
        {{- with .Values.restart.command }}
        - name: GNI_RESTART_COMMAND
          value: {{ . | quote }}
        {{- end }}
        {{- if .Values.restart.allowContainerKill }}
        - name: GNI_ALLOW_CONTAINER_KILL
          value: "true"
        {{- end }}
        {{- if .Values.upgrade.allowRunningPods }}
        - name: GNI_UPGRADE_RUNNING_PODS
          value: "true"
        {{- end }}
        {{- with .Values.containerdConfig }}
        - name: GNI_CONTAINERD_CONFIG
          value: {{ . | quote }}
        {{- end }}
        {{- with include "gni.runscFlags" . }}
        - name: GNI_RUNSC_FLAGS
          value: {{ . | quote }}
        {{- end }}
      securityContext:
        privileged: true
      # Sized from measured peak RSS (docs/performance.md): 84 MiB for a whole install (restart, CRI live
      # check, label, Event) with the image's JVM flags (heap capped at 48 MiB); the limit leaves ~75 MiB.
      resources:
        {{- toYaml .Values.resources.installer | nindent 8 }}
      volumeMounts:
        - name: host-root
          mountPath: /host
        {{- include "gni.apiTokenMount" . | nindent 8 }}
  containers:
    {{- if and (eq $.command "install") (eq .Values.keepAlive "watch") }}
    {{- include "gni.watcherContainer" . | nindent 4 }}
    {{- else }}
    # Holds the pod after the init container finished, so the DaemonSet shows the node as done.
    - name: pause
      image: {{ .Values.pauseImage }}
      imagePullPolicy: IfNotPresent
      securityContext:
        runAsNonRoot: true
        runAsUser: 65535
        runAsGroup: 65535
        readOnlyRootFilesystem: true
        allowPrivilegeEscalation: false
        capabilities:
          drop:
            - ALL
        seccompProfile:
          type: RuntimeDefault
      resources:
        {{- toYaml .Values.resources.pause | nindent 8 }}
    {{- end }}
  volumes:
    - name: host-root
      hostPath:
        path: /
        type: Directory
    {{- include "gni.apiTokenVolume" . | nindent 4 }}
    {{- if and (eq $.command "install") (eq .Values.keepAlive "watch") }}
    {{- include "gni.watcherVolumes" . | nindent 4 }}
    {{- end }}
{{- end }}
{{- end }}

{{/* The release namespace; helm lint renders without one, where the plain manifests' namespace stands in. */}}
{{- define "gni.namespace" -}}
{{- .Release.Namespace | default "gvisor-system" }}
{{- end }}
