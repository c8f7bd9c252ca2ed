{{- define "deep.only" -}}from-parent-deep{{- end }}
{{- define "shared.label" -}}owner: deep{{- end }}
