//! A YAML document as a tree of nodes that remember where they came from.
//!
//! The scenario is first read into this tree (through serde-saphyr, with its resource
//! budget guarding against alias bombs and deep nesting), and only then decoded into the
//! typed format. Decoding from a tree, rather than deserialising straight into structs,
//! lets the loader report every problem in one pass and point each at its line and column.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A position in the source: 1-based line and column (characters). Zero means unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loc {
    /// 1-based line, 0 if unknown.
    pub line: usize,
    /// 1-based column (in characters), 0 if unknown.
    pub column: usize,
}

impl Loc {
    fn from_saphyr(l: &serde_saphyr::Location) -> Self {
        Loc {
            line: usize::try_from(l.line()).unwrap_or(usize::MAX),
            column: usize::try_from(l.column()).unwrap_or(usize::MAX),
        }
    }

    /// Line if known.
    pub fn line(&self) -> Option<usize> {
        (self.line > 0).then_some(self.line)
    }

    /// Column if known.
    pub fn column(&self) -> Option<usize> {
        (self.line > 0 && self.column > 0).then_some(self.column)
    }
}

/// A node of the document with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the node starts.
    pub loc: Loc,
}

/// The value of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or an empty value.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A floating-point number (possibly non-finite: `.nan`, `.inf`).
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, entries in source order.
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// A short description of the kind of value, for messages.
    pub fn kind(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => format!("boolean {b}"),
            Value::Int(i) => format!("integer {i}"),
            Value::Float(f) => format!("number {}", crate::diag::num(*f)),
            Value::Str(s) => {
                let shown: String = s.chars().take(40).collect();
                if shown.len() < s.len() {
                    format!("string {shown:?}…")
                } else {
                    format!("string {s:?}")
                }
            }
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping".into(),
        }
    }
}

impl Node {
    /// The entries if this node is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The value under a string key of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
            .map(|(_, v)| v)
    }

    /// The best location for a field path such as `regiment.battalions[0].name`:
    /// the node itself if it exists, else the deepest existing ancestor.
    pub fn locate(&self, path: &str) -> Loc {
        let mut node = self;
        for seg in split_path(path) {
            let next = match seg {
                Seg::Key(k) => node.get(k),
                Seg::Index(i) => match &node.value {
                    Value::Seq(s) => s.get(i),
                    _ => None,
                },
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node.loc
    }
}

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn split_path(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            if let Ok(i) = idx.trim_end_matches(']').parse() {
                out.push(Seg::Index(i));
            }
        }
    }
    out
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<Value>::deserialize(d)?;
        Ok(Node {
            value: s.value,
            loc: Loc::from_saphyr(&s.referenced),
        })
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(match i128::try_from(v) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Float(v as f64),
        })
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(n) = seq.next_element::<Node>()? {
            out.push(n);
        }
        Ok(Value::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Node>()? {
            let v = map.next_value::<Node>()?;
            out.push((k, v));
        }
        Ok(Value::Map(out))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

/// Largest accepted scenario source, bytes.
pub const MAX_SOURCE_BYTES: usize = 8 * 1024 * 1024;

/// Why a source could not be read into a tree.
#[derive(Debug)]
pub struct ParseFailure {
    /// What went wrong.
    pub message: String,
    /// Where, if known.
    pub loc: Loc,
    /// A hint.
    pub help: Option<String>,
}

/// Parse YAML source text into a tree, with resource budgets suited to scenario files.
/// `Ok(None)` for a document with no content (empty, only comments, or `null`).
pub fn parse(source: &str) -> Result<Option<Node>, ParseFailure> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(ParseFailure {
            message: format!(
                "file too large: {} bytes (the limit is {} bytes)",
                source.len(),
                MAX_SOURCE_BYTES
            ),
            loc: Loc::default(),
            help: Some("a scenario file is normally a few kilobytes".into()),
        });
    }
    if source.trim().is_empty() {
        return Ok(None);
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_nodes: 200_000,
            max_events: 500_000,
            max_aliases: 2_000,
            max_anchors: 2_000,
            max_documents: 1,
            max_total_scalar_bytes: 4 * 1024 * 1024,
            max_recorded_anchor_events: 100_000,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 1_000,
        },
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::PassThrough,
        with_snippet: false,
        strict_booleans: true,
    };
    match serde_saphyr::from_str_with_options::<Option<Node>>(source, options) {
        Ok(Some(n)) if n.value == Value::Null => Ok(None),
        Ok(n) => Ok(n),
        Err(e) => {
            let loc = e
                .location()
                .map(|l| Loc::from_saphyr(&l))
                .unwrap_or_default();
            let fmt = serde_saphyr::UserMessageFormatter;
            let mut message = e
                .render_with_options(serde_saphyr::render_options! {
                    formatter: &fmt,
                    snippets: serde_saphyr::SnippetMode::Off,
                })
                .trim()
                .to_string();
            // The plain rendering ends in a location suffix; we print our own.
            if let Some(i) = message.find(" at line ") {
                message.truncate(i);
            }
            let help = budget_help(&message);
            Err(ParseFailure {
                message: format!("invalid YAML: {message}"),
                loc,
                help,
            })
        }
    }
}

