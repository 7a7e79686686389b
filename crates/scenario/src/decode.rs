//! Decoding the location-aware tree into the typed format, collecting every problem
//! instead of stopping at the first.
//!
//! A value that cannot be decoded (a wrong type, a missing required field) is recorded as
//! a problem and replaced by a placeholder ([`Decode::placeholder`]), and its path is
//! marked *poisoned*: decoding goes on, and so do the semantic checks, which stay silent
//! about the poisoned values (see [`Cx::suppressed`]) but report everything else. A file
//! with a wrong type in one place and an unknown catalogue name in another gets both
//! problems in one pass.
//!
//! Records (structs) are declared with the [`record!`] macro, which derives the JSON
//! schema and the decoder from one field list, so the schema and the decoder cannot
//! disagree about which keys exist.

use crate::diag::{Problem, nearest};
use crate::tree::{Loc, Node, Value};

/// Largest magnitude accepted for any number in a scenario file.
pub const HUGE: f64 = 1e12;

/// The decoding context: file name and the problems found so far.
pub struct Cx {
    /// File name for messages.
    pub file: String,
    /// Errors.
    pub problems: Vec<Problem>,
    /// Warnings.
    pub warnings: Vec<Problem>,
    /// Paths whose values could not be decoded and were replaced by placeholders.
    pub poisoned: Vec<String>,
}

impl Cx {
    /// A new context for `file`.
    pub fn new(file: &str) -> Self {
        Cx {
            file: file.to_string(),
            problems: Vec::new(),
            warnings: Vec::new(),
            poisoned: Vec::new(),
        }
    }

    /// Whether a semantic problem at `path` would only repeat, or follow from, a value
    /// that could not be decoded: `path` is a poisoned path, lies inside one, or is the
    /// record that holds one (e.g. "missing lat_deg" on a position whose `lat_deg` was
    /// text).
    pub fn suppressed(&self, path: &str) -> bool {
        self.poisoned
            .iter()
            .any(|q| within(path, q) || parent(q).is_some_and(|p| p == path))
    }

    /// Whether the name of a site, asset or battalion may be missing because it (or the
    /// entry holding it) could not be decoded; references to unknown places are then not
    /// reported, since the place may be the one that failed.
    pub fn names_uncertain(&self) -> bool {
        self.poisoned.iter().any(|q| {
            ["sites", "assets", "regiment.battalions"]
                .iter()
                .any(|list| within(list, q) || is_item_name(q, list))
        })
    }

    fn problem(&self, loc: Loc, path: &str, message: String, help: Option<String>) -> Problem {
        Problem {
            file: self.file.clone(),
            line: loc.line(),
            column: loc.column(),
            path: path.to_string(),
            message,
            help,
        }
    }

    /// Record an error.
    pub fn error(
        &mut self,
        loc: Loc,
        path: &str,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let p = self.problem(loc, path, message.into(), help);
        self.problems.push(p);
    }

    /// Record a warning.
    pub fn warn(&mut self, loc: Loc, path: &str, message: impl Into<String>, help: Option<String>) {
        let p = self.problem(loc, path, message.into(), help);
        self.warnings.push(p);
    }

