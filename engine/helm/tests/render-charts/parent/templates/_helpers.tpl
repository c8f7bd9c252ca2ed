{{- define "parent.fullname" -}}
{{ .Release.Name }}-{{ .Chart.Name }}
{{- end }}
{{- define "shared.label" -}}
owner: parent
{{- end }}
