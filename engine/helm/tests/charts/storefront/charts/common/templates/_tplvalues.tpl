{{/* A value that may hold a template: (dict "value" .Values.x "ctx" $). Strings as they are, anything else as YAML. */}}
{{- define "common.tplvalues.render" -}}
{{- if typeIs "string" .value -}}
{{- tpl .value .ctx -}}
{{- else -}}
{{- tpl (toYaml .value) .ctx -}}
{{- end -}}
{{- end -}}
