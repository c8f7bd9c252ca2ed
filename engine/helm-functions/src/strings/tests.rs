use crate::args_strings::tests::assert_renders;

// Expected outputs are what `helm template` (Helm 4.1.4) printed for each template.

#[test]
fn upper_as_helm_prints() {
    assert_renders(&[
        ("{{ .Values.n | upper }}", "ERR expected string"),
        ("{{ upper \"héllo\" }}", "HÉLLO"),
        ("{{ upper \"ßa\" }}", "ßA"),
        ("{{ upper }}", "ERR wrong number of args for upper: want 1 got 0"),
        ("{{ upper \"a\" \"b\" }}", "ERR wrong number of args for upper: want 1 got 2"),
    ]);
}

#[test]
fn quote_as_helm_prints() {
    assert_renders(&[
        ("{{ quote 1 }}", "\"1\""),
        ("{{ quote nil }}", ""),
        ("{{ quote \"a\" 2 nil \"b\\\"c\" }}", "\"a\" \"2\" \"b\\\"c\""),
        ("{{ quote .Values.f .Values.big .Values.list }}", "\"1.5\" \"1e+06\" \"[b a 3]\""),
        ("{{ quote .Values.missing }}", ""),
        ("{{ quote }}", ""),
        ("{{ quote \"a\\tb\\né\\x01\" }}", "\"a\\tb\\né\\x01\""),
        ("{{ quote true 1.5 (list 1 2) (dict \"a\" 1) }}", "\"true\" \"1.5\" \"[1 2]\" \"map[a:1]\""),
    ]);
}

#[test]
fn squote_as_helm_prints() {
    assert_renders(&[("{{ squote \"a\" 2 nil }}", "'a' '2'"), ("{{ squote .Values.list }}", "'[b a 3]'")]);
}

#[test]
fn cat_as_helm_prints() {
    assert_renders(&[
        ("{{ cat \"a\" nil 2 \"b\" }}", "a 2 b"),
        ("{{ cat }}", ""),
        ("{{ cat .Values.list .Values.big }}", "[b a 3] 1e+06"),
        ("{{ cat nil }}", ""),
        ("{{ cat true 1.5 (list 1 nil) }}", "true 1.5 [1 <nil>]"),
    ]);
}

#[test]
fn trunc_as_helm_prints() {
    assert_renders(&[
        ("{{ trunc -3 \"abcdef\" }}", "def"),
        ("{{ trunc -10 \"abcdef\" }}", "abcdef"),
        ("{{ trunc 10 \"abcdef\" }}", "abcdef"),
        ("{{ trunc 3 \"héllo\" }}", "hé"),
        ("{{ trunc 2 \"héllo\" }}", "h�"),
        ("{{ trunc 3 .Values.s }}", "hel"),
        ("{{ .Values.s | trunc 2 }}", "he"),
        ("{{ trunc .Values.n .Values.s }}", "ERR expected int"),
        ("{{ trunc -3 \"ab\" }}", "ab"),
    ]);
}

#[test]
fn abbrev_as_helm_prints() {
    assert_renders(&[
        ("{{ abbrev 5 \"hello world\" }}", "he..."),
        ("{{ abbrev 3 \"hello world\" }}", "hello world"),
        ("{{ abbrev 20 \"hello world\" }}", "hello world"),
        ("{{ abbrev 4 \"hello\" }}", "h..."),
        ("{{ abbrev 5 \"héllo world\" }}", "h�..."),
    ]);
}

