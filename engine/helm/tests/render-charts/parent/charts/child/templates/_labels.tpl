{{- define "shared.label" -}}
owner: child
{{- end }}
{{- define "deep.only" -}}from-child{{- end }}