    /// Report a node of the wrong kind.
    pub fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        let help = match &node.value {
            Value::Str(s) if expected.contains("number") && s.trim().contains(' ') => Some(
                "write the bare number; the unit is part of the key (e.g. `range_km: 200`)".into(),
            ),
            _ => None,
        };
        self.error(
            node.loc,
            path,
            format!("expected {expected}, found {}", node.value.kind()),
            help,
        );
    }

    /// The entries of a mapping node, or a problem.
    pub fn expect_map<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n [(Node, Node)]> {
        match &node.value {
            Value::Map(m) => Some(m),
            _ => {
                self.wrong_type(node, path, "a mapping (`key: value` lines)");
                None
            }
        }
    }

    /// Report every key of `entries` that is not in `keys` (with the nearest valid key),
    /// and every key that is not a string.
    pub fn check_keys(&mut self, entries: &[(Node, Node)], path: &str, keys: &[&str]) {
        for (k, _) in entries {
            match &k.value {
                Value::Str(s) if keys.contains(&s.as_str()) => {}
                Value::Str(s) => {
                    let mut help = String::new();
                    if let Some(n) = nearest(s, keys.iter().copied()) {
                        help.push_str(&format!("did you mean \"{n}\"? "));
                    }
                    help.push_str(&format!("valid fields here: {}", keys.join(", ")));
                    self.error(
                        k.loc,
                        &join(path, s),
                        format!("unknown field \"{s}\""),
                        Some(help),
                    );
                }
                other => self.error(
                    k.loc,
                    path,
                    format!("expected a field name, found {}", other.kind()),
                    Some(format!("valid fields here: {}", keys.join(", "))),
                ),
            }
        }
    }

    /// Decode the field `key` of the mapping `node` (which has been checked to be a map).
    /// A value that cannot be decoded, or a required field that is missing, is recorded
    /// and replaced by the type's placeholder, its path poisoned.
    pub fn field<T: Decode>(&mut self, node: &Node, path: &str, key: &str) -> T {
        let p = join(path, key);
        let decoded = match node.get(key) {
            Some(v) => T::decode(v, &p, self),
            None => {
                let r = T::when_missing();
                if r.is_none() {
                    self.error(
                        node.loc,
                        path,
                        format!("missing field \"{key}\""),
                        T::hint().map(|h| format!("add `{key}: {h}`")),
                    );
                }
                r
            }
        };
        decoded.unwrap_or_else(|| {
            self.poisoned.push(p);
            T::placeholder()
        })
    }
}

/// `path.key`, or `key` at the root.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether `path` is `outer` or lies inside it (`outer.x…`, `outer[i]…`).
fn within(path: &str, outer: &str) -> bool {
    path.strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// The path of the record or list holding `path`: `a.b[2].c` → `a.b[2]`, `a.b[2]` → `a.b`.
fn parent(path: &str) -> Option<&str> {
    let cut = path.rfind(['.', '['])?;
    Some(&path[..cut])
}

/// Whether `path` is `list[i]` or `list[i].name`.
fn is_item_name(path: &str, list: &str) -> bool {
    let Some(rest) = path.strip_prefix(list).and_then(|r| r.strip_prefix('[')) else {
        return false;
    };
    let Some((index, tail)) = rest.split_once(']') else {
        return false;
    };
    index.parse::<usize>().is_ok() && (tail.is_empty() || tail == ".name")
}

/// The YAML key of a Rust field name (strips a raw-identifier prefix).
pub fn key_name(field: &'static str) -> &'static str {
    field.strip_prefix("r#").unwrap_or(field)
}

/// A type that can be decoded from a tree node, reporting problems into a [`Cx`].
pub trait Decode: Sized {
    /// Decode `node` found at `path`. `None` means a problem was recorded.
    fn decode(node: &Node, path: &str, cx: &mut Cx) -> Option<Self>;

    /// The value when the field is absent: `None` means the field is required.
    fn when_missing() -> Option<Self> {
        None
    }

    /// A short example of a valid value, for "missing field" hints.
    fn hint() -> Option<&'static str> {
        None
    }

    /// A stand-in for a value that could not be decoded (its problem already recorded),
    /// so that the rest of the file can still be decoded and checked.
    fn placeholder() -> Self;
}

impl<T: Decode> Decode for Option<T> {
    fn decode(node: &Node, path: &str, cx: &mut Cx) -> Option<Self> {
        match node.value {
            Value::Null => Some(None),
            _ => T::decode(node, path, cx).map(Some),
        }
    }
    fn when_missing() -> Option<Self> {
        Some(None)
    }
    fn placeholder() -> Self {
        None
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(node: &Node, path: &str, cx: &mut Cx) -> Option<Self> {
        let Value::Seq(items) = &node.value else {
            cx.wrong_type(node, path, "a list (`- item` lines or `[a, b]`)");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            match T::decode(item, &p, cx) {
                Some(v) => out.push(v),
                // Kept in place, so that later items keep their indices (and paths).
                None => {
                    cx.poisoned.push(p);
                    out.push(T::placeholder());
                }
            }
        }
        Some(out)
    }
    fn hint() -> Option<&'static str> {
        Some("[...]")
    }
    fn placeholder() -> Self {
        Vec::new()
    }
}

impl Decode for String {
    fn decode(node: &Node, path: &str, cx: &mut Cx) -> Option<Self> {
        match &node.value {
            Value::Str(s) => {
                if s.chars().any(char::is_control) {
                    cx.error(
                        node.loc,
                        path,
                        "text contains control characters",
                        Some("use printable characters only".into()),
                    );
                    None
                } else if s.len() > 200 {
                    cx.error(
                        node.loc,
                        path,
                        format!("text is {} bytes long; the limit is 200", s.len()),
                        None,
                    );
                    None
                } else {
                    Some(s.clone())
                }
            }
            Value::Int(i) => Some(i.to_string()),
            _ => {
                cx.wrong_type(node, path, "a string");
                None
            }
        }
    }
    fn hint() -> Option<&'static str> {
        Some("\"...\"")
    }
    fn placeholder() -> Self {
        String::new()
    }
}

