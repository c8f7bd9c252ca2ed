{{- define "broken.unclosed" -}}
name: {{ .Release.Name
{{- end }}