#[test]
fn abbrevboth_as_helm_prints() {
    assert_renders(&[
        ("{{ abbrevboth 5 10 \"1234 5678 9123 4567\" }}", "...5678..."),
        ("{{ abbrevboth 0 5 \"abcdefghij\" }}", "ab..."),
        ("{{ abbrevboth 6 10 \"abcdefghijklmnopqrstuvwxyz\" }}", "...ghij..."),
        ("{{ abbrevboth 20 10 \"abcdefghijklmnopqrstuvwxyz\" }}", "...tuvwxyz"),
        ("{{ abbrevboth 3 10 \"abcdefghijklmnopqrstuvwxyz\" }}", "abcdefg..."),
        ("{{ abbrevboth 1 6 \"abcdefghij\" }}", "abcdefghij"),
        ("{{ abbrevboth -5 4 \"abcdefghij\" }}", "a..."),
    ]);
}

#[test]
fn wrap_as_helm_prints() {
    assert_renders(&[
        ("{{ wrap 5 \"Hello World and more\" }}", "Hello\nWorld\nand\nmore"),
        ("{{ wrap 3 \"abcdefgh ij\" }}", "abcdefgh\nij"),
        (
            "{{ wrap 10 \"The quick brown fox jumps over the lazy dog\" }}",
            "The quick\nbrown fox\njumps over\nthe lazy\ndog",
        ),
        ("{{ wrap 0 \"ab cd\" }}", "ab\ncd"),
        ("{{ wrap 4 \"  ab   cd efghij k\" }}", "ab  \ncd\nefghij\nk"),
    ]);
}

#[test]
fn wrap_with_as_helm_prints() {
    assert_renders(&[
        ("{{ wrapWith 5 \"\\t\" \"Hello World\" }}", "Hello\tWorld"),
        ("{{ wrapWith 4 \"|\" \"abcdefghij kl\" }}", "abcd|efgh|ij|kl"),
        ("{{ wrapWith 3 \"\" \"abcdefg\" }}", "abc\ndef\ng"),
    ]);
}

#[test]
fn contains_as_helm_prints() {
    assert_renders(&[("{{ contains \"cat\" \"catch\" }}", "true"), ("{{ contains \"\" \"\" }}", "true")]);
}

#[test]
fn has_prefix_as_helm_prints() {
    assert_renders(&[("{{ hasPrefix \"ca\" \"catch\" }}", "true")]);
}

#[test]
fn has_suffix_as_helm_prints() {
    assert_renders(&[("{{ hasSuffix \"ch\" \"catch\" }}", "true")]);
}

#[test]
fn repeat_as_helm_prints() {
    assert_renders(&[
        ("{{ repeat 3 \"ab\" }}", "ababab"),
        ("{{ repeat -1 \"ab\" }}", "ERR strings: negative Repeat count"),
        ("{{ repeat 0 \"x\" }}", ""),
    ]);
}

#[test]
fn indent_as_helm_prints() {
    assert_renders(&[
        ("{{ indent 2 \"a\\nb\\n\" }}", "  a\n  b\n  "),
        ("{{ indent -1 \"a\" }}", "ERR strings: negative Repeat count"),
        ("{{ indent 0 \"a\\nb\" }}", "a\nb"),
    ]);
}

#[test]
fn nindent_as_helm_prints() {
    assert_renders(&[("{{ nindent 2 \"a\\nb\" }}", "\n  a\n  b")]);
}

#[test]
fn lower_as_helm_prints() {
    assert_renders(&[("{{ lower \"HÉLLO\" }}", "héllo")]);
}

#[test]
fn title_as_helm_prints() {
    assert_renders(&[
        ("{{ title \"hello wORLD foo-bar o'neil\" }}", "Hello WORLD Foo-Bar O'Neil"),
        ("{{ title \"ǆemal hello_world foo.bar 3am\" }}", "ǅemal Hello_world Foo.Bar 3am"),
    ]);
}

#[test]
fn untitle_as_helm_prints() {
    assert_renders(&[
        ("{{ untitle \"Hello World ABC\" }}", "hello world aBC"),
        ("{{ untitle \"  Hello\\tWORLD\" }}", "  hello\twORLD"),
    ]);
}

