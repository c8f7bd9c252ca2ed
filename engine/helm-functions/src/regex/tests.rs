use crate::args_strings::tests::assert_renders;

// Expected outputs are what `helm template` (Helm 4.1.4) printed for each template.

#[test]
fn regex_match_as_helm_prints() {
    assert_renders(&[
        ("{{ regexMatch \"^[a-z]+$\" \"abc\" }}", "true"),
        ("{{ regexMatch \"[\" \"abc\" }}", "false"),
        ("{{ regexMatch \"a(?P<x>b)\" \"ab\" }}", "true"),
        ("{{ regexMatch \"\\\\d\" \"5\" }}", "true"),
        ("{{ regexMatch \"\\\\C\" \"5\" }}", "false"),
        ("{{ regexMatch \"a{1001}\" \"a\" }}", "false"),
        ("{{ regexMatch \"(?<n>a)\" \"a\" }}", "true"),
        ("{{ regexMatch \"^\\\\s*$\" \"\" }}", "true"),
        ("{{ regexMatch \"a\" .Values.n }}", "ERR expected string"),
    ]);
}

#[test]
fn must_regex_match_as_helm_prints() {
    assert_renders(&[
        ("{{ mustRegexMatch \"[\" \"abc\" }}", "ERR error parsing regexp: missing closing ]: `[`"),
        ("{{ mustRegexMatch \"\\\\1\" \"a\" }}", "ERR error parsing regexp: invalid escape sequence: `\\1`"),
        ("{{ mustRegexMatch \"(?x)a\" \"a\" }}", "ERR error parsing regexp: invalid or unsupported Perl syntax: `(?x`"),
        ("{{ mustRegexMatch \"(?=a)\" \"a\" }}", "ERR error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
        ("{{ mustRegexMatch \"a**\" \"a\" }}", "ERR error parsing regexp: invalid nested repetition operator: `**`"),
        ("{{ mustRegexMatch \"a*+\" \"a\" }}", "ERR error parsing regexp: invalid nested repetition operator: `*+`"),
        ("{{ mustRegexMatch \"*a\" \"a\" }}", "ERR error parsing regexp: missing argument to repetition operator: `*`"),
        (
            "{{ mustRegexMatch \"a|*\" \"a\" }}",
            "ERR error parsing regexp: missing argument to repetition operator: `*`",
        ),
        ("{{ mustRegexMatch \"a{1001}\" \"a\" }}", "ERR error parsing regexp: invalid repeat count: `{1001}`"),
        ("{{ mustRegexMatch \"a{2,1}\" \"a\" }}", "ERR error parsing regexp: invalid repeat count: `{2,1}`"),
        (
            "{{ mustRegexMatch \"a{2}{3}\" \"a\" }}",
            "ERR error parsing regexp: invalid nested repetition operator: `{2}{3}`",
        ),
        ("{{ mustRegexMatch \"\\\\C\" \"a\" }}", "ERR error parsing regexp: invalid escape sequence: `\\C`"),
        ("{{ mustRegexMatch \"a)\" \"a\" }}", "ERR error parsing regexp: unexpected ): `a)`"),
        ("{{ mustRegexMatch \"[z-a]\" \"a\" }}", "ERR error parsing regexp: invalid character class range: `z-a`"),
        ("{{ mustRegexMatch \"x[a\" \"a\" }}", "ERR error parsing regexp: missing closing ]: `[a`"),
        (
            "{{ mustRegexMatch \"a\\\\\" \"a\" }}",
            "ERR error parsing regexp: trailing backslash at end of expression: ``",
        ),
        ("{{ mustRegexMatch \"(?P<n\" \"a\" }}", "ERR error parsing regexp: invalid named capture: `(?P<n`"),
        ("{{ mustRegexMatch \"(?P<>a)\" \"a\" }}", "ERR error parsing regexp: invalid named capture: `(?P<>`"),
        (
            "{{ mustRegexMatch \"\\\\p{Foo}\" \"a\" }}",
            "ERR error parsing regexp: invalid character class range: `\\p{Foo}`",
        ),
        (
            "{{ mustRegexMatch \"(?i)*\" \"a\" }}",
            "ERR error parsing regexp: missing argument to repetition operator: `*`",
        ),
    ]);
}

#[test]
fn regex_find_as_helm_prints() {
    assert_renders(&[
        ("{{ regexFind \"[0-9]+\" \"ab12cd345\" }}", "12"),
        ("{{ regexFind \"z\" \"ab\" }}", ""),
        ("{{ regexFind \"(?i)ABC\" \"xabcx\" }}", "abc"),
        ("{{ regexFind \"(\" \"a\" }}", "ERR regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"),
        ("{{ regexFind \"\\\\Q.*\\\\E+\" \"a.*.*b\" }}", ".*"),
        ("{{ regexFind \"\\\\Qa.b\" \"xa.by\" }}", "a.b"),
        ("{{ regexFind \"\\\\101\\\\0\" \"xA\\u0000\" }}", "A\u{0}"),
        ("{{ regexFind \"a{,5}\" \"xa{,5}\" }}", "a{,5}"),
        ("{{ regexFind \"a{\" \"a{\" }}", "a{"),
        ("{{ regexFind \"[]a]+\" \"x]a]\" }}", "]a]"),
        ("{{ regexFind \"[a-]+\" \"x-a-\" }}", "-a-"),
        ("{{ regexFind \"[[:alpha:]]+\" \"12abc3\" }}", "abc"),
        ("{{ regexFind \"[^\\\\d]+\" \"12abc3\" }}", "abc"),
        ("{{ regexFind \"[\\\\d\\\\s]+\" \"ab1 2c\" }}", "1 2"),
        ("{{ regexFind \"(?i)STRASSE\" \"strasse\" }}", "strasse"),
        ("{{ regexFind \"(?U)a+\" \"aaa\" }}", "a"),
        ("{{ regexFind \"\\\\pL+\" \"12éa3\" }}", "éa"),
        ("{{ regexFind \"\\\\p{Greek}+\" \"abαβγ\" }}", "αβγ"),
        ("{{ regexFind \"[a&&b]+\" \"x&&ab\" }}", "&&ab"),
        ("{{ regexFind \"\\\\<a\\\\>\" \"<a>\" }}", "<a>"),
        ("{{ regexFind \"[a~~b]+\" \"~a\" }}", "~a"),
        (
            "{{ regexFind \"[a--b]+\" \"-a\" }}",
            "ERR regexp: Compile(`[a--b]+`): error parsing regexp: invalid character class range: `a--`",
        ),
        ("{{ regexFind \".\" \"\\u00e9\" }}", "é"),
    ]);
}

#[test]
fn regex_find_all_as_helm_prints() {
    assert_renders(&[
        ("{{ regexFindAll \"[0-9]+\" \"ab12cd345e6\" -1 }}", "[12 345 6]"),
        ("{{ regexFindAll \"[0-9]+\" \"ab12cd345e6\" 2 }}", "[12 345]"),
        ("{{ regexFindAll \"[0-9]+\" \"ab12cd345e6\" 0 }}", "[]"),
        ("{{ regexFindAll \"x*\" \"abc\" -1 }}", "[   ]"),
        ("{{ regexFindAll \"a*\" \"baaac\" -1 }}", "[ aaa ]"),
        ("{{ regexFindAll \"\\\\d\" \"1٣2\" -1 }}", "[1 2]"),
        ("{{ regexFindAll \"\\\\w+\" \"héllo wörld\" -1 }}", "[h llo w rld]"),
        ("{{ regexFindAll \"\\\\S+\" \"a\\u00a0b c\" -1 }}", "[a b c]"),
        ("{{ regexFindAll \"\\\\bé\" \"é aé\" -1 }}", "[é]"),
        ("{{ regexFindAll \".\" \"héllo\" 3 }}", "[h é l]"),
        ("{{ regexFindAll \"[0-9]+\" \"a1b22\" .Values.n }}", "ERR expected int"),
    ]);
}

#[test]
fn regex_replace_all_as_helm_prints() {
    assert_renders(&[
        ("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }}", "-W-xxW-"),
        ("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$1W\" }}", "---"),
        ("{{ regexReplaceAll \"a(?P<n>x*)b\" \"-ab-axxb-\" \"<$n>\" }}", "-<>-<xx>-"),
        ("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$$1\" }}", "-$1-$1-"),
        ("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$9\" }}", "---"),
        ("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$\" }}", "-$-$-"),
        ("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1\" }}", "-${1-${1-"),
        ("{{ regexReplaceAll \"x*\" \"abc\" \"-\" }}", "-a-b-c-"),
        (
            "{{ regexReplaceAll \"(\" \"a\" \"b\" }}",
            "ERR regexp: Compile(`(`): error parsing regexp: missing closing ): `(`",
        ),
        ("{{ regexReplaceAll \"a*\" \"baaac\" \"-\" }}", "-b-c-"),
        (
            "{{ regexReplaceAll \"(?P<first>\\\\w+) (?P<last>\\\\w+)\" \"John Smith\" \"${last}, $first\" }}",
            "Smith, John",
        ),
        ("{{ regexReplaceAll \"(a)\" \"a\" \"$01\" }}", ""),
        ("{{ regexReplaceAll \"(a)\" \"a\" \"$1_\" }}", ""),
        ("{{ regexReplaceAll \"(a)\" \"a\" \"${1}_\" }}", "a_"),
        ("{{ regexReplaceAll \"(a)\" \"a\" \"${}\" }}", "${}"),
        ("{{ regexReplaceAll \"^\" \"abc\" \"-\" }}", "-abc"),
        ("{{ regexReplaceAll \"$\" \"abc\" \"-\" }}", "abc-"),
        ("{{ regexReplaceAll \"(?m)^\" \"a\\nb\" \"> \" }}", "> a\n> b"),
        ("{{ regexReplaceAll \"b*\" \"abc\" \"X\" }}", "XaXcX"),
    ]);
}

#[test]
fn regex_replace_all_literal_as_helm_prints() {
    assert_renders(&[("{{ regexReplaceAllLiteral \"a(x*)b\" \"-ab-axxb-\" \"$1\" }}", "-$1-$1-")]);
}

#[test]
fn regex_split_as_helm_prints() {
    assert_renders(&[
        ("{{ regexSplit \"z+\" \"pizza\" -1 }}", "[pi a]"),
        ("{{ regexSplit \"z+\" \"pizza\" 1 }}", "[pizza]"),
        ("{{ regexSplit \"z+\" \"pizza\" 0 }}", "[]"),
        ("{{ regexSplit \"\" \"abc\" -1 }}", "[a b c]"),
        ("{{ regexSplit \"a\" \"\" -1 }}", "[]"),
        ("{{ regexSplit \"x*\" \"abc\" -1 }}", "[a b c]"),
        ("{{ regexSplit \"a*\" \"baaac\" -1 }}", "[b c]"),
        ("{{ regexSplit \",\" \"a,b,c\" 2 }}", "[a b,c]"),
        ("{{ regexSplit \",\" \",a,\" -1 }}", "[ a ]"),
    ]);
}

#[test]
fn regex_quote_meta_as_helm_prints() {
    assert_renders(&[
        (
            "{{ regexQuoteMeta \"1.2.3 [a]{b}*+?()|^$\\\\-#\" }}",
            "1\\.2\\.3 \\[a\\]\\{b\\}\\*\\+\\?\\(\\)\\|\\^\\$\\\\-#",
        ),
        ("{{ regexQuoteMeta \"é.*\" }}", "é\\.\\*"),
    ]);
}

#[test]
fn must_regex_find_as_helm_prints() {
    assert_renders(&[("{{ mustRegexFind \"(\" \"a\" }}", "ERR error parsing regexp: missing closing ): `(`")]);
}

#[test]
fn must_regex_find_all_as_helm_prints() {
    assert_renders(&[("{{ mustRegexFindAll \"(\" \"a\" 1 }}", "ERR error parsing regexp: missing closing ): `(`")]);
}

#[test]
fn must_regex_replace_all_as_helm_prints() {
    assert_renders(&[(
        "{{ mustRegexReplaceAll \"(\" \"a\" \"b\" }}",
        "ERR error parsing regexp: missing closing ): `(`",
    )]);
}

#[test]
fn must_regex_replace_all_literal_as_helm_prints() {
    assert_renders(&[(
        "{{ mustRegexReplaceAllLiteral \"(\" \"a\" \"b\" }}",
        "ERR error parsing regexp: missing closing ): `(`",
    )]);
}

#[test]
fn must_regex_split_as_helm_prints() {
    assert_renders(&[("{{ mustRegexSplit \"(\" \"a\" 1 }}", "ERR error parsing regexp: missing closing ): `(`")]);
}

// Generated patterns and texts with what Helm printed for each.

#[test]
fn regex_find_all_of_generated_patterns_as_helm_prints() {
    assert_renders(&[
        ("{{ regexFindAll \"[\\\\d_]{1,2}^+\" \"12 ab\\tc\" -1 }}", "[]"),
        ("{{ regexFindAll \"\\\\.+\" \"aab ba\" -1 }}", "[]"),
        ("{{ regexFindAll \"\\\\w[\\\\d_]{1,2}\" \"abc\" -1 }}", "[]"),
        ("{{ regexFindAll \"\\\\s?a{1,2}\" \"12 ab\\tc\" -1 }}", "[ a]"),
        ("{{ regexFindAll \"\\\\b\" \"abc\" -1 }}", "[ ]"),
        ("{{ regexFindAll \"(?i:A){1,2}\\\\b?\" \"é1a_b\" -1 }}", "[a]"),
        ("{{ regexFindAll \".+\" \"\" -1 }}", "[]"),
        ("{{ regexFindAll \"[^b]*[a-c]?(a|b)\" \"a b_c\" -1 }}", "[a b]"),
        ("{{ regexFindAll \"\\\\d{1,2}(a|b)+\" \"a b_c\" -1 }}", "[]"),
        ("{{ regexFindAll \"\\\\b\" \"a.b.c\" -1 }}", "[     ]"),
        ("{{ regexFindAll \".?\\\\b{1,2}\" \"\" -1 }}", "[]"),
        ("{{ regexFindAll \"(?P<n>a+)\\\\W{1,2}\" \"a b_c\" -1 }}", "[a ]"),
        ("{{ regexFindAll \"\\\\db+$\" \"12 ab\\tc\" -1 }}", "[]"),
        ("{{ regexFindAll \"\\\\b*?\\\\w+é\" \"AbA\" -1 }}", "[]"),
        ("{{ regexFindAll \"[^b]{1,2}\" \"\" -1 }}", "[]"),
        ("{{ regexFindAll \"é{1,2}\" \"a b_c\" -1 }}", "[]"),
        ("{{ regexFindAll \"^*\" \"abc\" -1 }}", "[   ]"),
        ("{{ regexFindAll \"é.\" \"é1a_b\" -1 }}", "[é1]"),
        (
            "{{ regexFindAll \"x**\" \"a.b.c\" -1 }}",
            "ERR regexp: Compile(`x**`): error parsing regexp: invalid nested repetition operator: `**`",
        ),
        ("{{ regexFindAll \"\\\\w{1,2}é\\\\w*\" \"é1a_b\" -1 }}", "[]"),
        ("{{ regexFindAll \"\\\\b[\\\\d_]é+\" \"a b_c\" -1 }}", "[]"),
        ("{{ regexFindAll \"\\\\d\" \"12 ab\\tc\" -1 }}", "[1 2]"),
        ("{{ regexFindAll \"é*\\\\W{1,2}$*\" \"12 ab\\tc\" -1 }}", "[  \t]"),
        ("{{ regexFindAll \"[a-c]+\" \"12 ab\\tc\" -1 }}", "[ab c]"),
        ("{{ regexFindAll \"\\\\ba\" \"\" -1 }}", "[]"),
    ]);
}

#[test]
fn regex_replace_all_of_generated_patterns_as_helm_prints() {
    assert_renders(&[
        ("{{ regexReplaceAll \"[\\\\d_]{1,2}^+\" \"12 ab\\tc\" \"[$n]\" }}", "12 ab\tc"),
        ("{{ regexReplaceAll \"\\\\.+\" \"aab ba\" \"-\" }}", "aab ba"),
        ("{{ regexReplaceAll \"\\\\w[\\\\d_]{1,2}\" \"abc\" \"[$n]\" }}", "abc"),
        ("{{ regexReplaceAll \"\\\\s?a{1,2}\" \"12 ab\\tc\" \"-\" }}", "12-b\tc"),
        ("{{ regexReplaceAll \"\\\\b\" \"abc\" \"$0$0\" }}", "abc"),
        ("{{ regexReplaceAll \"(?i:A){1,2}\\\\b?\" \"é1a_b\" \"${n}\" }}", "é1_b"),
        ("{{ regexReplaceAll \".+\" \"\" \"$0$0\" }}", ""),
        ("{{ regexReplaceAll \"[^b]*[a-c]?(a|b)\" \"a b_c\" \"[$n]\" }}", "[]_c"),
        ("{{ regexReplaceAll \"\\\\d{1,2}(a|b)+\" \"a b_c\" \"-\" }}", "a b_c"),
        ("{{ regexReplaceAll \"\\\\b\" \"a.b.c\" \"$0$0\" }}", "a.b.c"),
        ("{{ regexReplaceAll \".?\\\\b{1,2}\" \"\" \"${n}\" }}", ""),
        ("{{ regexReplaceAll \"(?P<n>a+)\\\\W{1,2}\" \"a b_c\" \"<$1>\" }}", "<a>b_c"),
        ("{{ regexReplaceAll \"\\\\db+$\" \"12 ab\\tc\" \"<$1>\" }}", "12 ab\tc"),
        ("{{ regexReplaceAll \"\\\\b*?\\\\w+é\" \"AbA\" \"$0$0\" }}", "AbA"),
        ("{{ regexReplaceAll \"[^b]{1,2}\" \"\" \"-\" }}", ""),
        ("{{ regexReplaceAll \"é{1,2}\" \"a b_c\" \"-\" }}", "a b_c"),
        ("{{ regexReplaceAll \"^*\" \"abc\" \"[$n]\" }}", "[]a[]b[]c[]"),
        ("{{ regexReplaceAll \"é.\" \"é1a_b\" \"[$n]\" }}", "[]a_b"),
        (
            "{{ regexReplaceAll \"x**\" \"a.b.c\" \"<$1>\" }}",
            "ERR regexp: Compile(`x**`): error parsing regexp: invalid nested repetition operator: `**`",
        ),
        ("{{ regexReplaceAll \"\\\\w{1,2}é\\\\w*\" \"é1a_b\" \"[$n]\" }}", "é1a_b"),
        ("{{ regexReplaceAll \"\\\\b[\\\\d_]é+\" \"a b_c\" \"$0$0\" }}", "a b_c"),
        ("{{ regexReplaceAll \"\\\\d\" \"12 ab\\tc\" \"${n}\" }}", " ab\tc"),
        ("{{ regexReplaceAll \"é*\\\\W{1,2}$*\" \"12 ab\\tc\" \"<$1>\" }}", "12<>ab<>c"),
        ("{{ regexReplaceAll \"[a-c]+\" \"12 ab\\tc\" \"[$n]\" }}", "12 []\t[]"),
        ("{{ regexReplaceAll \"\\\\ba\" \"\" \"$0$0\" }}", ""),
    ]);
}

#[test]
fn regex_split_of_generated_patterns_as_helm_prints() {
    assert_renders(&[
        ("{{ regexSplit \"[\\\\d_]{1,2}^+\" \"12 ab\\tc\" -1 }}", "[12 ab\tc]"),
        ("{{ regexSplit \"\\\\.+\" \"aab ba\" 2 }}", "[aab ba]"),
        ("{{ regexSplit \"\\\\w[\\\\d_]{1,2}\" \"abc\" 2 }}", "[abc]"),
        ("{{ regexSplit \"\\\\s?a{1,2}\" \"12 ab\\tc\" -1 }}", "[12 b\tc]"),
        ("{{ regexSplit \"\\\\b\" \"abc\" 2 }}", "[abc]"),
        ("{{ regexSplit \"(?i:A){1,2}\\\\b?\" \"é1a_b\" 2 }}", "[é1 _b]"),
        ("{{ regexSplit \".+\" \"\" -1 }}", "[]"),
        ("{{ regexSplit \"[^b]*[a-c]?(a|b)\" \"a b_c\" -1 }}", "[ _c]"),
        ("{{ regexSplit \"\\\\d{1,2}(a|b)+\" \"a b_c\" -1 }}", "[a b_c]"),
        ("{{ regexSplit \"\\\\b\" \"a.b.c\" 2 }}", "[a .b.c]"),
        ("{{ regexSplit \".?\\\\b{1,2}\" \"\" -1 }}", "[]"),
        ("{{ regexSplit \"(?P<n>a+)\\\\W{1,2}\" \"a b_c\" -1 }}", "[ b_c]"),
        ("{{ regexSplit \"\\\\db+$\" \"12 ab\\tc\" 2 }}", "[12 ab\tc]"),
        ("{{ regexSplit \"\\\\b*?\\\\w+é\" \"AbA\" -1 }}", "[AbA]"),
        ("{{ regexSplit \"[^b]{1,2}\" \"\" -1 }}", "[]"),
        ("{{ regexSplit \"é{1,2}\" \"a b_c\" -1 }}", "[a b_c]"),
        ("{{ regexSplit \"^*\" \"abc\" 2 }}", "[a bc]"),
        ("{{ regexSplit \"é.\" \"é1a_b\" -1 }}", "[ a_b]"),
        (
            "{{ regexSplit \"x**\" \"a.b.c\" 2 }}",
            "ERR regexp: Compile(`x**`): error parsing regexp: invalid nested repetition operator: `**`",
        ),
        ("{{ regexSplit \"\\\\w{1,2}é\\\\w*\" \"é1a_b\" -1 }}", "[é1a_b]"),
        ("{{ regexSplit \"\\\\b[\\\\d_]é+\" \"a b_c\" -1 }}", "[a b_c]"),
        ("{{ regexSplit \"\\\\d\" \"12 ab\\tc\" -1 }}", "[   ab\tc]"),
        ("{{ regexSplit \"é*\\\\W{1,2}$*\" \"12 ab\\tc\" -1 }}", "[12 ab c]"),
        ("{{ regexSplit \"[a-c]+\" \"12 ab\\tc\" -1 }}", "[12  \t ]"),
        ("{{ regexSplit \"\\\\ba\" \"\" 2 }}", "[]"),
    ]);
}