/// Free text (a description): like `String` but longer and multi-line.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Text(pub String);

impl Decode for Text {
    fn decode(node: &Node, path: &str, cx: &mut Cx) -> Option<Self> {
        match &node.value {
            Value::Str(s) if s.len() <= 10_000 => Some(Text(s.clone())),
            Value::Str(s) => {
                cx.error(
                    node.loc,
                    path,
                    format!("text is {} bytes long; the limit is 10000", s.len()),
                    None,
                );
                None
            }
            _ => {
                cx.wrong_type(node, path, "a string");
                None
            }
        }
    }
    fn placeholder() -> Self {
        Text(String::new())
    }
}

impl Decode for bool {
    fn decode(node: &Node, path: &str, cx: &mut Cx) -> Option<Self> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if matches!(s.as_str(), "yes" | "on" | "Yes" | "On" | "YES" | "ON") => {
                Some(true)
            }
            Value::Str(s) if matches!(s.as_str(), "no" | "off" | "No" | "Off" | "NO" | "OFF") => {
                Some(false)
            }
            _ => {
                cx.wrong_type(node, path, "true or false");
                None
            }
        }
    }
    fn hint() -> Option<&'static str> {
        Some("true")
    }
    fn placeholder() -> Self {
        false
    }
}

impl Decode for f64 {
    fn decode(node: &Node, path: &str, cx: &mut Cx) -> Option<Self> {
        let v = match &node.value {
            Value::Int(i) => *i as f64,
            Value::Float(f) => *f,
            _ => {
                cx.wrong_type(node, path, "a number");
                return None;
            }
        };
        if v.is_nan() {
            cx.error(
                node.loc,
                path,
                "not a number (NaN) is not allowed",
                Some("write a finite number".into()),
            );
            return None;
        }
        if v.is_infinite() {
            cx.error(
                node.loc,
                path,
                "infinity is not allowed",
                Some("write a finite number".into()),
            );
            return None;
        }
        if v.abs() > HUGE {
            cx.error(
                node.loc,
                path,
                format!("number {v:e} is too large"),
                Some(format!(
                    "numbers in a scenario are at most {HUGE:e} in magnitude"
                )),
            );
            return None;
        }
        Some(v)
    }
    fn hint() -> Option<&'static str> {
        Some("<number>")
    }
    fn placeholder() -> Self {
        0.0
    }
}

/// A whole number from `node`, within [`min`, `max`]; out of range (negative included)
/// is one problem naming both bounds.
fn decode_int(node: &Node, path: &str, cx: &mut Cx, min: i128, max: i128) -> Option<i128> {
    let v = match &node.value {
        Value::Int(i) => *i,
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 9e15 => *f as i128,
        _ => {
            cx.wrong_type(node, path, "a whole number");
            return None;
        }
    };
    if v < min || v > max {
        let what = if v < min { "too small" } else { "too large" };
        cx.error(
            node.loc,
            path,
            format!("{v} is {what}"),
            Some(format!("write a whole number from {min} to {max}")),
        );
        return None;
    }
    Some(v)
}