#[test]
fn trim_as_helm_prints() {
    assert_renders(&[("{{ trim \"  a b \\n\" }}", "a b"), ("{{ trim \"\\u00a0a\\u00a0\" }}", "a")]);
}

#[test]
fn trim_all_as_helm_prints() {
    assert_renders(&[("{{ trimAll \"$-\" \"$-$a$-\" }}", "a")]);
}

#[test]
fn trimall_as_helm_prints() {
    assert_renders(&[("{{ trimall \"$\" \"$a$\" }}", "a")]);
}

#[test]
fn trim_prefix_as_helm_prints() {
    assert_renders(&[("{{ trimPrefix \"-\" \"--a-\" }}", "-a-")]);
}

#[test]
fn trim_suffix_as_helm_prints() {
    assert_renders(&[("{{ trimSuffix \"-\" \"--a-\" }}", "--a")]);
}

#[test]
fn nospace_as_helm_prints() {
    assert_renders(&[("{{ nospace \"a b\\tc\\nd  e\" }}", "abcde"), ("{{ nospace \"é à x\" }}", "Ã©Ãx")]);
}

#[test]
fn initials_as_helm_prints() {
    assert_renders(&[
        ("{{ initials \"hello World  foo\" }}", "hWf"),
        ("{{ initials \"\" }}", ""),
        ("{{ initials \"élan vital\" }}", "Ãv"),
    ]);
}

#[test]
fn plural_as_helm_prints() {
    assert_renders(&[
        ("{{ plural \"one\" \"many\" 1 }}", "one"),
        ("{{ plural \"one\" \"many\" 2 }}", "many"),
        ("{{ plural \"one\" \"many\" .Values.n }}", "ERR expected int"),
    ]);
}

#[test]
fn substr_as_helm_prints() {
    assert_renders(&[
        ("{{ substr 1 3 \"abcdef\" }}", "bc"),
        ("{{ substr -1 3 \"abcdef\" }}", "abc"),
        ("{{ substr 2 -1 \"abcdef\" }}", "cdef"),
        ("{{ substr 2 10 \"abcdef\" }}", "cdef"),
        ("{{ substr 1 2 \"héllo\" }}", "�"),
        ("{{ substr 0 0 \"abc\" }}", ""),
        ("{{ substr 4 5 \"abc\" }}", "ERR runtime error: slice bounds out of range [4:3]"),
        ("{{ substr -1 -1 \"abc\" }}", "ERR runtime error: slice bounds out of range [:-1]"),
        ("{{ substr -1 5 \"abc\" }}", "ERR runtime error: slice bounds out of range [:5] with length 3"),
    ]);
}

#[test]
fn replace_as_helm_prints() {
    assert_renders(&[
        ("{{ replace \"a\" \"x\" \"banana\" }}", "bxnxnx"),
        ("{{ replace \"\" \"-\" \"abc\" }}", "-a-b-c-"),
        ("{{ replace \"a\" .Values.n \"b\" }}", "ERR expected string"),
    ]);
}

#[test]
fn swapcase_as_helm_prints() {
    assert_renders(&[
        ("{{ swapcase \"Hello World ǅ\" }}", "hELLO wORLD ǆ"),
        ("{{ swapcase \"hello wORLD ǆ\" }}", "HELLO World ǅ"),
    ]);
}

#[test]
fn split_as_helm_prints() {
    assert_renders(&[
        ("{{ split \",\" \"a,b,,c\" }}", "map[_0:a _1:b _2: _3:c]"),
        ("{{ (split \"$\" \"foo$bar$baz\")._1 }}", "bar"),
        ("{{ split }}", "ERR wrong number of args for split: want 2 got 0"),
    ]);
}

#[test]
fn split_list_as_helm_prints() {
    assert_renders(&[
        ("{{ splitList \",\" \"a,b,,c\" }}", "[a b  c]"),
        ("{{ splitList \"\" \"abc\" }}", "[a b c]"),
        ("{{ splitList \",\" \"\" }}", "[]"),
    ]);
}

