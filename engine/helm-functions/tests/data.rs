//! Sprig's dict, math, type and default functions; every expected output is what Helm 4.1.4 printed.

mod support;

use support::check;

#[test]
fn dicts() {
    check(&[
        ("{{ dict \"a\" 1 \"b\" }} {{ dict 1 2 }} {{ dict \"a\" 1 \"a\" 2 }} {{ dict nil 1 }} {{ dict }}", "map[a:1 b:] map[1:2] map[a:2] map[<nil>:1] map[]"),
        ("{{ get (dict \"a\" 1) \"a\" }}|{{ get (dict \"a\" 1) \"b\" }}|{{ typeOf (get (dict) \"b\") }}", "1||string"),
        ("{{ $d := dict \"a\" 1 }}{{ set $d \"b\" 2 }} {{ $d }} {{ unset $d \"a\" }} {{ $d }} {{ hasKey $d \"b\" }} {{ hasKey $d \"a\" }}", "map[a:1 b:2] map[a:1 b:2] map[b:2] map[b:2] true false"),
        ("{{ pluck \"a\" (dict \"a\" 1) (dict \"b\" 2) (dict \"a\" 3) }} {{ dig \"a\" \"b\" \"def\" (dict \"a\" (dict \"b\" 5)) }} {{ dig \"a\" \"x\" \"def\" (dict \"a\" (dict \"b\" 5)) }}", "[1 3] 5 def"),
        ("{{ dig \"a\" \"b\" \"def\" (dict \"a\" 1) }}", "ERR error calling dig: interface conversion: interface {} is int, not map[string]interface {}"),
        ("{{ dig \"a\" \"d\" nil }}", "ERR error calling dig: interface conversion: interface {} is nil, not map[string]interface {}"),
        ("{{ dig \"a\" }}", "ERR error calling dig: dig needs at least three arguments"),
        ("{{ set nil \"a\" 1 }}", "ERR error calling set: assignment to entry in nil map"),
        ("{{ unset nil \"a\" }} {{ merge nil (dict \"a\" 1) }} {{ mergeOverwrite nil (dict \"a\" 1) }} {{ dict \"a\" }}", "map[] map[a:1] map[a:1] map[a:]"),
        // Go rejects a non-string key before the call, with these words.
        ("{{ set (dict) 1 2 }}", "ERR error calling set: expected string; found 1"),
        ("{{ get (dict) 1 }}", "ERR error calling get: expected string; found 1"),
        ("{{ hasKey (dict) 1 }}", "ERR error calling hasKey: expected string; found 1"),
        ("{{ pick (dict \"1\" 1) 1 }}", "ERR error calling pick: expected string; found 1"),
        ("{{ keys (dict \"a\" 1) 1 }}", "ERR error calling keys: can't handle 1 for arg of type map[string]interface {}"),
        ("{{ values 1 }}", "ERR error calling values: can't handle 1 for arg of type map[string]interface {}"),
        ("{{ keys nil }} {{ merge (dict) nil }} {{ hasKey nil \"a\" }}", "[] map[] false"),
        ("{{ keys (dict \"b\" 1 \"a\" 2) }} {{ keys (dict \"b\" 1) (dict \"a\" 2 \"b\" 3) }} {{ values (dict \"b\" 1 \"a\" 2) }} {{ pick (dict \"a\" 1 \"b\" 2 \"c\" 3) \"a\" \"c\" \"z\" }} {{ omit (dict \"a\" 1 \"b\" 2) \"a\" }}", "[a b] [b a b] [2 1] map[a:1 c:3] map[b:2]"),
        ("{{ $o := dict \"n\" (dict \"x\" 1) }}{{ $c := deepCopy $o }}{{ $_ := set $c.n \"x\" 2 }}{{ $o }} {{ $c }} {{ deepCopy (list 1 (dict \"a\" 1)) }}", "map[n:map[x:1]] map[n:map[x:2]] [1 map[a:1]]"),
        ("{{ deepCopy nil }}", "ERR error calling deepCopy: reflect: call of reflect.Value.Type on zero Value"),
        ("{{ mustDeepCopy nil }}", "ERR error calling mustDeepCopy: reflect: call of reflect.Value.Type on zero Value"),
        // Go stops a non-map before the call (`can't handle 1 for arg of type ...`): same words here.
        ("{{ get 1 \"a\" }}", "ERR error calling get: can't handle 1 for arg of type map[string]interface {}"),
        ("{{ mustMerge 1 (dict) }}", "ERR error calling mustMerge: can't handle 1 for arg of type map[string]interface {}"),
        // Go order for `keys`/`values` is random; ours is sorted.
        ("{{ $d := dict }}{{ set $d \"me\" $d }}", "ERR error calling set: cannot put a map inside itself: the result could never be printed"),
    ]);
}

