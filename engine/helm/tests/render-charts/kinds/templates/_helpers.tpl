{{- define "kinds.name" -}}kinds-{{ .Chart.Name }}{{- end }}
