{{/* a comment */}}{{- if and .Values.image (not .Values.empty) -}}
{{ .Values.image.tag | quote }} {{ semverCompare ">=1.21-0" "v1.27.0" }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}
{{- else if or .Values.missing.x 0 }}{{ fail "no" }}{{ else }}{{ required "needed" .Values.nope }}{{ end -}}
{{ tpl "{{ .Release.Name }}" . }} {{ b64enc "x" | b64dec }} {{ sha256sum "a" }} {{ index .Values.list 1 }} {{ substr 1 2 "abc" }}
{{ block "b" . }}{{ len .Values.list }}{{ end }}{{ template "b" .Values }}