#[test]
fn set_and_merge_mutate_the_shared_map() {
    check(&[
        ("{{ $_ := set .Values.res.limits \"gpu\" 1 }}{{ .Values.res.limits.gpu }} {{ $l := .Values.res.limits }}{{ $_ := unset $l \"cpu\" }}{{ .Values.res.limits }}", "1 map[gpu:1 memory:1Gi]"),
        ("{{ $a := dict \"x\" 1 \"n\" (dict \"p\" 1) \"e\" \"\" \"l\" (list 1) }}{{ $r := merge $a (dict \"x\" 2 \"y\" 3 \"n\" (dict \"q\" 2 \"p\" 9) \"e\" \"fill\" \"l\" (list 2)) }}{{ $a }} {{ $r }}", "map[e:fill l:[1] n:map[p:1 q:2] x:1 y:3] map[e:fill l:[1] n:map[p:1 q:2] x:1 y:3]"),
        ("{{ $a := dict \"x\" 1 \"n\" (dict \"p\" 1) \"e\" \"\" \"l\" (list 1) \"z\" 0 }}{{ $r := mergeOverwrite $a (dict \"x\" 2 \"y\" 3 \"n\" (dict \"q\" 2 \"p\" 9) \"e\" \"\" \"l\" (list 2) \"z\" nil) }}{{ $a }}", "map[e: l:[2] n:map[p:9 q:2] x:2 y:3 z:<nil>]"),
        ("{{ $a := dict \"x\" 1 }}{{ $r := mergeOverwrite $a (dict \"x\" \"\") (dict \"x\" 0) }}{{ $a }} {{ $b := dict \"x\" 1 }}{{ $_ := mergeOverwrite $b (dict \"x\" false) }}{{ $b }}", "map[x:0] map[x:false]"),
        ("{{ $d := dict \"a\" (dict \"b\" 1) }}{{ $e := merge (dict) $d }}{{ $_ := set $e.a \"c\" 2 }}{{ $d }}", "map[a:map[b:1 c:2]]"),
        ("{{ merge (dict \"a\" nil) (dict \"a\" 1) }} {{ merge (dict \"a\" (dict)) (dict \"a\" (dict \"b\" 1)) }} {{ merge (dict \"a\" 1) (dict \"a\" (dict \"b\" 1)) }} {{ merge (dict \"a\" (dict \"b\" 1)) (dict \"a\" 2) }}", "map[a:1] map[a:map[b:1]] map[a:1] map[a:map[b:1]]"),
        ("{{ mergeOverwrite (dict \"a\" 1) (dict \"a\" (dict \"b\" 1)) }} {{ mergeOverwrite (dict \"a\" (dict \"b\" 1)) (dict \"a\" 2) }} {{ mergeOverwrite (dict \"a\" (list 1)) (dict \"a\" (list)) }} {{ merge (dict \"a\" (list)) (dict \"a\" (list 1)) }}", "map[a:map[b:1]] map[a:2] map[a:[]] map[a:[1]]"),
    ]);
}

#[test]
fn integer_math_casts_its_arguments() {
    check(&[
        ("{{ add 1 2 3 }} {{ add \"3\" 1 }} {{ add 1.7 1 }} {{ add }} {{ add1 \"x\" }} {{ sub 5 2 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 3 }} {{ add 1 .Values.res.f }}", "6 4 2 0 1 3 24 3 1 2"),
        ("{{ biggest 1 5 2 }}", "5"),
        ("{{ add1 }}", "ERR wrong number of args for add1: want 1 got 0"),
        ("{{ round 1.25 1 }} {{ round 1.35 1 }} {{ round -1.5 0 }} {{ round 1.23456 3 0.4 }}", "1.3 1.4 -2 1.235"),
        ("{{ div 1 0 }}", "ERR error calling div: runtime error: integer divide by zero"),
        ("{{ mod 1 0 }}", "ERR error calling mod: runtime error: integer divide by zero"),
        ("{{ max 1 5 3 }} {{ min 4 2 9 }} {{ max 1.5 2 }} {{ max \"7\" 3 }} {{ floor 1.5 }} {{ ceil 1.2 }} {{ round 3.14159 2 }} {{ round 2.5 0 }} {{ floor \"2.7\" }}", "5 2 2 7 1 2 3.14 3 2"),
        ("{{ divf 1 3 }} {{ div 10 4.0 }} {{ add 1 true }} {{ add 1 nil }} {{ add 9223372036854775807 1 }} {{ mod 7 -3 }} {{ div -7 2 }}", "0.3333333333333333 2 2 1 -9223372036854775808 1 -3"),
    ]);
}