#[test]
fn splitn_as_helm_prints() {
    assert_renders(&[
        ("{{ splitn \",\" 2 \"a,b,c\" }}", "map[_0:a _1:b,c]"),
        ("{{ splitn \",\" 0 \"a,b,c\" }}", "map[]"),
        ("{{ splitn \",\" -1 \"a,b,c\" }}", "map[_0:a _1:b _2:c]"),
        ("{{ splitn \"\" 2 \"abc\" }}", "map[_0:a _1:bc]"),
    ]);
}

#[test]
fn join_as_helm_prints() {
    assert_renders(&[
        ("{{ join \"-\" .Values.list }}", "b-a-3"),
        ("{{ join \"-\" (list 1 nil \"a\" 2.5) }}", "1-a-2.5"),
        ("{{ join \"-\" \"abc\" }}", "abc"),
        ("{{ join \"-\" 3 }}", "3"),
        ("{{ join \"-\" nil }}", ""),
        ("{{ join \",\" .Values.missing }}", ""),
        ("{{ join \",\" (dict \"a\" 1) }}", "map[a:1]"),
    ]);
}

#[test]
fn sort_alpha_as_helm_prints() {
    assert_renders(&[
        ("{{ sortAlpha .Values.list }}", "[3 a b]"),
        ("{{ sortAlpha (list \"b\" 10 2 \"A\") }}", "[10 2 A b]"),
        ("{{ sortAlpha \"x\" }}", "[x]"),
        ("{{ sortAlpha nil }}", "[<nil>]"),
    ]);
}

#[test]
fn shuffle_as_helm_prints() {
    assert_renders(&[("{{ shuffle \"\" }}", "")]);
}

#[test]
fn snakecase_as_helm_prints() {
    assert_renders(&[
        ("{{ snakecase \"FirstName\" }}", "first_name"),
        ("{{ snakecase \"HTTPServer\" }}", "http_server"),
        ("{{ snakecase \"already_snake Case-with dash\" }}", "already_snake_case_with_dash"),
        ("{{ snakecase \"ID2Name v2api\" }}", "id2_name_v_2api"),
        ("{{ snakecase \"HTTP20xOK\" }}", "http_20x_ok"),
        ("{{ snakecase \"Duration2m3s\" }}", "duration_2m3s"),
        ("{{ snakecase \"Bld4Floor3rd\" }}", "bld4_floor_3rd"),
        ("{{ snakecase \"NoHTTPS\" }}", "no_https"),
        ("{{ snakecase \"a.b:c\" }}", "a.b:c"),
        ("{{ snakecase \"helloWorld 世界 Go\" }}", "hello_world_世界_go"),
        ("{{ snakecase \"ABc\" }}", "a_bc"),
        ("{{ snakecase \"__x--y  z\" }}", "__x__y__z"),
        ("{{ snakecase \"x2\" }}", "x2"),
        ("{{ snakecase \"2x\" }}", "2x"),
        ("{{ snakecase \"v1.2.3\" }}", "v1.2.3"),
        ("{{ snakecase \"a+b\" }}", "a_+_b"),
    ]);
}

#[test]
fn camelcase_as_helm_prints() {
    assert_renders(&[
        ("{{ camelcase \"http_server\" }}", "HttpServer"),
        ("{{ camelcase \"_my_field_name_2\" }}", "_MyFieldName2"),
        ("{{ camelcase \"hello-world foo bar\" }}", "HelloWorldFooBar"),
        ("{{ camelcase \"aBC_def\" }}", "ABCDef"),
        ("{{ camelcase \"_\" }}", "__"),
        ("{{ camelcase \"__\" }}", "___"),
        ("{{ camelcase \"a\" }}", "A"),
        ("{{ camelcase \"\" }}", ""),
        ("{{ camelcase \"GOLANG_IS_GREAT\" }}", "GolangIsGreat"),
        ("{{ camelcase \"some words\" }}", "SomeWords"),
        ("{{ camelcase \"_complex__case_\" }}", "_Complex_Case_"),
        ("{{ camelcase \"HTTPServer\" }}", "Httpserver"),
    ]);
}

