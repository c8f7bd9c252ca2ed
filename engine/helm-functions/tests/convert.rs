//! Helm's encoders and decoders; every expected output is what Helm 4.1.4 printed for the same template.

mod support;

use support::check;

#[test]
fn to_yaml_quotes_what_yaml_1_1_would_misread() {
    check(&[
        (r##"{{ toYaml (dict "a" "yes" "b" "1.0" "c" "on" "d" "true" "e" "null" "f" "~" "g" "" "h" "0x1F" "i" "1e3" "j" "012" "k" "-" "l" "a: b" "m" "#x" "n" "x #y" "o" "@x" "p" "`x" "q" "%x" "r" "!x" "s" "&x" "t" "*x" "u" "[x" "v" "{x" "w" "|" "x" ">" "y" "'" "z" "\"") }}"##,
         "a: \"yes\"\nb: \"1.0\"\nc: \"on\"\nd: \"true\"\ne: \"null\"\nf: \"~\"\ng: \"\"\nh: \"0x1F\"\ni: \"1e3\"\nj: \"012\"\nk: '-'\nl: 'a: b'\nm: '#x'\n\"n\": 'x #y'\no: '@x'\np: '`x'\nq: '%x'\nr: '!x'\ns: '&x'\nt: '*x'\nu: '[x'\nv: '{x'\nw: '|'\nx: '>'\n\"y\": ''''\nz: '\"'"),
        (r##"{{ toYaml (dict "a" "y" "b" "Y" "c" "n" "d" "No" "e" "off" "f" "OFF" "g" "True" "h" "NULL" "i" ".inf" "j" ".nan" "k" "1_000" "l" "0o17" "m" "0b101" "n" "+1" "o" "1." "p" ".5" "q" "1:20" "r" "2001-12-14" "s" "-1" "t" "- x" "u" "? x" "v" ": x" "w" "a:b" "x" "a :b" "y" " x" "z" "x ") }}"##,
         "a: \"y\"\nb: \"Y\"\nc: \"n\"\nd: \"No\"\ne: \"off\"\nf: \"OFF\"\ng: \"True\"\nh: \"NULL\"\ni: \".inf\"\nj: \".nan\"\nk: \"1_000\"\nl: \"0o17\"\nm: \"0b101\"\n\"n\": \"+1\"\no: \"1.\"\np: \".5\"\nq: \"1:20\"\nr: \"2001-12-14\"\ns: \"-1\"\nt: '- x'\nu: '? x'\nv: ': x'\nw: a:b\nx: a :b\n\"y\": ' x'\nz: 'x '"),
    ]);
}

#[test]
fn to_yaml_numbers_go_through_json() {
    check(&[
        (r##"{{ toYaml (dict "a" 1000000.0 "b" 1.5e10 "c" 0.000001 "d" 1e21 "e" 123456789.0 "f" -0.5 "g" 3.0 "h" 1e-7 "i" 12345678901234567890.0 "j" 9007199254740993 "k" .Values.res.big) }}"##,
         "a: 1000000\nb: 15000000000\nc: 1e-06\nd: 1e+21\ne: 123456789\nf: -0.5\ng: 3\nh: 1e-07\ni: 12345678901234567000\nj: 9007199254740993\nk: 12345678"),
    ]);
}

