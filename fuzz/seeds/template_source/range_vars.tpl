{{ range $k, $v := .Values.map }}{{ $k }}={{ $v }}{{ else }}none{{ end }}
{{ $x := 0 }}{{ range $i, $e := .Values.list }}{{ $x = add $x 1 }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ printf "%d:%v %q" $i $e $e }}{{ end }}{{ $x }}
{{ range 3 }}{{ . }}{{ break }}{{ end }}
{{ $d := dict "a" 1 "b" (list 1 2) }}{{ $_ := set $d "c" "x" }}{{ toJson $d }} {{ $d | toYaml }}