#[test]
fn kebabcase_as_helm_prints() {
    assert_renders(&[
        ("{{ kebabcase \"FirstName\" }}", "first-name"),
        ("{{ kebabcase \"HTTPServer_name\" }}", "http-server-name"),
        ("{{ kebabcase \"ID2Name v2api\" }}", "id2-name-v-2api"),
        ("{{ kebabcase \"GO_PATH\" }}", "go-path"),
        ("{{ kebabcase \"http2xx\" }}", "http-2xx"),
    ]);
}
#[test]
fn base_as_helm_prints() {
    assert_renders(&[
        ("{{ base \"/a/b/c.txt\" }}", "c.txt"),
        ("{{ base \"\" }}", "."),
        ("{{ base \"/\" }}", "/"),
        ("{{ base \"a/b/\" }}", "b"),
    ]);
}

#[test]
fn dir_as_helm_prints() {
    assert_renders(&[
        ("{{ dir \"/a/b/c.txt\" }}", "/a/b"),
        ("{{ dir \"c.txt\" }}", "."),
        ("{{ dir \"\" }}", "."),
        ("{{ dir \"/a//b/../c/\" }}", "/a/c"),
    ]);
}

#[test]
fn ext_as_helm_prints() {
    assert_renders(&[("{{ ext \"a/b.tar.gz\" }}", ".gz"), ("{{ ext \"a.b/c\" }}", "")]);
}

#[test]
fn clean_as_helm_prints() {
    assert_renders(&[
        ("{{ clean \"a//b/./../c/\" }}", "a/c"),
        ("{{ clean \"\" }}", "."),
        ("{{ clean \"/../a\" }}", "/a"),
        ("{{ clean \"../../a/..\" }}", "../.."),
    ]);
}

#[test]
fn is_abs_as_helm_prints() {
    assert_renders(&[("{{ isAbs \"/a\" }}", "true"), ("{{ isAbs \"a\" }}", "false")]);
}

#[test]
fn os_base_as_helm_prints() {
    assert_renders(&[("{{ osBase \"/a/b\" }}", "b")]);
}

#[test]
fn os_clean_as_helm_prints() {
    assert_renders(&[("{{ osClean \"a//b\" }}", "a/b")]);
}

#[test]
fn os_dir_as_helm_prints() {
    assert_renders(&[("{{ osDir \"/a/b\" }}", "/a")]);
}

#[test]
fn os_ext_as_helm_prints() {
    assert_renders(&[("{{ osExt \"x.y\" }}", ".y")]);
}

#[test]
fn os_is_abs_as_helm_prints() {
    assert_renders(&[("{{ osIsAbs \"/a\" }}", "true")]);
}

#[test]
fn trunc_of_values_as_helm_prints() {
    assert_renders(&[
        ("{{ trunc .Values.num \"abcdef\" }}", "ERR expected int"),
        ("{{ .Values.missing | trunc 3 }}", "ERR expected string"),
        ("{{ trunc 3 .Values.missing }}", "ERR expected string"),
    ]);
}

#[test]
fn upper_of_values_as_helm_prints() {
    assert_renders(&[
        ("{{ upper .Values.num }}", "ERR expected string"),
        ("{{ .Values.num | upper }}", "ERR expected string"),
        ("{{ upper .Values.list }}", "ERR expected string"),
    ]);
}

#[test]
fn quote_of_values_as_helm_prints() {
    assert_renders(&[("{{ quote .Values.num }}", "\"3\"")]);
}

#[test]
fn join_of_values_as_helm_prints() {
    assert_renders(&[("{{ join \",\" .Values.num }}", "3")]);
}

