a  {{- 1 -}}  b
{{- /* c */ -}}
  c {{- "" }}
{{ if true -}}
   trimmed
{{- end }}
{{ range $i, $e := until 3 -}}
{{ $e }}
{{- end }}
{{"no-space-after-brace"}}{{-3}}{{- -3 }}
{{ with $x := .Values.image }}{{ $x.tag }}{{ end }}{{ if $y := .Values.list }}{{ len $y }}{{ end }}
{{ (.Values.map.a).x }} {{ ((.Values.list)) }} {{ .Values.map.a.x | printf "%s" | upper | quote | squote }}
{{ $a := 1 }}{{ $b := $a }}{{ $a = 2 }}{{ $b }}{{ $a }}{{ range $a := list 5 }}{{ $a }}{{ end }}{{ $a }}