fn budget_help(message: &str) -> Option<String> {
    let m = message.to_ascii_lowercase();
    if ["budget", "depth", "alias", "replay", "limit", "too large"]
        .iter()
        .any(|k| m.contains(k))
    {
        Some(
            "scenario files are limited to 32 levels of nesting, 2,000 aliases, \
             100,000 alias-expanded events and 200,000 nodes; this input exceeds a limit"
                .into(),
        )
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_recorded() {
        let n = parse("a: 1\nb:\n  - x: 2.5\n    y: [1, 2]\n")
            .unwrap()
            .unwrap();
        assert_eq!(n.get("a").unwrap().loc, Loc { line: 1, column: 4 });
        let b = n.get("b").unwrap();
        assert_eq!(b.loc.line, 3);
        assert_eq!(
            n.locate("b[0].y[1]"),
            Loc {
                line: 4,
                column: 12
            }
        );
        assert_eq!(n.locate("b[0].x"), Loc { line: 3, column: 8 });
    }

    #[test]
    fn non_finite_passes_through() {
        let n = parse("a: .nan\nb: -.inf\nc: 1e999\n").unwrap().unwrap();
        assert!(matches!(n.get("a").unwrap().value, Value::Float(f) if f.is_nan()));
        assert!(matches!(n.get("b").unwrap().value, Value::Float(f) if f == f64::NEG_INFINITY));
    }

    #[test]
    fn empty_is_none() {
        assert!(parse("").unwrap().is_none());
        assert!(parse("# only a comment\n").unwrap().is_none());
        assert!(parse("~").unwrap().is_none());
    }
}

/// Replaces (or adds) the value at a dotted path with indices, e.g.
/// `threats.cruise_missiles[0].count`, by `value` read as YAML (`64` a number, `true` a
/// flag, `abc` text). A key the file leaves out is added (an empty mapping on the way, so
/// `doctrine.salvo_size` works on a file without `doctrine:`); the decoder then checks
/// that its name is valid. The new node keeps the location of the node it replaces (or of
/// its parent), so later messages point at the line the file had there. An index out of
/// range, or a key under a value that is not a mapping, is an error naming what is valid
/// at that level.
pub fn set_path(root: &mut Node, path: &str, value: &str) -> Result<(), String> {
    let segs = path_segments(path)?;
    let parsed = match parse(value) {
        Ok(Some(n)) => n.value,
        Ok(None) => Value::Null,
        Err(_) => Value::Str(value.to_string()),
    };
    let mut node = root;
    let mut here = String::new();
    for (i, seg) in segs.iter().enumerate() {
        node = match *seg {
            Seg::Key(k) => {
                // What to create if the key is missing: the value itself, or a mapping
                // for the keys below it.
                let create_map = matches!(segs.get(i + 1), Some(Seg::Key(_)));
                let next = step_key(
                    node,
                    k,
                    &here,
                    i + 1 == segs.len() || create_map,
                    create_map,
                )?;
                here = if here.is_empty() {
                    k.to_string()
                } else {
                    format!("{here}.{k}")
                };
                next
            }
            Seg::Index(idx) => {
                let next = step_index(node, idx, &here)?;
                here = format!("{here}[{idx}]");
                next
            }
        };
    }
    node.value = parsed;
    Ok(())
}

/// The segments of a dotted path with indices.
fn path_segments(path: &str) -> Result<Vec<Seg<'_>>, String> {
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (key, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() && rest.is_empty() {
            return Err(format!("empty segment in path `{path}`"));
        }
        if !key.is_empty() {
            segs.push(Seg::Key(key));
        }
        let mut r = rest;
        while !r.is_empty() {
            let close = r.find(']').filter(|_| r.starts_with('['));
            let idx = close.and_then(|c| r[1..c].parse::<usize>().ok().map(|i| (i, c)));
            let Some((i, c)) = idx else {
                return Err(format!(
                    "malformed index `{rest}` in path `{path}` (write e.g. `name[0]`)"
                ));
            };
            segs.push(Seg::Index(i));
            r = &r[c + 1..];
        }
    }
    Ok(segs)
}

fn at(here: &str) -> String {
    if here.is_empty() {
        "the top level".to_string()
    } else {
        format!("`{here}`")
    }
}