#[test]
fn cat_of_values_as_helm_prints() {
    assert_renders(&[("{{ cat .Values.num .Values.s }}", "3 hello")]);
}
#[test]
fn get_host_by_name_resolves_nothing_as_helm_template() {
    assert_renders(&[("{{ getHostByName \"example.com\" }}", ""), ("{{ getHostByName \"localhost\" }}", "")]);
}

#[test]
fn functions_helm_removes_are_not_defined() {
    // Helm drops Sprig's `env` and `expandenv`; Sprig forks' additions are not Helm's either.
    assert_renders(&[
        ("{{ env \"HOME\" }}", "ERR function \"env\" not defined"),
        ("{{ expandenv \"$HOME\" }}", "ERR function \"expandenv\" not defined"),
        ("{{ randSeededNumeric 3 1 }}", "ERR function \"randSeededNumeric\" not defined"),
        ("{{ ellipsis 3 \"abcdef\" }}", "ERR function \"ellipsis\" not defined"),
    ]);
}
#[test]
fn lower_of_special_cases_as_helm_prints() {
    assert_renders(&[("{{ lower \"İx\" }}", "ix")]);
}

#[test]
fn upper_of_special_cases_as_helm_prints() {
    assert_renders(&[("{{ upper \"ﬁ ŉ\" }}", "ﬁ ŉ")]);
}

#[test]
fn swapcase_of_special_cases_as_helm_prints() {
    assert_renders(&[("{{ swapcase \"İ\" }}", "i")]);
}

#[test]
fn untitle_of_special_cases_as_helm_prints() {
    assert_renders(&[("{{ untitle \"İx\" }}", "ix")]);
}

#[test]
fn snakecase_of_special_cases_as_helm_prints() {
    assert_renders(&[("{{ snakecase \"İstanbulCity\" }}", "istanbul_city")]);
}

// Generated inputs (mixed case, digits, connectors, non-ASCII) with what Helm printed for each.

#[test]
fn snakecase_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ snakecase \"1ǅ:\" }}", "1ǅ:"),
        ("{{ snakecase \"Z\" }}", "z"),
        ("{{ snakecase \"GoQÉ  b2x_\" }}", "go_qé__b_2x_"),
        ("{{ snakecase \"Z\" }}", "z"),
        ("{{ snakecase \"xZ-Z\" }}", "x_z_z"),
        ("{{ snakecase \"xb  Q-\" }}", "xb__q_"),
        ("{{ snakecase \":  b    ǅ\" }}", ":__b____ǅ"),
        ("{{ snakecase \"-\" }}", "_"),
    ]);
}

#[test]
fn kebabcase_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ kebabcase \"Go\" }}", "go"),
        ("{{ kebabcase \"1.x1GoQ  \" }}", "1.x1-go-q--"),
        ("{{ kebabcase \"Go9Q\" }}", "go9-q"),
        ("{{ kebabcase \"  :_ÉQ\" }}", "--:_éq"),
        ("{{ kebabcase \"Z  b\\t_\" }}", "z--b--"),
        ("{{ kebabcase \"GoxéHTTP\" }}", "goxé-http"),
        ("{{ kebabcase \"HTTPÉ.-9\" }}", "httpé.-9"),
        ("{{ kebabcase \"-Z  .2xID\" }}", "-z--.2x-id"),
    ]);
}

#[test]
fn camelcase_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ camelcase \"HTTP.\\t\" }}", "Http.\t"),
        ("{{ camelcase \"Q\" }}", "Q"),
        ("{{ camelcase \"x9é1ID\" }}", "X9é1ID"),
        ("{{ camelcase \"bZGo  \" }}", "BZGo  "),
        ("{{ camelcase \"ééÉ\\tID  HTTP\" }}", "ÉéÉId Http"),
        ("{{ camelcase \"Z\" }}", "Z"),
        ("{{ camelcase \"IDZb\" }}", "Idzb"),
        ("{{ camelcase \".:  HTTP.ǅ\" }}", ".: Http.ǅ"),
    ]);
}

