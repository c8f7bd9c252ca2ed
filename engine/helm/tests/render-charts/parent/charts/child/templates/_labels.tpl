{{- define "shared.label" -}}
owner: child
{{- end }}
