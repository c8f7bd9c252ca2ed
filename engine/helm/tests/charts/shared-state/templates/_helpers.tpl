{{- define "state.isStatefulSet" -}}
{{- if has .Values.kind (list "sts" "StatefulSet" "statefulset") -}}true{{- end -}}
{{- end -}}

{{/* Merges a YAML string of overrides into .Values, for every later template to see. */}}
{{- define "state.applyOverrides" -}}
{{- if not .Values._applied -}}
{{- $_ := mergeOverwrite .Values (fromYaml .Values.overrides) -}}
{{- $_ := set .Values "_applied" true -}}
{{- end -}}
{{- end -}}