#[test]
fn title_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ title \"ÉaHTTPÉ9\\t\" }}", "ÉaHTTPÉ9\t"),
        ("{{ title \"ID\" }}", "ID"),
        ("{{ title \"_\" }}", "_"),
        ("{{ title \".1-ǅǅIDZ\" }}", ".1-ǅǅIDZ"),
        ("{{ title \"HTTPǅ\" }}", "HTTPǅ"),
        ("{{ title \" 1xGo \" }}", " 1xGo "),
        ("{{ title \"xÉǅ-1Z\" }}", "XÉǅ-1Z"),
        ("{{ title \"1-\" }}", "1-"),
    ]);
}

#[test]
fn untitle_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ untitle \"-aID  9 \" }}", "-aID  9 "),
        ("{{ untitle \"a1x\" }}", "a1x"),
        ("{{ untitle \"É\\t  é1\" }}", "é\t  é1"),
        ("{{ untitle \"2x\\t:bHTTPGo\" }}", "2x\t:bHTTPGo"),
        ("{{ untitle \"ǅǅǅQ\" }}", "ǆǅǅQ"),
        ("{{ untitle \":ǅb_\" }}", ":ǅb_"),
        ("{{ untitle \"_\" }}", "_"),
        ("{{ untitle \"9Qé\\t\" }}", "9Qé\t"),
    ]);
}

#[test]
fn swapcase_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ swapcase \"Q\" }}", "q"),
        ("{{ swapcase \"  \" }}", "  "),
        ("{{ swapcase \"GoQ\" }}", "gOq"),
        ("{{ swapcase \"\\taZ\" }}", "\tAz"),
        ("{{ swapcase \"_\\tǅ1: É\" }}", "_\tǆ1: é"),
        ("{{ swapcase \"ÉIDQQID\" }}", "éidqqid"),
        ("{{ swapcase \"IDID.Z\" }}", "idid.z"),
        ("{{ swapcase \"Qé\" }}", "qÉ"),
    ]);
}

#[test]
fn initials_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ initials \" ID92xa_\" }}", "I"),
        ("{{ initials \"É1Goa2x\" }}", "Ã"),
        ("{{ initials \":Z \" }}", ":"),
        ("{{ initials \"É9É-Go\" }}", "Ã"),
        ("{{ initials \"2xé:-\\t\" }}", "2"),
        ("{{ initials \"_-ǅ-_2xID\" }}", "_-"),
        ("{{ initials \"aa \" }}", "a"),
        ("{{ initials \" _\\tÉ\" }}", "_Ã"),
    ]);
}

#[test]
fn nospace_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ nospace \"ÉÉZ-\" }}", "ÉÉZ-"),
        ("{{ nospace \"-\" }}", "-"),
        ("{{ nospace \"_é_ID\" }}", "_é_ID"),
        ("{{ nospace \"\\taID:É\" }}", "aID:Ã"),
        ("{{ nospace \":ZQǅ_ID9\" }}", ":ZQÇ_ID9"),
        ("{{ nospace \":éZǅ\" }}", ":Ã©ZÇ"),
        ("{{ nospace \"ǅZ99\" }}", "ÇZ99"),
        ("{{ nospace \"a1\" }}", "a1"),
    ]);
}

