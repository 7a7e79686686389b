//! The engine's module graph, read from its sources: every file of `src/` is a module, and
//! a module depends on another when it names it (`use crate::…`, `super::…`, a child's
//! `mod` or re-export, or a path in the code). Checked:
//!
//! 1. the graph has no cycles (a folder's `mod.rs` declares and re-exports its children;
//!    the children never reach back to it);
//! 2. no stage imports a stage above it in the layering truth → sense → track → engage →
//!    decide → assess → events → observe → engine (decide plans with the interceptors'
//!    tables, so engage sits below it; the clock calls them in its own order);
//! 3. the defence's modules — track/, decide/, and the missile's guidance law — cannot
//!    reach truth/ at all, directly or through any module they import (which also keeps
//!    them off the truth-scanning part of sense/);
//! 4. no file is longer than 700 lines (function length is clippy's `too_many_lines`,
//!    bound in clippy.toml).
//!
//! `cargo test -p iadsim-sim --test module_graph -- --nocapture` prints the stage graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`engage::flyout::guidance`; `crate` for lib.rs) of the file `rel` under
/// src/.
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    if parts.is_empty() {
        "crate".into()
    } else {
        parts.join("::")
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments, string and char literals, and `#[cfg(test)]`
/// modules (unit tests may reach anything).
fn code(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            while i + 1 < b.len() && !b[i..].starts_with(b"*/") {
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && i + 2 < b.len() && (b[i + 2] == b'\'' || b[i + 1] == b'\\') {
            // A char literal ('x', '\n'); a lifetime has no closing quote.
            i += 1;
            while i < b.len() && b[i] != b'\'' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    match out.find("#[cfg(test)]\nmod tests") {
        Some(k) => out[..k].to_string(),
        None => out,
    }
}

/// Expands a use tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (k, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |q| format!("{prefix}{q}")))
        .collect()
}

/// The module a path used in module `from` names: the deepest existing module along it
/// (`None` for an external crate or the standard library).
fn resolve(from: &str, path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let mut segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = if from == "crate" {
        Vec::new()
    } else {
        from.split("::").map(String::from).collect()
    };
    match segs.first().copied() {
        Some("crate") => {
            base.clear();
            segs.remove(0);
        }
        Some("self") => {
            segs.remove(0);
        }
        Some("super") => {
            while segs.first() == Some(&"super") {
                base.pop();
                segs.remove(0);
            }
        }
        Some(first) => {
            // A relative path: a child module of `from`, else external.
            let child = if base.is_empty() {
                first.to_string()
            } else {
                format!("{}::{first}", base.join("::"))
            };
            if !modules.contains(&child) {
                return None;
            }
        }
        None => return None,
    }
    let mut found = if base.is_empty() {
        "crate".to_string()
    } else {
        base.join("::")
    };
    let mut cur = base;
    for s in segs {
        cur.push(s.to_string());
        let m = cur.join("::");
        if modules.contains(&m) {
            found = m;
        } else {
            break;
        }
    }
    Some(found)
}

/// Module → the modules it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    let modules: BTreeSet<String> = paths
        .iter()
        .map(|p| module_of(p.strip_prefix(&src).unwrap()))
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &paths {
        let from = module_of(p.strip_prefix(&src).unwrap());
        let code = code(&std::fs::read_to_string(p).unwrap());
        let mut named = Vec::new();
        // `use` trees, and `mod` declarations of children.
        for stmt in code.split(';') {
            let stmt = stmt.trim();
            let body = stmt
                .strip_prefix("pub(crate) ")
                .or_else(|| stmt.strip_prefix("pub "))
                .unwrap_or(stmt);
            let body = body.rsplit('\n').next().unwrap_or(body).trim();
            let body = body
                .strip_prefix("pub(crate) ")
                .or_else(|| body.strip_prefix("pub "))
                .unwrap_or(body);
            if let Some(tree) = body.strip_prefix("use ") {
                let tree = tree.split(" as ").next().unwrap_or(tree);
                named.extend(expand(tree));
            } else if let Some(name) = body.strip_prefix("mod ") {
                named.push(format!("self::{}", name.trim()));
            }
        }
        // Paths in the code.
        let words: Vec<char> = code.chars().collect();
        let text: String = words.iter().collect();
        for start in ["crate::", "super::", "self::"] {
            let mut k = 0;
            while let Some(off) = text[k..].find(start) {
                let at = k + off;
                let prev = text[..at].chars().next_back();
                if prev.is_none_or(|c| !(c.is_alphanumeric() || c == '_')) {
                    let end = text[at..]
                        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                        .map_or(text.len(), |e| at + e);
                    named.push(text[at..end].trim_end_matches(':').to_string());
                }
                k = at + start.len();
            }
        }
        let set = edges.entry(from.clone()).or_default();
        for path in named {
            if let Some(to) = resolve(&from, &path, &modules)
                && to != from
            {
                set.insert(to);
            }
        }
    }
    edges
}

/// A cycle of the graph, if there is one.
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let k = stack.iter().position(|s| s == m).unwrap();
                    let mut c = stack[k..].to_vec();
                    c.push(m.clone());
                    return Some(c);
                }
                0 => {
                    if let Some(c) = visit(m, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(n, edges, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

/// Every module `from` reaches.
fn reach(from: &str, edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(n) = todo.pop() {
        for m in edges.get(&n).into_iter().flatten() {
            if seen.insert(m.clone()) {
                todo.push(m.clone());
            }
        }
    }
    seen
}

fn stage(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

/// The stages in layering order: a stage may import only from itself and those before it.
const LAYERS: [&str; 9] = [
    "truth", "sense", "track", "engage", "decide", "assess", "events", "observe", "engine",
];

#[test]
fn the_module_graph_is_acyclic() {
    let edges = graph();
    assert!(edges.len() > 60, "found {} modules", edges.len());
    if let Some(c) = cycle(&edges) {
        panic!("module cycle: {}", c.join(" -> "));
    }
    let mut stages: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, tos) in &edges {
        for to in tos {
            if stage(from) != stage(to) && from != "crate" {
                stages.entry(stage(from)).or_default().insert(stage(to));
            }
        }
    }
    println!("stage graph (a -> what it imports):");
    for s in LAYERS {
        let deps: Vec<&str> = stages.get(s).into_iter().flatten().copied().collect();
        println!("  {s:8} -> {}", deps.join(", "));
    }
    println!(
        "{} modules, {} edges",
        edges.len(),
        edges.values().map(|s| s.len()).sum::<usize>()
    );
}

#[test]
fn no_stage_imports_a_stage_above_it() {
    let edges = graph();
    let rank = |s: &str| LAYERS.iter().position(|l| *l == s);
    let mut wrong = Vec::new();
    for (from, tos) in &edges {
        let Some(rf) = rank(stage(from)) else {
            continue;
        };
        for to in tos {
            if let Some(rt) = rank(stage(to))
                && rt > rf
            {
                wrong.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports up the layering: {wrong:#?}");
}

#[test]
fn the_defence_and_the_guidance_law_cannot_reach_truth() {
    let edges = graph();
    let blind: Vec<&String> = edges
        .keys()
        .filter(|m| stage(m) == "track" || stage(m) == "decide" || *m == "engage::flyout::guidance")
        .collect();
    assert!(blind.len() >= 12, "{blind:?}");
    for m in blind {
        let leaks: Vec<String> = reach(m, &edges)
            .into_iter()
            .filter(|r| stage(r) == "truth")
            .collect();
        assert!(leaks.is_empty(), "{m} reaches the truth: {leaks:?}");
    }
}

/// The checker itself: it sees a cycle and a leak when there is one.
/// Longest source file of the engine, lines (issue 15: a file past it is two modules).
const MAX_FILE_LINES: usize = 700;

#[test]
fn no_file_of_the_engine_is_longer_than_700_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    assert!(
        all.len() > 50,
        "the engine's sources were found: {}",
        all.len()
    );
    let long: Vec<(String, usize)> = all
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            (f.display().to_string(), text.lines().count())
        })
        .filter(|(_, n)| *n > MAX_FILE_LINES)
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines: {long:?}"
    );
}

#[test]
fn the_checks_see_what_they_look_for() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut edge = |a: &str, b: &str| {
        edges.entry(a.into()).or_default().insert(b.into());
    };
    edge("decide::x", "engage::y");
    edge("engage::y", "truth::z");
    edge("truth::z", "decide::x");
    assert!(cycle(&edges).is_some());
    assert!(reach("decide::x", &edges).contains("truth::z"));
    let modules: BTreeSet<String> = ["sense", "sense::radar", "sense::radar::scan", "truth"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(
        resolve("sense::radar", "super::radar::scan::ScanPattern", &modules).as_deref(),
        Some("sense::radar::scan")
    );
    assert_eq!(
        resolve("sense", "radar::Swerling", &modules).as_deref(),
        Some("sense::radar")
    );
    assert_eq!(resolve("sense", "nalgebra::Vector3", &modules), None);
    assert_eq!(
        expand("crate::a::{b, c::{d, e}}"),
        vec!["crate::a::b", "crate::a::c::d", "crate::a::c::e"]
    );
}