#[test]
fn float_math_is_decimal() {
    check(&[
        ("{{ addf 1 2.5 }} {{ add1f 1.5 }} {{ subf 5 1.5 }} {{ mulf 1.5 2 }} {{ divf 3 2 }} {{ maxf 1 2.5 }} {{ minf 1 2.5 }} {{ addf \"1.5\" 1 }} {{ mulf 1.1 3 }} {{ addf 0.1 0.2 }} {{ subf 1 }} {{ divf 10 4 3 }} {{ addf }} {{ typeOf (addf 1) }}", "3.5 2.5 3.5 3 1.5 2.5 1 2.5 3.3 0.3 1 0.8333333333333333 0 float64"),
        ("{{ divf 1 0 }}", "ERR error calling divf: decimal division by 0"),
        ("{{ typeOf (addf 1 2) }} {{ typeOf (floor 1.5) }} {{ typeOf (round 1.5 0) }} {{ typeOf (maxf 1 2) }}", "float64 float64 float64 float64"),
    ]);
}

#[test]
fn conversions_and_types() {
    check(&[
        ("{{ int \"12\" }} {{ int \"abc\" }} {{ int 1.9 }} {{ int64 \"0x1F\" }} {{ int \"010\" }} {{ float64 \"1.5\" }} {{ float64 2 }} {{ atoi \"42\" }} {{ atoi \"x\" }} {{ atoi \"1.5\" }} {{ int true }} {{ int nil }}", "12 0 1 31 8 1.5 2 42 0 0 1 0"),
        ("{{ toString 1.5 }} {{ toString 1000000.0 }} {{ toString nil }} {{ toString (list 1 2) }} {{ toStrings (list 1 \"a\" nil 2.5) }} {{ toDecimal \"0777\" }} {{ toDecimal \"8\" }} {{ toDecimal \"x\" }}", "1.5 1e+06 <nil> [1 2] [1 a 2.5] 511 0 0"),
        ("{{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf \"s\" }} {{ typeOf true }} {{ typeOf nil }} {{ typeOf .Values.res.big }} {{ typeOf .Values.res.e }} {{ typeOf .Values.res.l }} {{ typeOf (dict) }} {{ typeOf (len \"a\") }} {{ typeOf .Values.res.nul }} {{ typeOf .Values.nope }}", "int float64 string bool <nil> float64 map[string]interface {} []interface {} map[string]interface {} int <nil> <nil>"),
        ("{{ kindOf 1 }} {{ kindOf 1.5 }} {{ kindOf \"s\" }} {{ kindOf nil }} {{ kindOf (list) }} {{ kindOf (dict) }} {{ kindOf .Values }} {{ kindOf true }} {{ typeIs \"int\" 1 }} {{ typeIs \"float64\" .Values.res.big }} {{ typeIsLike \"int\" 1 }} {{ typeIsLike \"*int\" 1 }} {{ kindIs \"map\" .Values }} {{ kindIs \"invalid\" nil }}", "int float64 string invalid slice map map bool true true true false true true"),
        ("{{ deepEqual (list 1 2) (list 1 2) }} {{ deepEqual 1 1.0 }} {{ deepEqual (dict \"a\" 1) (dict \"a\" 1) }} {{ deepEqual nil nil }} {{ deepEqual 1 \"1\" }}", "true false true true false"),
        ("{{ atoi \" 5\" }} {{ int \" 5\" }} {{ int \"1.0\" }} {{ int \"1.5\" }} {{ int64 \"-0x10\" }} {{ int \"1_000\" }} {{ int \"0b11\" }} {{ float64 \"1e3\" }} {{ float64 \"0x10\" }} {{ float64 \" 1\" }}", "0 0 1 0 -16 1000 3 1000 0 0"),
        ("{{ toString true }} {{ toString (dict \"a\" 1) }} {{ toString 100000000.0 }} {{ toStrings \"a\" }} {{ toStrings nil }}", "true map[a:1] 1e+08 [a] []"),
        ("{{ typeOf (int 1) }} {{ typeOf (float64 1) }} {{ typeOf (atoi \"1\") }}", "int float64 int"),
    ]);
}

