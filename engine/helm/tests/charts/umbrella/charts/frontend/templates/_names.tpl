{{- define "frontend.fullname" -}}
{{ .Release.Name }}-{{ .Chart.Name }}-{{ .Values.title | lower }}
{{- end }}
