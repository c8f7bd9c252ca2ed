{{ $l := list 3 1 2 1 nil "" }}{{ first $l }} {{ rest $l }} {{ last $l }} {{ initial $l }} {{ append $l 9 }} {{ prepend $l 0 }}
{{ concat $l (list "x") (list) }} {{ reverse $l }} {{ uniq $l }} {{ without $l 1 }} {{ has 2 $l }} {{ compact $l }} {{ slice $l 1 3 }}
{{ until 4 }} {{ untilStep 1 10 3 }} {{ seq 5 }} {{ seq 1 2 9 }} {{ sortAlpha (list "z" "y") }} {{ mustFirst (list) | default "none" }}
{{ $d := dict "b" 2 "a" (dict "x" 1 "y" (list 1 2)) }}{{ get $d "b" }} {{ $_ := set $d "c" 3 }}{{ $_ := unset $d "b" }}{{ hasKey $d "b" }}
{{ keys $d | sortAlpha }} {{ values $d | len }} {{ pick $d "a" "zz" }} {{ omit $d "a" }} {{ pluck "x" (dict "x" 1) (dict "x" 2) (dict) }}
{{ $m := merge (dict "a" (dict "y" 9 "z" 8)) $d }}{{ toJson $m }} {{ $o := mergeOverwrite (deepCopy $d) (dict "a" (dict "x" "new")) }}{{ toJson $o }}
{{ dig "a" "x" "default" $d }} {{ dig "a" "q" "r" "deep-default" $d }} {{ dig "image" "tag" "none" .Values }}
{{ $copy := deepCopy .Values }}{{ $_ := set $copy.image "tag" "changed" }}{{ .Values.image.tag }} {{ $copy.image.tag }}
{{ list 1 2 | toJson }} {{ dict | toYaml }} {{ list | toYaml }} {{ dict "k" (list (dict "n" 1) (list 2 3)) | toYaml | nindent 2 }}
{{ chunk 2 (list 1 2 3 4 5) }} {{ index (list (list 1 2) (list 3)) 0 1 }} {{ mustAppend (list 1) 2 }} {{ sortAlpha (keys .Values.map) }}
