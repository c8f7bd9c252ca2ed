//! Sprig's list functions; every expected output is what Helm 4.1.4 printed for the same template.

mod support;

use support::check;

const NIL: &str = "runtime error: invalid memory address or nil pointer dereference";

#[test]
fn list_accessors() {
    check(&[
        ("{{ last (list 1 2) }} {{ rest (list 1 2 3) }} {{ initial (list 1 2 3) }} {{ rest list }} {{ initial list }}", "2 [2 3] [1 2] [] []"),
        ("{{ first list }}|{{ mustFirst list }}|{{ last list }}", "||"),
        ("{{ first (list 1 2) }} {{ mustLast (list 1 2) }} {{ mustRest (list 1) }} {{ mustInitial (list 1 2) }}", "1 2 [] [1]"),
        ("{{ first 1 }}", "ERR error calling first: Cannot find first on type int"),
        ("{{ mustFirst 1 }}", "ERR error calling mustFirst: Cannot find first on type int"),
        ("{{ rest 1 }}", "ERR error calling rest: Cannot find rest on type int"),
        ("{{ mustRest 1 }}", "ERR error calling mustRest: Cannot find rest on type int"),
        ("{{ last \"s\" }}", "ERR error calling last: Cannot find last on type string"),
        ("{{ initial (dict) }}", "ERR error calling initial: Cannot find initial on type map"),
        ("{{ first }}", "ERR wrong number of args for first: want 1 got 0"),
        ("{{ first (list 1) 2 }}", "ERR wrong number of args for first: want 1 got 2"),
        ("{{ first nil }}", &format!("ERR error calling first: {NIL}")),
        ("{{ rest nil }}", &format!("ERR error calling rest: {NIL}")),
    ]);
}

#[test]
fn building_lists() {
    check(&[
        (
            "{{ append (list 1) 2 }} {{ push (list 1) 2 }} {{ prepend (list 1) 0 }} {{ concat (list 1) (list 2 3) }}",
            "[1 2] [1 2] [0 1] [1 2 3]",
        ),
        ("{{ $l := list 1 }}{{ $m := append $l 2 }}{{ $l }} {{ $m }}", "[1] [1 2]"),
        ("{{ append nil 2 }}", &format!("ERR error calling append: {NIL}")),
        ("{{ append 1 2 }}", "ERR error calling append: Cannot push on type int"),
        ("{{ mustAppend 1 2 }}", "ERR error calling mustAppend: Cannot push on type int"),
        ("{{ mustPrepend 1 2 }}", "ERR error calling mustPrepend: Cannot prepend on type int"),
        ("{{ concat (list 1) nil }}", &format!("ERR error calling concat: {NIL}")),
        ("{{ concat (list 1) 2 }}", "ERR error calling concat: Cannot concat type int as list"),
        ("{{ append (list 1) 2 | last | typeOf }} {{ without (list) 1 }}", "int []"),
    ]);
}

#[test]
fn filtering_and_membership() {
    check(&[
        ("{{ reverse (list 1 2 3) }} {{ uniq (list 1 \"1\" 1 2 2) }} {{ without (list 1 2 3 1) 1 3 }} {{ has 2 (list 1 2) }} {{ has \"2\" (list 1 2) }}", "[3 2 1] [1 1 2] [2] true false"),
        ("{{ has 1 nil }}", "false"),
        ("{{ has 1 1 }}", "ERR error calling has: Cannot find has on type int"),
        ("{{ mustHas 1 1 }}", "ERR error calling mustHas: Cannot find has on type int"),
        ("{{ compact (list 1 0 \"\" nil false \"a\" (list) (dict)) }}", "[1 a]"),
        ("{{ uniq (list (dict \"a\" 1) (dict \"a\" 1)) }}", "[map[a:1]]"),
        ("{{ without nil 1 }}", &format!("ERR error calling without: {NIL}")),
        ("{{ mustUniq 1 }}", "ERR error calling mustUniq: Cannot find uniq on type int"),
        ("{{ mustCompact 1 }}", "ERR error calling mustCompact: Cannot compact on type int"),
        ("{{ mustReverse 1 }}", "ERR error calling mustReverse: Cannot find reverse on type int"),
        ("{{ mustWithout 1 2 }}", "ERR error calling mustWithout: Cannot find without on type int"),
    ]);
}

#[test]
fn sprig_slice_replaces_go_slice() {
    check(&[
        (
            "{{ slice (list 1 2 3 4) 1 3 }} {{ slice (list 1 2 3 4) 1 }} {{ slice (list 1 2 3 4) }}",
            "[2 3] [2 3 4] [1 2 3 4]",
        ),
        ("{{ slice \"abcd\" 1 3 }}", "ERR error calling slice: list should be type of slice or array but string"),
        ("{{ mustSlice 1 1 }}", "ERR error calling mustSlice: list should be type of slice or array but int"),
        ("{{ slice (list 1 2) 3 }}", "ERR error calling slice: reflect.Value.Slice: slice index out of bounds"),
    ]);
}

#[test]
fn generators() {
    check(&[
        ("{{ until 3 }} {{ until -3 }} {{ untilStep 1 10 3 }} {{ untilStep 10 1 -3 }} {{ untilStep 1 10 0 }}", "[0 1 2] [0 -1 -2] [1 4 7] [10 7 4] []"),
        ("{{ seq 3 }} | {{ seq 2 5 }} | {{ seq 5 2 }} | {{ seq 1 2 8 }} | {{ seq 0 }} | {{ seq 8 -2 1 }} | {{ seq }}", "1 2 3 | 2 3 4 5 | 5 4 3 2 | 1 3 5 7 | 1 0 | 8 6 4 2 | "),
        ("{{ seq 1 2 3 4 }}", ""),
        ("{{ chunk 2 (list 1 2 3 4 5) }} {{ chunk 2 list }}", "[[1 2] [3 4] [5]] []"),
        ("{{ chunk 0 (list 1) }}", "ERR error calling chunk: runtime error: makeslice: len out of range"),
        ("{{ mustChunk 2 (list 1 2 3) }} {{ mustPush (list 1) 2 }}", "[[1 2] [3]] [1 2]"),
        ("{{ mustChunk 0 (list 1) }}", "ERR error calling mustChunk: runtime error: makeslice: len out of range"),
        ("{{ mustConcat (list 1) }}", "PARSE template: t:1: function \"mustConcat\" not defined"),
        // Go rejects the argument before the call (`expected integer; found "3"`): same words here.
        ("{{ until \"3\" }}", "ERR error calling until: expected integer; found 3"),
        ("{{ until 2000000 }}", "ERR error calling until: the list would have 2000000 elements; the limit is 1000000"),
    ]);
}