/// Go's integer types as Helm 4.1.4 prints them: each expected text is its output for the template.
#[test]
fn integers_carry_go_types() {
    check(&[
        ("{{ typeOf 4 }} {{ typeOf 'a' }} {{ typeOf 0x10 }} {{ typeOf 1e3 }} {{ printf \"%T\" 4 }}", "int int int float64 int"),
        ("{{ typeOf (add 1 2) }} {{ typeOf (sub 1 2) }} {{ typeOf (mul 1 2) }} {{ typeOf (div 4 2) }} {{ typeOf (mod 4 3) }} {{ typeOf (add1 1) }} {{ typeOf (max 1 2) }} {{ typeOf (min 1 2) }} {{ typeOf (biggest 1 2) }} {{ typeOf (div 7 2.0) }}", "int64 int64 int64 int64 int64 int64 int64 int64 int64 int64"),
        ("{{ typeOf (int \"3\") }} {{ typeOf (int64 \"3\") }} {{ typeOf (float64 (int64 3)) }} {{ typeOf (atoi \"3\") }} {{ typeOf (toDecimal \"7\") }} {{ typeOf (randInt 1 2) }} {{ typeOf (len (list 1)) }} {{ typeOf (until 2 | first) }}", "int int64 float64 int int64 int int int"),
        ("{{ typeOf (fromJson \"{\\\"a\\\":1}\").a }} {{ typeOf (fromYaml \"a: 1\").a }} {{ typeOf (fromToml \"a = 1\").a }} {{ typeOf (semver \"1.2.3\").Major }} {{ typeOf ((semver \"1.2.3\").Compare (semver \"1.2.3\")) }} {{ typeOf (index \"ab\" 0) }}", "float64 float64 int64 uint64 int uint8"),
        ("{{ kindOf (int64 1) }} {{ kindOf (semver \"1.2.3\").Major }} {{ printf \"%T %v %d\" (add 1 1) (add 1 1) (add 1 1) }} {{ printf \"%v %T %d\" .Values.res.big .Values.res.big .Values.res.big }}", "int64 uint64 int64 2 2 1.2345678e+07 float64 %!d(float64=1.2345678e+07)"),
        ("{{ eq 1 (int64 1) }} {{ lt 1 (int64 2) }} {{ eq (int64 1) 1 }} {{ eq 1 (semver \"1.2.3\").Major }} {{ lt 1 (semver \"1.2.3\").Major }} {{ eq (index \"ab\" 0) 97 }}", "true true true true false true"),
        ("{{ deepEqual 1 (int64 1) }} {{ deepEqual (int64 1) (add 0 1) }} {{ toJson (add 1 1) }} {{ toYaml (int64 5) }} {{ range (int64 2) }}{{ typeOf . }}{{ end }} {{ printf \"%*d\" (int64 3) 7 }}", "false true 2 5 int64int64   7"),
        ("{{ eq (int64 1) 1.5 }}", "ERR error calling eq: incompatible types for comparison: int64 and float64"),
        ("{{ lt 1 1.0 }}", "ERR error calling lt: incompatible types for comparison: int and float64"),
        ("{{ eq (dict) 1 }}", "ERR error calling eq: incompatible types for comparison: map[string]interface {} and int"),
        ("{{ semver \"1.2.3-rc.1+b\" }} {{ printf \"%v\" (semver \"v1.2\") }} {{ typeOf (semver \"1.2.3\") }} {{ kindOf (semver \"1.2.3\") }} {{ list (semver \"1.2.3\") }} {{ toJson (semver \"1.2.3\") }} {{ semver \"1.2.3\" | quote }}", "1.2.3-rc.1+b 1.2.0 *semver.Version ptr [1.2.3] \"1.2.3\" \"1.2.3\""),
        ("{{ until (int64 3) }}", "ERR error calling until: wrong type for value; expected int; got int64"),
        ("{{ randAlpha (int64 3) }}", "ERR error calling randAlpha: wrong type for value; expected int; got int64"),
    ]);
}

#[test]
fn defaults_and_flow() {
    check(&[
        ("{{ default \"d\" \"\" }} {{ default \"d\" 0 }} {{ default \"d\" false }} {{ default \"d\" nil }} {{ default \"d\" (list) }} {{ default \"d\" (dict) }} {{ default \"d\" \"x\" }} {{ default \"d\" .nope }} {{ default \"d\" 0.0 }} {{ default 1 }}", "d d d d d d x d d 1"),
        ("{{ empty \"\" }} {{ empty 0 }} {{ empty 0.0 }} {{ empty false }} {{ empty nil }} {{ empty (list) }} {{ empty (dict) }} {{ empty \" \" }} {{ empty .Values.nope }} {{ empty 1 }}", "true true true true true true true false true false"),
        ("{{ coalesce 0 \"\" \"a\" \"b\" }} {{ coalesce 0 nil }} {{ coalesce }} {{ ternary \"y\" \"n\" true }} {{ ternary \"y\" \"n\" false }} {{ all 1 \"a\" }} {{ all 1 \"\" }} {{ any 0 \"\" }} {{ any 0 \"x\" }} {{ all }} {{ any }}", "a   y n true false false true true false"),
        ("{{ default \"a\" \"b\" \"c\" }}", "b"),
        ("{{ fail \"boom\" }}", "ERR error calling fail: boom"),
        ("{{ ternary \"y\" \"n\" 1 }}", "ERR error calling ternary: expected bool; found 1"),
    ]);
}
