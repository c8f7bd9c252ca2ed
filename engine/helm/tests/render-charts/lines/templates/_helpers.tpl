{{- define "lines.labels" -}}
app: {{ .Values.name }}
tier: front
{{- end }}
