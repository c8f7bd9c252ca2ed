{{ trim "  x  " }} {{ trimAll "$" "$5.00$" }} {{ trimPrefix "v" "v1.2" }} {{ trimSuffix "-" "name-" }} {{ upper "abc" }} {{ lower "ABC" }}
{{ title "hello world" }} {{ untitle "Hello" }} {{ repeat 3 "ab" }} {{ substr 1 4 "abcdef" }} {{ nospace "a b c" }} {{ trunc 5 "truncated" }} {{ trunc -3 "abcdef" }}
{{ abbrev 6 "abbreviate me" }} {{ abbrevboth 2 8 "1234567890" }} {{ initials "First Try" }} {{ wrap 5 "wrap this text" }} {{ wrapWith 4 "\n" "abcdefgh" }}
{{ contains "ell" "hello" }} {{ hasPrefix "he" "hello" }} {{ hasSuffix "lo" "hello" }} {{ cat "a" 1 nil "b" }} {{ indent 2 "x\ny" }} {{ nindent 4 "z" }}
{{ replace "a" "b" "banana" }} {{ plural "one" "many" 2 }} {{ snakecase "FirstName" }} {{ camelcase "http_server" }} {{ kebabcase "MyName" }} {{ swapcase "AbC" }}
{{ quote "q" 1 nil }} {{ squote "s" }} {{ splitList "," "a,b,,c" }} {{ split "." "a.b.c" }} {{ splitn "," 2 "a,b,c" }} {{ join "-" (list 1 "a" 2.5) }} {{ sortAlpha (list "b" "a" "C") }}
{{ regexMatch "^[a-z]+$" "abc" }} {{ regexFind "[0-9]+" "ab123cd45" }} {{ regexFindAll "[0-9]" "a1b2c3" -1 }} {{ regexSplit "[,;]" "a,b;c" -1 }}
{{ regexReplaceAll "(a+)(b)?" "aaab ab a" "<${1}|$2>" }} {{ regexReplaceAllLiteral "a" "banana" "$1" }} {{ regexQuoteMeta "a.b*c" }}
{{ toString 12 }} {{ toStrings (list 1 "2" nil) }} {{ printf "%s" (list "a" (dict "k" "v")) }} {{ shuffle "abc" | len }}
{{ "Über straße" | upper }} {{ substr 0 2 "日本語" }} {{ trunc 2 "日本語" }} {{ len "日本語" }}
