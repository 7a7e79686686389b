//! Fuzz the `wta` text reader (the benchmark format): arbitrary bytes must give an
//! instance or a located error, never a panic, a hang or runaway memory; an instance read
//! is then solved under a short time limit, which must hold whatever its size.
#![no_main]

use std::time::{Duration, Instant};

use iadsim_wta::{Method, SolveOptions, objective, parse_text, solve};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_text(text) {
        Ok(instance) => {
            let limit = Duration::from_millis(20);
            let started = Instant::now();
            let s = solve(
                &instance,
                &SolveOptions {
                    method: Method::Auto,
                    time_limit: Some(limit),
                    ..SolveOptions::default()
                },
            );
            // Wall time, so generous: the setup that cannot be cut short (O(shots), ~0.3 s
            // CPU under the sanitizer at 4 M shots) stretches on a loaded machine; a hang is
            // what this catches (as does libFuzzer's -timeout).
            assert!(started.elapsed() < limit + Duration::from_secs(8));
            assert!(s.objective.is_finite());
            assert_eq!(s.objective, objective(&instance, &s.assignment));
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
