{{- define "toolkit.configmap.tpl" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
data: {}
{{- end -}}
{{- define "toolkit.configmap" -}}
{{- $base := fromYaml (include "toolkit.configmap.tpl" .root) -}}
{{- $overlay := fromYaml (include .overlay .root) -}}
{{- toYaml (mergeOverwrite $base $overlay) -}}
{{- end -}}
