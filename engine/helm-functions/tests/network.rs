//! Sprig's URL functions and `getHostByName`; every expected output is what Helm 4.1.4 printed.

mod support;

use support::check;

#[test]
fn url_parse() {
    check(&[
        (r#"{{ urlParse "https://user:pw@host.com:8080/p/a?x=1&y=2#frag" }}"#, "map[fragment:frag host:host.com:8080 hostname:host.com opaque: path:/p/a query:x=1&y=2 scheme:https userinfo:user:pw]"),
        (r#"{{ urlParse "http://h/a b" }}"#, "map[fragment: host:h hostname:h opaque: path:/a b query: scheme:http userinfo:]"),
        (r#"{{ urlParse "::bad" }}"#, "ERR error calling urlParse: unable to parse url: parse \"::bad\": missing protocol scheme"),
        (r#"{{ urlParse "mailto:x@y.com" }} | {{ urlParse "/rel/path?q" }} | {{ urlParse "" }} | {{ urlParse "https://u@h" }}"#,
         "map[fragment: host: hostname: opaque:x@y.com path: query: scheme:mailto userinfo:] | map[fragment: host: hostname: opaque: path:/rel/path query:q scheme: userinfo:] | map[fragment: host: hostname: opaque: path: query: scheme: userinfo:] | map[fragment: host:h hostname:h opaque: path: query: scheme:https userinfo:u]"),
        (r#"{{ (urlParse "http://h").port }} {{ urlParse "http://h:8080" }}"#, " map[fragment: host:h:8080 hostname:h opaque: path: query: scheme:http userinfo:]"),
    ]);
}

#[test]
fn url_join() {
    check(&[
        (
            r#"{{ urlJoin (dict "scheme" "https" "host" "h.com:80" "path" "/p" "query" "a=1" "fragment" "f" "userinfo" "u:p") }}"#,
            "https://u:p@h.com:80/p?a=1#f",
        ),
        (
            r#"{{ urlJoin (dict "host" "h" "path" "a b") }} | {{ urlJoin (dict) }} | {{ urlJoin (dict "scheme" "mailto" "opaque" "x@y") }} | {{ urlJoin (dict "userinfo" "u" "host" "h") }} | {{ urlJoin (dict "path" "p:q") }}"#,
            "//h/a%20b |  | mailto:x@y | //u@h | ./p:q",
        ),
    ]);
}

#[test]
fn get_host_by_name_resolves_nothing_as_helm_template() {
    check(&[(r#"[{{ getHostByName "localhost" }}] [{{ getHostByName "example.invalid" }}]"#, "[] []")]);
}
