//! Property test: the loader never panics on mutated versions of the shipped scenarios
//! (random byte edits, deleted, duplicated and swapped lines), and every failure carries
//! at least one problem with a message.

use proptest::prelude::*;

const SHIPPED: &[&str] = &[
    include_str!("../../../scenarios/regiment_defense.yaml"),
    include_str!("../../../scenarios/single_cruise_missile.yaml"),
    include_str!("../../../scenarios/single_ballistic.yaml"),
    include_str!("../../../scenarios/long_range_aircraft.yaml"),
];

#[derive(Debug, Clone)]
enum Edit {
    /// Replace the byte at (position mod len) with a byte.
    Replace(usize, u8),
    /// Insert a byte.
    Insert(usize, u8),
    /// Delete a byte.
    Delete(usize),
    /// Insert one of the characters that matter to YAML.
    InsertSyntax(usize, usize),
}

#[derive(Debug, Clone)]
enum LineEdit {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
}

const SYNTAX: &[&str] = &[
    ":", "-", " ", "\n", "[", "]", "{", "}", "&a ", "*a", "!!str ", "'", "\"", "#", "|", ">",
    ".nan", "-1", "1e999", "0", "\t", "<<: ", "~", ",", "?",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Replace(p, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Insert(p, b)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), 0..SYNTAX.len()).prop_map(|(p, s)| Edit::InsertSyntax(p, s)),
    ]
}

fn line_edit() -> impl Strategy<Value = LineEdit> {
    prop_oneof![
        any::<usize>().prop_map(LineEdit::Delete),
        any::<usize>().prop_map(LineEdit::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| LineEdit::Swap(a, b)),
    ]
}

fn check(bytes: &[u8]) {
    match iadsim_scenario::load_bytes(bytes, "mutant.yaml") {
        Ok(l) => {
            assert!(l.setup.duration > 0.0 && l.setup.duration.is_finite());
            assert!(l.setup.time_step > 0.0 && l.setup.time_step <= l.setup.duration);
        }
        Err(d) => {
            assert!(!d.problems.is_empty());
            assert!(d.problems.iter().all(|p| !p.message.is_empty()));
            let _ = d.to_string();
        }
    }
    let text = String::from_utf8_lossy(bytes);
    let _ = iadsim_scenario::load_str(&text, "mutant.yaml");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn byte_edits_never_panic(which in 0..SHIPPED.len(), edits in prop::collection::vec(edit(), 1..8)) {
        let mut b = SHIPPED[which].as_bytes().to_vec();
        for e in edits {
            let n = b.len().max(1);
            match e {
                Edit::Replace(p, x) => { if !b.is_empty() { b[p % n] = x; } }
                Edit::Insert(p, x) => b.insert(p % (b.len() + 1), x),
                Edit::Delete(p) => { if !b.is_empty() { b.remove(p % n); } }
                Edit::InsertSyntax(p, s) => {
                    let at = p % (b.len() + 1);
                    b.splice(at..at, SYNTAX[s].bytes());
                }
            }
        }
        check(&b);
    }

    #[test]
    fn line_edits_never_panic(which in 0..SHIPPED.len(), edits in prop::collection::vec(line_edit(), 1..6)) {
        let mut lines: Vec<&str> = SHIPPED[which].lines().collect();
        for e in edits {
            let n = lines.len();
            if n == 0 { break; }
            match e {
                LineEdit::Delete(i) => { lines.remove(i % n); }
                LineEdit::Duplicate(i) => { let l = lines[i % n]; lines.insert(i % n, l); }
                LineEdit::Swap(a, c) => lines.swap(a % n, c % n),
            }
        }
        check(lines.join("\n").as_bytes());
    }
}
