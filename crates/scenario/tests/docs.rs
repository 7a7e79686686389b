//! docs/scenario.md stays in step with the code: it names every key of the format and
//! every catalogue value, and its examples load.

use std::path::Path;

fn docs() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenario.md"))
        .unwrap()
}

fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(rel),
    )
    .unwrap()
}

#[test]
fn docs_name_every_key() {
    let docs = docs();
    let schema: serde_json::Value = serde_json::from_str(&iadsim_scenario::json_schema()).unwrap();
    let mut keys: Vec<String> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    for d in schema["$defs"].as_object().unwrap().values() {
        if let Some(p) = d.get("properties").and_then(|p| p.as_object()) {
            keys.extend(p.keys().cloned());
        }
    }
    for (_, specs) in iadsim_scenario::catalogue::KINDS {
        keys.extend(specs.iter().map(|s| s.key.to_string()));
    }
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !docs.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/scenario.md does not mention: {missing:?}"
    );
}

#[test]
fn docs_example_is_the_shipped_scenario() {
    let docs = docs();
    let start = docs
        .find("```yaml\nname: regiment defense")
        .expect("complete example")
        + "```yaml\n".len();
    let end = start + docs[start..].find("```").unwrap();
    let example = &docs[start..end];
    let shipped = repo_file("scenarios/regiment_defense.yaml");
    let body: String = shipped
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        example, body,
        "the complete example in docs/scenario.md differs from scenarios/regiment_defense.yaml"
    );
}

#[test]
fn docs_fragment_loads() {
    let docs = docs();
    let start = docs
        .find("```yaml\n  ballistic_missiles:\n    - name: lofted")
        .expect("lofted example")
        + "```yaml\n  ballistic_missiles:\n".len();
    let end = start + docs[start..].find("```").unwrap();
    let fragment = &docs[start..end];
    let shipped = repo_file("scenarios/regiment_defense.yaml");
    let at = shipped.find("\ndoctrine:").unwrap();
    let src = format!("{}\n{}{}", &shipped[..at], fragment, &shipped[at..]);
    let loaded =
        iadsim_scenario::load_str(&src, "docs-fragment.yaml").unwrap_or_else(|d| panic!("{d}"));
    let lofted: Vec<_> = loaded
        .setup
        .threats
        .iter()
        .filter(|t| t.name.starts_with("lofted/"))
        .collect();
    assert_eq!(lofted.len(), 2);
    assert!((lofted[0].rcs - 10f64.powf(-2.5)).abs() < 1e-12);
}

#[test]
fn catalogue_sources_are_listed_in_sources_md() {
    let sources = repo_file("docs/sources.md");
    let catalogue = repo_file("crates/scenario/catalogue.yaml");
    let mut keys: Vec<&str> = catalogue
        .split('[')
        .skip(1)
        .filter_map(|s| s.split_once(']').map(|(k, _)| k))
        .filter(|k| {
            k.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        .filter(|k| k.contains(|c: char| c.is_ascii_lowercase()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    assert!(keys.len() >= 10, "{keys:?}");
    for k in keys {
        assert!(
            sources.contains(&format!("| `[{k}]` |")),
            "catalogue source [{k}] is not listed in docs/sources.md"
        );
    }
    // The docs and the catalogue cite the repository's own sources page, not a file
    // outside it.
    for rel in [
        "crates/scenario/catalogue.yaml",
        "docs/scenario.md",
        "docs/events.md",
        "docs/validation.md",
        "docs/mc.md",
        "docs/replay.md",
        "README.md",
    ] {
        assert!(
            !repo_file(rel).contains("REFERENCE.md"),
            "{rel} cites REFERENCE.md"
        );
    }
}

#[test]
fn docs_state_every_budget() {
    use iadsim_scenario::budgets::*;
    let docs = docs();
    let limits = &docs[docs.find("## Limits").expect("a Limits section")..];
    let thousands = |n: u64| {
        let d = n.to_string();
        let mut s = String::new();
        for (i, c) in d.chars().enumerate() {
            if i > 0 && (d.len() - i).is_multiple_of(3) {
                s.push(',');
            }
            s.push(c);
        }
        s
    };
    for (what, value) in [
        ("battalions", thousands(MAX_BATTALIONS as u64)),
        ("launchers", thousands(MAX_LAUNCHERS)),
        ("threats", thousands(MAX_THREATS)),
        ("route points", thousands(MAX_ROUTE_POINTS)),
        ("threat-radar steps", format!("{MAX_THREAT_RADAR_STEPS:e}")),
        ("radar looks", thousands(MAX_RADAR_LOOKS as u64)),
        (
            "looks in one time step",
            thousands(MAX_LOOKS_PER_STEP as u64),
        ),
    ] {
        assert!(
            limits.contains(&format!("| {value} |")),
            "docs/scenario.md's Limits should state the {what} budget, {value}"
        );
    }
}
