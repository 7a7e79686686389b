//! Fuzz the `wta` JSON reader: arbitrary bytes must give a valid instance or an error
//! with a line and column, never a panic; every instance read has a finite objective.
#![no_main]

use iadsim_wta::{Method, SolveOptions, objective, parse_json, solve};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(instance) = parse_json(&text) {
        // Deterministic and bounded: greedy only (the text target runs the full solver).
        let s = solve(
            &instance,
            &SolveOptions {
                method: Method::Greedy,
                time_limit: Some(std::time::Duration::from_millis(20)),
                ..SolveOptions::default()
            },
        );
        assert!(s.objective.is_finite());
        assert_eq!(s.objective, objective(&instance, &s.assignment));
    }
});