impl Decode for u64 {
    fn decode(node: &Node, path: &str, cx: &mut Cx) -> Option<Self> {
        decode_int(node, path, cx, 0, u64::MAX.into()).map(|v| v as u64)
    }
    fn hint() -> Option<&'static str> {
        Some("<whole number>")
    }
    fn placeholder() -> Self {
        0
    }
}

/// A whole number in [`MIN`, `MAX`] (counts: waves, launchers, rounds, salvo size); the
/// decoder, the message and the JSON schema all state the same bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Count<const MIN: u32, const MAX: u32>(pub u32);

impl<const MIN: u32, const MAX: u32> Count<MIN, MAX> {
    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl<const MIN: u32, const MAX: u32> Decode for Count<MIN, MAX> {
    fn decode(node: &Node, path: &str, cx: &mut Cx) -> Option<Self> {
        decode_int(node, path, cx, MIN.into(), MAX.into()).map(|v| Count(v as u32))
    }
    fn hint() -> Option<&'static str> {
        Some("<whole number>")
    }
    fn placeholder() -> Self {
        Count(MIN)
    }
}

impl<const MIN: u32, const MAX: u32> schemars::JsonSchema for Count<MIN, MAX> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Count_{MIN}_{MAX}").into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "integer", "minimum": MIN, "maximum": MAX})
    }
}

/// Declare a record of the file format: the struct (with its JSON schema) and its decoder.
macro_rules! record {
    (
        $(#[$m:meta])*
        pub struct $name:ident {
            $( $(#[$fm:meta])* pub $f:ident : $t:ty ),* $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, schemars::JsonSchema, serde::Serialize)]
        #[schemars(deny_unknown_fields)]
        pub struct $name {
            $( $(#[$fm])* pub $f: $t ),*
        }

        impl $name {
            /// The keys this record accepts, in declaration order.
            #[allow(dead_code)]
            pub fn keys() -> Vec<&'static str> {
                vec![$( $crate::decode::key_name(stringify!($f)) ),*]
            }
        }

        impl $crate::decode::Decode for $name {
            fn decode(
                node: &$crate::tree::Node,
                path: &str,
                cx: &mut $crate::decode::Cx,
            ) -> Option<Self> {
                let entries = cx.expect_map(node, path)?;
                cx.check_keys(entries, path, &Self::keys());
                $( let $f = cx.field::<$t>(node, path, $crate::decode::key_name(stringify!($f))); )*
                Some(Self { $( $f ),* })
            }
            fn hint() -> Option<&'static str> {
                Some("{...}")
            }
            fn placeholder() -> Self {
                Self { $( $f: <$t as $crate::decode::Decode>::placeholder() ),* }
            }
        }
    };
}

/// Declare a string enumeration of the file format with its schema and decoder.
macro_rules! str_enum {
    (
        $(#[$m:meta])*
        pub enum $name:ident {
            $( $(#[$vm:meta])* $v:ident = $s:literal ),* $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, schemars::JsonSchema, serde::Serialize)]
        pub enum $name {
            $( $(#[$vm])* #[serde(rename = $s)] $v ),*
        }

        impl $name {
            /// The spellings accepted in a file.
            pub const NAMES: &'static [&'static str] = &[$($s),*];
        }

        impl $crate::decode::Decode for $name {
            fn decode(
                node: &$crate::tree::Node,
                path: &str,
                cx: &mut $crate::decode::Cx,
            ) -> Option<Self> {
                let $crate::tree::Value::Str(s) = &node.value else {
                    cx.wrong_type(node, path, &format!("one of {}", Self::NAMES.join(", ")));
                    return None;
                };
                match s.as_str() {
                    $( $s => Some(Self::$v), )*
                    other => {
                        let mut help = String::new();
                        if let Some(n) = $crate::diag::nearest(other, Self::NAMES.iter().copied()) {
                            help.push_str(&format!("did you mean \"{n}\"? "));
                        }
                        help.push_str(&format!("valid values: {}", Self::NAMES.join(", ")));
                        cx.error(node.loc, path, format!("unknown value \"{other}\""), Some(help));
                        None
                    }
                }
            }
            fn placeholder() -> Self {
                [$(Self::$v),*][0]
            }
        }
    };
}

pub(crate) use {record, str_enum};
