{{- define "common.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
{{- end }}
{{- define "common.instance" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