#[test]
fn wrap_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ wrap 3 \":1\\t\\t É1GoGo aa 2x x_\" }}", ":1\t\t\nÉ1GoGo\naa\n2x\nx_"),
        ("{{ wrap 7 \"  é Gox1 É\" }}", "é Gox1\nÉ"),
        ("{{ wrap 2 \"2x2x HTTP\" }}", "2x2x\nHTTP"),
        ("{{ wrap 0 \"ID\\t Go\" }}", "ID\t\nGo"),
        ("{{ wrap 8 \"QGob-  b 2x GoaZHTTP \\t2x\\t\" }}", "QGob-  b\n2x\nGoaZHTTP\n\t2x\t"),
        ("{{ wrap 6 \"2x-2x  HTTP1 QǅHTTPé -\" }}", "2x-2x \nHTTP1\nQǅHTTPé\n-"),
        ("{{ wrap 2 \":É\" }}", ":É"),
        ("{{ wrap 5 \"Qǅ 9-9x éx_É ZÉa\" }}", "Qǅ\n9-9x\néx_É\nZÉa"),
        ("{{ wrap 4 \"2x\\t. Q QZ  b9\" }}", "2x\t.\nQ QZ\n b9"),
        ("{{ wrap 1 \"ǅ1Go éZ b xZ a:Z Z\\t-  \" }}", "ǅ1Go\néZ\nb\nxZ\na:Z\nZ\t-\n "),
    ]);
}

#[test]
fn wrap_with_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ wrapWith 1 \"|\" \":1\\t\\t É1GoGo aa 2x x_\" }}", ":|1|\t|\t|�|�|1|G|o|G|o|a|a|2|x|x|_"),
        ("{{ wrapWith 7 \"|\" \"  é Gox1 É\" }}", "é Gox1|É"),
        ("{{ wrapWith 1 \"|\" \"2x2x HTTP\" }}", "2|x|2|x|H|T|T|P"),
        ("{{ wrapWith 6 \"|\" \"ID\\t Go\" }}", "ID\t Go"),
        ("{{ wrapWith 4 \"|\" \"QGob-  b 2x GoaZHTTP \\t2x\\t\" }}", "QGob|-  b|2x|GoaZ|HTTP|\t2x\t"),
        ("{{ wrapWith 2 \"|\" \"2x-2x  HTTP1 QǅHTTPé -\" }}", "2x|-2|x |HT|TP|1|Q�|�H|TT|P�|�|-"),
        ("{{ wrapWith 5 \"|\" \":É\" }}", ":É"),
        ("{{ wrapWith 8 \"|\" \"Qǅ 9-9x éx_É ZÉa\" }}", "Qǅ 9-9x|éx_É|ZÉa"),
        ("{{ wrapWith 3 \"|\" \"2x\\t. Q QZ  b9\" }}", "2x\t|. Q|QZ |b9"),
        ("{{ wrapWith 8 \"|\" \"ǅ1Go éZ b xZ a:Z Z\\t-  \" }}", "ǅ1Go|éZ b xZ|a:Z Z\t- |"),
    ]);
}

#[test]
fn abbrevboth_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ abbrevboth 2 6 \":1\\t\\t É1GoGo aa 2x x_\" }}", ":1\t\t É1GoGo aa 2x x_"),
        ("{{ abbrevboth 11 11 \"  é Gox1 É\" }}", "  é Gox..."),
        ("{{ abbrevboth 10 5 \"2x2x HTTP\" }}", "2x2x HTTP"),
        ("{{ abbrevboth 8 11 \"ID\\t Go\" }}", "ID\t Go"),
        ("{{ abbrevboth 9 7 \"QGob-  b 2x GoaZHTTP \\t2x\\t\" }}", "...2..."),
        ("{{ abbrevboth 1 7 \"2x-2x  HTTP1 QǅHTTPé -\" }}", "2x-2..."),
        ("{{ abbrevboth 12 5 \":É\" }}", ":É"),
        ("{{ abbrevboth 5 3 \"Qǅ 9-9x éx_É ZÉa\" }}", "Qǅ 9-9x éx_É ZÉa"),
        ("{{ abbrevboth 11 9 \"2x\\t. Q QZ  b9\" }}", "...QZ  b9"),
        ("{{ abbrevboth -2 8 \"ǅ1Go éZ b xZ a:Z Z\\t-  \" }}", "ǅ1Go..."),
    ]);
}
