{{- /* every action */ -}}
{{ $n := 0 }}{{ $name := .Release.Name }}
{{- if eq .Values.replicas 3.0 }}three{{ else if gt .Values.replicas 3.0 }}more{{ else }}fewer{{ end }}
{{- with .Values.image }}{{ .repository }}:{{ .tag }}{{ else with .Values.map }}{{ .b }}{{ else }}none{{ end }}
{{ range $i, $v := .Values.list }}{{ if not $v }}{{ continue }}{{ end }}{{ $n = add1 $n }}{{ $i }}={{ $v }};{{ else }}empty{{ end }}
{{ range $k, $v := .Values.map }}{{ $k }}:{{ if kindIs "map" $v }}{{ range $k2, $v2 := $v }}{{ $k2 }}={{ $v2 }}{{ end }}{{ else }}{{ $v }}{{ end }} {{ end }}
{{ range $i := 5 }}{{ if ge $i 3 }}{{ break }}{{ end }}{{ $i }}{{ end }}
{{ range .Values.empty }}never{{ else }}empty map{{ end }}
{{ define "inner" }}[{{ . }}]{{ end }}{{ template "inner" $name }}{{ block "outer" $n }}<{{ . }}>{{ end }}
{{ $.Chart.Name }} {{ ($.Values.image).tag }} {{ (index $.Values "map" "a" "x") }} {{ .Values.missing.deeper }}
{{- "quoted" }} {{ `raw {{ not an action }}` }} {{ 'a' }} {{ 0x1F }} {{ 1e3 }} {{ -2.5 }} {{ true }} {{ nil | default "nil" }}
{{- /* a trimmed comment */ -}}
{{- range $index, $element := list "x" "y" -}}
  {{- $index }}-{{ $element -}}
{{- end }}
