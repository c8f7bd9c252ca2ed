{{ add 1 2 3 }} {{ sub 10 4 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 3 }} {{ max 1 5 3 }} {{ min 4 2 8 }} {{ add1 41 }}
{{ floor 2.7 }} {{ ceil 2.1 }} {{ round 2.456 2 }} {{ addf 1.5 2 }} {{ subf 3 0.5 }} {{ mulf 1.5 2 }} {{ divf 1 3 }} {{ maxf 1 2.5 }} {{ minf 1 2.5 }}
{{ atoi "42" }} {{ int "12" }} {{ int64 3.9 }} {{ float64 "1.5" }} {{ int .Values.replicas }} {{ toDecimal "0777" }}
{{ kindOf .Values.map }} {{ kindOf .Values.list }} {{ kindOf 1 }} {{ kindOf "s" }} {{ kindOf nil }} {{ kindIs "slice" .Values.list }}
{{ typeOf .Values.replicas }} {{ typeIs "string" "x" }} {{ typeIsLike "float64" 1.0 }} {{ deepEqual (list 1) (list 1) }}
{{ empty "" }} {{ empty 0 }} {{ empty .Values.empty }} {{ empty .Values.list }} {{ default "d" "" }} {{ default "d" .Values.nothing }} {{ default 5 0 }}
{{ coalesce nil "" 0 "first" }} {{ ternary "yes" "no" true }} {{ true | ternary 1 2 }} {{ all 1 "a" }} {{ any 0 "" "x" }}
{{ fromJson "{\"a\":[1,2,{\"b\":null}]}" | toJson }} {{ toPrettyJson .Values.image }} {{ toRawJson (dict "h" "<>") }}
{{ fromYaml "a: 1\nb: [x, y]\nc: {d: e}" | toYaml }} {{ fromYamlArray "- 1\n- two" | toJson }} {{ (fromYaml "not: [valid") | toJson }}
{{ toToml (dict "a" 1 "t" (dict "k" "v")) }} {{ fromJsonArray "[1,\"a\"]" }} {{ 1 | toString | printf "%T" }} {{ 3.0 }} {{ 1e21 }} {{ 0.1 }}
