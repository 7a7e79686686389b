//! Fuzz the scenario loader: arbitrary bytes must give `Ok` or a list of problems,
//! never a panic, a hang or runaway memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Raw bytes (exercises the UTF-8 check) ...
    let _ = iadsim_scenario::load_bytes(data, "fuzz.yaml");
    // ... and the lossy text, so that mutations of valid scenarios with a stray invalid
    // byte still reach the YAML and semantic layers.
    let text = String::from_utf8_lossy(data);
    if let Err(d) = iadsim_scenario::load_str(&text, "fuzz.yaml") {
        assert!(!d.problems.is_empty());
        let _ = d.to_string();
    }
});