#[test]
fn to_yaml_shapes() {
    check(&[
        (r##"{{ toYaml (list) }}|{{ toYaml (dict) }}|{{ toYaml nil }}|{{ toYaml "s" }}|{{ toYaml 1 }}|{{ toYaml true }}|{{ toYaml (list 1 (list 2 3) (dict "a" (list)) (dict)) }}|{{ toYaml .nope }}"##,
         "[]|{}|null|s|1|true|- 1\n- - 2\n  - 3\n- a: []\n- {}|null"),
        (r##"{{ toYaml (dict "ml" "a\nb\n" "ml2" "a\nb" "ml3" "a\n\nb\n\n" "ml4" " lead\nx" "ml5" "a \nb" "ml6" "a\tb" "ml7" "x\n" "ml8" "\n" "ml9" "a\rb" "ml10" "tab\tx\ny") }}"##,
         "ml: |\n  a\n  b\nml2: |-\n  a\n  b\nml3: |+\n  a\n\n  b\n\nml4: |2-\n   lead\n  x\nml5: \"a \\nb\"\nml6: \"a\\tb\"\nml7: |\n  x\nml8: |2+\n\nml9: \"a\\rb\"\nml10: \"tab\\tx\\ny\""),
        (r##"{{ toYaml (dict "z" 1 "A" 2 "a" (dict "b c" 1 "1" 2 "" 3 "yes" 4 "-x" 5 "a:b" 6)) }}"##,
         "A: 2\na:\n  \"\": 3\n  -x: 5\n  \"1\": 2\n  a:b: 6\n  b c: 1\n  \"yes\": 4\nz: 1"),
        (r##"{{ toYaml (dict "long" "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg hhhhhhhhhh iiiiiiiiii jjjjjjjjjj kkkkkkkkkk") }}"##,
         "long: aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg\n  hhhhhhhhhh iiiiiiiiii jjjjjjjjjj kkkkkkkkkk"),
        (r##"{{ toYaml (list (dict "a" 1 "b" (list (dict "c" 2)))) }}"##, "- a: 1\n  b:\n  - c: 2"),
        (r##"{{ toYamlPretty (dict "a" (list 1 2) "b" (dict "c" (list (dict "d" 1)))) }}"##, "a:\n  - 1\n  - 2\nb:\n  c:\n    - d: 1"),
        (r##"{{ toYaml (dict "k" (list "a\nb" "x")) }}"##, "k:\n- |-\n  a\n  b\n- x"),
        (r##"{{ toYaml (list (list (dict "a" 1 "b" 2))) }}"##, "- - a: 1\n    b: 2"),
        (r##"{{ toYaml (dict "multi\nline" 1) }}"##, "? |-\n  multi\n  line\n: 1"),
        (r##"{{ toYaml "a\n  b\n" }}|{{ toYaml (float64 "-0") }}"##, "|\n  a\n    b|0"),
        (r##"{{ mustToYaml (dict "a" 1) }}"##, "a: 1"),
        ("{{ toYaml .Values.res }}", "big: 12345678\ne: {}\nf: 1.5\nl: []\nlimits:\n  cpu: 100m\n  memory: 1Gi\nnul: null\nt: true"),
        ("{{ toYaml (dict \"h\" \"é\\u0001x\") }}", "h: \"é\\x01x\""),
    ]);
}

#[test]
fn json() {
    check(&[
        (r##"{{ toJson (dict "b" 1 "a" "<&>" "c" (list 1.5 nil true) "d" 1000000.0 "e" 1e21) }} {{ toRawJson (dict "a" "<&>") }} {{ toJson nil }} {{ toJson "s" }} {{ toJson .nope }}"##,
         r##"{"a":"\u003c\u0026\u003e","b":1,"c":[1.5,null,true],"d":1000000,"e":1e+21} {"a":"<&>"} null "s" null"##),
        (r##"{{ toPrettyJson (dict "b" 1 "a" (list 1 2) "e" (dict) "l" (list)) }}"##,
         "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": 1,\n  \"e\": {},\n  \"l\": []\n}"),
        (r##"{{ fromJson "{\"b\":1,\"a\":[1,2.5]}" }} {{ fromJson "[1]" }} {{ fromJsonArray "[1,\"a\"]" }} {{ fromJsonArray "{}" }} {{ typeOf (index (fromJson "{\"a\":1}") "a") }}"##,
         "map[a:[1 2.5] b:1] map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}] [1 a] [json: cannot unmarshal object into Go value of type []interface {}] float64"),
        (r##"{{ toJson (dict "h" "\u2028x\u0001") }}"##, r##"{"h":"\u2028x\u0001"}"##),
        (r##"{{ mustToJson (dict "a" 1) }} {{ mustToPrettyJson (list) }} {{ mustToRawJson (dict "a" "<") }}"##, r##"{"a":1} [] {"a":"<"}"##),
        (r##"{{ hasKey (fromJson "bad") "Error" }}"##, "true"),
        (r##"{{ toJson (dict "a" (float64 "NaN")) }}|{{ toYaml (dict "a" (float64 "NaN")) }}"##, "|"),
        (r##"{{ mustToJson (float64 "NaN") }}"##, "ERR error calling mustToJson: json: unsupported value: NaN"),
        (r##"{{ mustFromJsonArray "{}" }}"##, "PARSE template: t:1: function \"mustFromJsonArray\" not defined"),
    ]);
}

#[test]
fn yaml_and_toml_decoding() {
    check(&[
        (r##"{{ fromYaml "a: 1\nb: [x, y]" }} {{ fromYaml "- 1" }} {{ fromYamlArray "- 1\n- a" }} {{ fromYamlArray "a: 1" }} {{ typeOf (index (fromYaml "a: 1") "a") }} {{ fromYaml "" }} {{ fromYaml "a: yes\nb: 1.0\nc: ~" }} {{ fromYaml "a: 1\na: 2" }}"##,
         "map[a:1 b:[x true]] map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}] [1 a] [error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}] float64 map[] map[a:true b:1 c:<nil>] map[a:2]"),
        (r##"{{ index (fromYaml "bad: [") "Error" | printf "%.30s" }}"##, "error converting YAML to JSON:"),
        (r##"{{ toToml (dict "a" 1 "b" "x" "c" (dict "d" (list 1 2)) "e" 1.5 "f" true) }}"##, "a = 1\nb = \"x\"\ne = 1.5\nf = true\n\n[c]\n  d = [1, 2]\n"),
        (r##"[{{ toToml (dict "a" 1 "c" (dict "d" (list 1 2) "x" (dict "y" 1))) }}]"##, "[a = 1\n\n[c]\n  d = [1, 2]\n  [c.x]\n    y = 1\n]"),
        (r##"{{ toToml (dict "t" (dict "a" 1)) }}"##, "[t]\n  a = 1\n"),
        (r##"{{ fromToml "a = 1\n[b]\nc = \"x\"" }}"##, "map[a:1 b:map[c:x]]"),
        (r##"{{ hasKey (fromToml "bad") "Error" }}"##, "true"),
    ]);
}

#[test]
fn to_yaml_escapes_what_go_yaml_cannot_print_and_fails_on_what_it_cannot_read() {
    check(&[
        // Beyond the Basic Multilingual Plane: double quotes and \U escapes, in values, keys and lists.
        (r##"{{ toYaml (dict "v" (printf "a%cb" 0x1F680) "w" (printf "a%cb" 0x10000) "x" (printf "a%cb" 0x10FFFF)) }}"##,
         "v: \"a\\U0001F680b\"\nw: \"a\\U00010000b\"\nx: \"a\\U0010FFFFb\""),
        (r##"{{ toYaml (printf "%c" 0x1F680) }}|{{ toYaml (dict (printf "k%c" 0x1F680) 1) }}|{{ toYaml (list (printf "%c" 0x1F680) "x") }}"##,
         "\"\\U0001F680\"|\"k\\U0001F680\": 1|- \"\\U0001F680\"\n- x"),
        // A multi-line string with one cannot be a literal block.
        (r##"{{ toYaml (dict "m" (printf "line one %c\nline two\n" 0x1F680)) }}"##,
         "m: \"line one \\U0001F680\\nline two\\n\""),
        (r##"{{ toYaml (dict "l" (printf "%s %c %s" (repeat 50 "word ") 0x1F680 (repeat 30 "more "))) }}"##,
         "l: \"word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word word word\n  word word  \\U0001F680 more more more more more more more more more more more more\n  more more more more more more more more more more more more more more more more\n  more more \""),
        // The rest of the plane prints as it is; the byte order mark is escaped.
        (r##"{{ toYaml (dict "a" (printf "a%cb" 0xA0) "b" (printf "a%cb" 0xD7FF) "c" (printf "a%cb" 0xE000) "d" (printf "a%cb" 0xFFFD) "e" (printf "a%cb" 0xFEFF)) }}"##,
         "a: a\u{a0}b\nb: a\u{d7ff}b\nc: a\u{e000}b\nd: a\u{fffd}b\ne: \"a\\uFEFFb\""),
        // What go-yaml's reader refuses makes toYaml print nothing.
        (r##"{{ toYaml (printf "a%cb" 0x7F) }}|{{ toYaml (printf "%c" 0x80) }}|{{ toYaml (dict "w" (printf "a%c" 0x9F)) }}|{{ toYaml (printf "%c" 0xFFFE) }}|{{ toYaml (dict (printf "%c" 0xFFFF) 1) }}"##,
         "||||"),
        // A next line (U+0085) is a line break to that reader, folded with the spaces around it.
        (r##"{{ toYaml (printf "a %c b" 0x85) }}|{{ toYaml (printf "a%c%cb" 0x85 0x85) }}|{{ toYaml (printf "a%c" 0x85) }}|{{ toYaml (printf "%ca" 0x85) }}|{{ toYaml (printf "a%c\nb" 0x85) }}"##,
         "a b||-\n  a\n  b|'a '|' a'|\"a \\nb\""),
    ]);
}
