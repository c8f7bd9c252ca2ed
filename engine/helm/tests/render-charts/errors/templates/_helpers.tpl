{{- define "errors.recurse" }}{{ include "errors.recurse" . }}{{ end }}
{{- define "errors.needs" }}{{ required "errors.needs wants .Values.needed" .Values.needed }}{{ end }}
{{- define "errors.field" }}{{ .Values.case.field }}{{ end }}
