use tollgate_gotemplate::{Templates, Value};

use crate::args_strings::tests::{assert_renders, render, render_with_seed};

// Expected outputs are what `helm template` (Helm 4.1.4) printed for each template; random output
// is checked by its shape, since Helm's is random.

const EVERY_RANDOM_FUNCTION: &str = "{{ randAlphaNum 12 }} {{ randAlpha 12 }} {{ randNumeric 12 }} \
    {{ randAscii 12 | b64enc }} {{ randBytes 12 }} {{ randInt 0 1000000 }} {{ uuidv4 }} {{ shuffle \"abcdefghijkl\" }}";

#[test]
fn rand_alpha_num_limits_as_helm_prints() {
    assert_renders(&[("{{ randAlphaNum -1 }}", ""), ("{{ randAlphaNum 0 }}", "")]);
}

#[test]
fn len_limits_as_helm_prints() {
    assert_renders(&[("{{ len (randAlphaNum 5) }}", "5")]);
}

#[test]
fn rand_alpha_limits_as_helm_prints() {
    assert_renders(&[("{{ randAlpha 8 | len }}", "8")]);
}

#[test]
fn rand_bytes_limits_as_helm_prints() {
    assert_renders(&[
        ("{{ randBytes -1 }}", "ERR runtime error: makeslice: len out of range"),
        ("{{ randBytes 0 }}", ""),
        ("{{ randBytes 6 | len }}", "8"),
        // Helm 4.1.4 prints 9: the decoded bytes are a string of 9 bytes.
        ("{{ randBytes 9 | b64dec | len }}", "9"),
    ]);
}

#[test]
fn rand_int_limits_as_helm_prints() {
    assert_renders(&[
        ("{{ randInt 5 5 }}", "ERR invalid argument to Intn"),
        ("{{ randInt 5 3 }}", "ERR invalid argument to Intn"),
        ("{{ randInt 5 6 }}", "5"),
    ]);
}

#[test]
fn uuidv4_limits_as_helm_prints() {
    assert_renders(&[("{{ uuidv4 | len }}", "36")]);
}

#[test]
fn shuffle_limits_as_helm_prints() {
    assert_renders(&[("{{ shuffle \"a\" }}", "a")]);
}

/// Renders `template` `times` times in one template, one output per line.
fn render_lines(template: &str, times: usize) -> Vec<String> {
    let repeated = format!("{template}\n").repeat(times);
    render(&repeated).unwrap_or_else(|error| panic!("{template}: {error}")).lines().map(str::to_string).collect()
}

fn assert_all(template: &str, valid: impl Fn(&str) -> bool) {
    let lines = render_lines(template, 40);
    for line in &lines {
        assert!(valid(line), "{template} gave {line:?}");
    }
    let distinct: std::collections::BTreeSet<&String> = lines.iter().collect();
    assert!(distinct.len() > 30, "{template} repeats itself: {lines:?}");
}

#[test]
fn random_strings_use_their_alphabets_and_length() {
    assert_all("{{ randAlphaNum 16 }}", |s| s.len() == 16 && s.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_all("{{ randAlpha 16 }}", |s| s.len() == 16 && s.chars().all(|c| c.is_ascii_alphabetic()));
    assert_all("{{ randNumeric 16 }}", |s| s.len() == 16 && s.chars().all(|c| c.is_ascii_digit()));
    assert_all("{{ randAscii 16 | quote }}", |s| s.len() >= 18 && s.chars().all(|c| (' '..='~').contains(&c)));
}

#[test]
fn every_character_of_an_alphabet_is_drawn() {
    let drawn: std::collections::BTreeSet<char> = render("{{ randAlphaNum 4000 }}").unwrap().chars().collect();
    assert_eq!(drawn.len(), 62);
    let digits: std::collections::BTreeSet<char> = render("{{ randNumeric 500 }}").unwrap().chars().collect();
    assert_eq!(digits.len(), 10);
}

#[test]
fn rand_bytes_is_base64_of_that_many_bytes() {
    assert_all("{{ randBytes 9 }}", |s| crate::encoding::base64_decode(s).is_ok_and(|bytes| bytes.len() == 9));
}

#[test]
fn rand_int_stays_in_its_half_open_range() {
    let values: Vec<i64> = render_lines("{{ randInt -3 4 }}", 200).iter().map(|line| line.parse().unwrap()).collect();
    assert!(values.iter().all(|v| (-3..4).contains(v)), "{values:?}");
    assert_eq!(values.iter().collect::<std::collections::BTreeSet<_>>().len(), 7);
}

#[test]
fn uuidv4_has_the_version_4_layout() {
    assert_all("{{ uuidv4 }}", |s| {
        let groups: Vec<&str> = s.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        lengths == [8, 4, 4, 4, 12]
            && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            && groups[2].starts_with('4')
            && groups[3].starts_with(['8', '9', 'a', 'b'])
    });
}

#[test]
fn shuffle_permutes_the_characters() {
    assert_all("{{ shuffle \"abcdefghijklmnopé\" }}", |s| {
        let mut chars: Vec<char> = s.chars().collect();
        chars.sort();
        chars.into_iter().collect::<String>() == "abcdefghijklmnopé"
    });
}

#[test]
fn the_same_seed_gives_the_same_values_and_another_seed_others() {
    let first = render_with_seed("release-a", EVERY_RANDOM_FUNCTION).unwrap();
    assert_eq!(render_with_seed("release-a", EVERY_RANDOM_FUNCTION).unwrap(), first);
    let other = render_with_seed("release-b", EVERY_RANDOM_FUNCTION).unwrap();
    for (a, b) in first.split(' ').zip(other.split(' ')) {
        assert_ne!(a, b, "{first} / {other}");
    }
}

#[test]
fn generated_holds_every_random_value() {
    let (functions, generated) = crate::functions("release-a");
    let mut set = Templates::with_functions(functions);
    set.parse("t", EVERY_RANDOM_FUNCTION).unwrap();
    let output = set.execute("t", &Value::Nil).unwrap();
    let values: Vec<&str> = output.split(' ').collect();
    assert_eq!(values.len(), 8);
    for value in values.iter().filter(|value| !value.is_empty()) {
        // randAscii is checked through b64enc, whose input is the generated value.
        let generated_value = match crate::encoding::base64_decode(value) {
            Ok(bytes) if values[3] == *value => String::from_utf8(bytes).unwrap(),
            _ => value.to_string(),
        };
        assert!(generated.contains(&generated_value), "{generated_value} not recorded in {:?}", generated.values());
    }
    assert!(!generated.contains("abcdefghijkl"), "the user's own text is not generated");
}