/// The value under key `k` of `node` (at path `here`); a missing key is added when
/// `create` (holding an empty mapping when `as_map`, else null). A null node becomes an
/// empty mapping first (`doctrine:` written with nothing under it).
fn step_key<'n>(
    node: &'n mut Node,
    k: &str,
    here: &str,
    create: bool,
    as_map: bool,
) -> Result<&'n mut Node, String> {
    if node.value == Value::Null {
        node.value = Value::Map(Vec::new());
    }
    let kind = node.value.kind();
    let loc = node.loc;
    let Value::Map(entries) = &mut node.value else {
        return Err(format!(
            "{} is {kind}, not a mapping, so it has no key `{k}`",
            at(here)
        ));
    };
    let pos = entries
        .iter()
        .position(|(key, _)| matches!(&key.value, Value::Str(s) if s == k));
    let pos = match pos {
        Some(p) => p,
        None if create => {
            let value = if as_map {
                Value::Map(Vec::new())
            } else {
                Value::Null
            };
            let key = Value::Str(k.to_string());
            entries.push((Node { value: key, loc }, Node { value, loc }));
            entries.len() - 1
        }
        None => {
            let keys: Vec<String> = entries
                .iter()
                .filter_map(|(key, _)| match &key.value {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            return Err(format!(
                "no key `{k}` at {}; keys there: {}",
                at(here),
                keys.join(", ")
            ));
        }
    };
    Ok(&mut entries[pos].1)
}

/// Item `idx` of the list `node` (at path `here`).
fn step_index<'n>(node: &'n mut Node, idx: usize, here: &str) -> Result<&'n mut Node, String> {
    let kind = node.value.kind();
    let Value::Seq(items) = &mut node.value else {
        return Err(format!(
            "{} is {kind}, not a list, so it has no index [{idx}]",
            at(here)
        ));
    };
    let n = items.len();
    if idx >= n {
        return Err(format!(
            "index [{idx}] is out of range: {} has {n} item{}{}",
            at(here),
            if n == 1 { "" } else { "s" },
            if n > 0 {
                format!(" (valid: 0 to {})", n - 1)
            } else {
                String::new()
            }
        ));
    }
    Ok(&mut items[idx])
}

#[cfg(test)]
mod set_path_tests {
    use super::*;

    fn tree() -> Node {
        parse("a:\n  b: [{c: 1}, {c: 2}]\n  d: x\n")
            .unwrap()
            .unwrap()
    }

    #[test]
    fn replaces_nested_values_with_typed_yaml() {
        let mut t = tree();
        set_path(&mut t, "a.b[1].c", "64").unwrap();
        set_path(&mut t, "a.d", "hello world").unwrap();
        set_path(&mut t, "a.e", "2.5").unwrap();
        assert_eq!(
            t.get("a").unwrap().get("d").unwrap().value,
            Value::Str("hello world".into())
        );
        assert_eq!(
            t.get("a").unwrap().get("e").unwrap().value,
            Value::Float(2.5)
        );
        let Value::Seq(items) = &t.get("a").unwrap().get("b").unwrap().value else {
            panic!()
        };
        assert_eq!(items[1].get("c").unwrap().value, Value::Int(64));
        assert_eq!(items[0].get("c").unwrap().value, Value::Int(1));
    }

    #[test]
    fn missing_mappings_are_added_on_the_way() {
        // `--set doctrine.salvo_size=1` on a file without `doctrine:`.
        let mut t = parse("name: x\n").unwrap().unwrap();
        set_path(&mut t, "doctrine.salvo_size", "1").unwrap();
        let d = t.get("doctrine").unwrap();
        assert_eq!(d.get("salvo_size").unwrap().value, Value::Int(1));
        // ... and with `doctrine:` written empty (null).
        let mut t = parse("name: x\ndoctrine:\n").unwrap().unwrap();
        set_path(&mut t, "doctrine.a.b", "2").unwrap();
        let a = t.get("doctrine").unwrap().get("a").unwrap();
        assert_eq!(a.get("b").unwrap().value, Value::Int(2));
        // The new nodes point at the line of their parent.
        assert_eq!(t.get("doctrine").unwrap().loc.line, 2);
    }

    #[test]
    fn bad_paths_name_what_is_valid() {
        let mut t = tree();
        let e = set_path(&mut t, "a.z[0].c", "1").unwrap_err();
        assert_eq!(e, "no key `z` at `a`; keys there: b, d");
        let e = set_path(&mut t, "a.b[2].c", "1").unwrap_err();
        assert_eq!(
            e,
            "index [2] is out of range: `a.b` has 2 items (valid: 0 to 1)"
        );
        let e = set_path(&mut t, "a.d.x", "1").unwrap_err();
        assert!(e.contains("`a.d` is string \"x\", not a mapping"), "{e}");
        let e = set_path(&mut t, "a.b[x]", "1").unwrap_err();
        assert!(e.contains("malformed index"), "{e}");
    }
}
