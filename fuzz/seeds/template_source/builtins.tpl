{{ and 1 0 "x" }} {{ or 0 "" "first" }} {{ not .Values.empty }} {{ eq 1 2 3 1 }} {{ ne "a" "b" }}
{{ lt 1 2 }} {{ le 2.5 2.5 }} {{ gt "b" "a" }} {{ ge 3 4 }} {{ index .Values.list 0 }} {{ index .Values.map "a" }}
{{ slice .Values.list 1 }} {{ substr 1 3 "hello" }} {{ len .Values.map }} {{ len "héllo" }}
{{ print 1 2 "a" "b" 3.5 nil }} {{ println "line" 4 }}
{{ printf "%v|%+v|%#v|%T" .Values.map .Values.list .Values.image .Values.replicas }}
{{ printf "%q %x %X %o %b %e %g %8.3f %-6s| %06d %+d %c %U %%" "q" 255 "hi" 8 5 1234.5 0.000001 3.14159 "ab" 42 7 65 9731 }}
{{ printf "%s %d" "missing-arg" }} {{ printf "%!" }} {{ printf "%[2]s %[1]s" "a" "b" }} {{ printf "%*d" 5 3 }}
{{ html "<a href='x'>&</a>" }} {{ js "it's \"q\" <tag>" }} {{ urlquery "a b&c=d" }}
{{ .Values.list | len | printf "%03d" }} {{ "pipe" | printf "%s-%s" "x" }}
