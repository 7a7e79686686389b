//! The committed JSON schema (`docs/scenario.schema.json`) is the one the code generates,
//! and it agrees with the decoder about which keys exist.

use std::path::Path;

fn committed_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenario.schema.json")
}

#[test]
fn committed_schema_is_up_to_date() {
    let generated = iadsim_scenario::json_schema();
    let path = committed_path();
    if std::env::var_os("IADSIM_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/scenario.schema.json is out of date; regenerate with \
         `IADSIM_BLESS=1 cargo test -p iadsim-scenario --test schema`"
    );
}

#[test]
fn schema_describes_the_format() {
    let v: serde_json::Value = serde_json::from_str(&iadsim_scenario::json_schema()).unwrap();
    let defs = v["$defs"].as_object().unwrap();
    // Top level.
    let required: Vec<&str> = v["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(required, ["name", "duration_s", "regiment"]);
    assert_eq!(v["additionalProperties"], false);
    // `type` fields, not `r#type`.
    assert!(defs["RadarSpec"]["properties"].get("type").is_some());
    // Overrides list the catalogue keys.
    assert!(
        defs["RadarOverrides"]["properties"]
            .get("reference_range_km")
            .is_some()
    );
    assert_eq!(defs["RadarOverrides"]["additionalProperties"], false);
    // Every record forbids unknown keys.
    for (name, d) in defs {
        if d.get("properties").is_some() {
            assert_eq!(d["additionalProperties"], false, "{name}");
        }
    }
}

#[test]
fn every_shipped_scenario_matches_the_schema_keys() {
    // A light structural check: every key used in a shipped scenario is a property of the
    // schema object it appears in (the full decoder check is in `shipped.rs`).
    let schema: serde_json::Value = serde_json::from_str(&iadsim_scenario::json_schema()).unwrap();
    let defs = schema["$defs"].clone();
    fn resolve<'a>(s: &'a serde_json::Value, defs: &'a serde_json::Value) -> &'a serde_json::Value {
        if let Some(r) = s.get("$ref").and_then(|r| r.as_str()) {
            return resolve(&defs[r.trim_start_matches("#/$defs/")], defs);
        }
        if let Some(x) = s.get("anyOf").and_then(|a| a.as_array()).and_then(|any| {
            any.iter()
                .find(|x| x.get("type") != Some(&serde_json::json!("null")))
        }) {
            return resolve(x, defs);
        }
        s
    }
    fn walk(v: &serde_json::Value, s: &serde_json::Value, defs: &serde_json::Value, path: &str) {
        let s = resolve(s, defs);
        match v {
            serde_json::Value::Object(m) => {
                // A map keyed by free names (e.g. `costs.interceptors`) gives the schema of
                // its values in `additionalProperties`.
                let free = s.get("additionalProperties").filter(|a| a.is_object());
                let props = s.get("properties").and_then(|p| p.as_object());
                assert!(
                    props.is_some() || free.is_some(),
                    "{path}: no properties in {s}"
                );
                for (k, x) in m {
                    let sub = props
                        .and_then(|p| p.get(k))
                        .or(free)
                        .unwrap_or_else(|| panic!("{path}.{k} not in schema"));
                    walk(x, sub, defs, &format!("{path}.{k}"));
                }
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, &s["items"], defs, &format!("{path}[{i}]"));
                }
            }
            _ => {}
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "yaml") {
            continue; // the shipped DEM's folder
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let v: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        walk(&v, &schema, &defs, &p.display().to_string());
    }
}
