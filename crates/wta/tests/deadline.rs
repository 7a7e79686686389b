//! Deadlines and bounds (issue 23): every phase of the solver honours the time limit at
//! every size an instance may have, and an instance whose values would overflow the
//! objective is refused instead of reported as `"objective": null, proven_optimal: true`.
//!
//! The timing checks give generous slack (the point is "stops", not "fast": before, one
//! weapon with 100,000 shots took 88 s under a 1 s limit), so they hold on a loaded machine
//! and in debug builds.

use std::time::{Duration, Instant};

use iadsim_wta::{
    Instance, InstanceError, MAX_DIMENSION, MAX_PK_ENTRIES, MAX_TOTAL_SHOTS, Method, SolveOptions,
    objective, parse_text, solve,
};

/// The time limit of the deadline checks, and the overrun they allow.
const LIMIT: Duration = Duration::from_millis(300);
const SLACK: Duration = Duration::from_millis(2500);

/// Kill probabilities that vary over weapons and targets (no ties to make it easy).
fn instance(weapons: usize, targets: usize, shots: u32) -> Instance {
    let values = (0..targets).map(|t| 1.0 + (t % 97) as f64).collect();
    let pk = (0..weapons)
        .map(|w| {
            (0..targets)
                .map(|t| 0.05 + 0.9 * (((w * 31 + t * 17) % 101) as f64 / 100.0))
                .collect()
        })
        .collect();
    Instance::new(values, pk, vec![shots; weapons]).unwrap()
}

fn check_stops(name: &str, inst: &Instance, method: Method) {
    let started = Instant::now();
    let s = solve(
        inst,
        &SolveOptions {
            method,
            time_limit: Some(LIMIT),
            ..SolveOptions::default()
        },
    );
    let took = started.elapsed();
    assert!(
        took < LIMIT + SLACK,
        "{name} ({method:?}): {took:?} under a {LIMIT:?} limit"
    );
    // Whatever was cut short, the answer is a feasible assignment and its true objective.
    assert!(s.objective.is_finite(), "{name}: {}", s.objective);
    assert_eq!(s.objective, objective(inst, &s.assignment), "{name}");
    assert!(s.assignment.pairs.len() as u64 <= MAX_TOTAL_SHOTS);
}

#[test]
fn the_time_limit_holds_for_the_largest_shot_counts() {
    // One weapon with every shot the format allows, on one target and on many.
    check_stops(
        "1 x 1 x 4194304",
        &instance(1, 1, 1 << 22),
        Method::Heuristic,
    );
    check_stops("1 x 64 x 4194304", &instance(1, 64, 1 << 22), Method::Auto);
    // Many weapons and shots: 2048 x 1024 pairs, 2048 shots each.
    check_stops(
        "2048 x 1024 x 2048",
        &instance(2048, 1024, 2048),
        Method::Heuristic,
    );
}

#[test]
fn the_time_limit_holds_for_the_largest_matrices() {
    let most = MAX_DIMENSION;
    assert_eq!(most as u64 * 32, MAX_PK_ENTRIES);
    check_stops(
        "1 x 65536 x 4194304",
        &instance(1, most, 1 << 22),
        Method::Heuristic,
    );
    check_stops(
        "65536 x 32 x 64",
        &instance(most, 32, 64),
        Method::Heuristic,
    );
    check_stops("1024 x 2048 x 4", &instance(1024, 2048, 4), Method::Exact);
}

#[test]
fn exact_stops_at_its_time_limit_on_a_40_by_40_instance() {
    // `--method exact --time-limit 0` never ended on 40 x 40; with a limit it stops.
    let inst = instance(40, 40, 1);
    let started = Instant::now();
    let s = solve(
        &inst,
        &SolveOptions {
            method: Method::Exact,
            time_limit: Some(LIMIT),
            ..SolveOptions::default()
        },
    );
    assert!(started.elapsed() < LIMIT + SLACK);
    assert_eq!(s.method, Method::Exact);
    if !s.proven_optimal {
        assert!(s.lower_bound.is_some_and(|lb| lb <= s.objective));
    }
}

#[test]
fn values_whose_sum_overflows_are_refused() {
    // Each value is finite, the objective Σ V_t would be +∞ (printed as JSON null beside
    // `proven_optimal: true` before).
    let e = Instance::new(vec![1e308, 1e308], vec![], vec![]).unwrap_err();
    assert!(matches!(e, InstanceError::ValueSum { .. }), "{e}");
    assert!(e.to_string().contains("add up to more than"), "{e}");
    let e = parse_text("0 2 0\n1e308\n1e308\n").unwrap_err().to_string();
    assert!(e.contains("add up to more than"), "{e}");
    // The largest sum that fits is solved and reported as a number.
    let inst = Instance::new(vec![8e307, 8e307], vec![vec![0.5, 0.5]], vec![1]).unwrap();
    let s = solve(&inst, &SolveOptions::default());
    assert!(s.objective.is_finite() && s.proven_optimal);
    assert!((s.objective - 1.2e308).abs() <= 1e294, "{}", s.objective);
}

#[test]
fn headers_beyond_the_bounds_are_refused_before_reading_on() {
    let e = parse_text("2048 2048 1\n").unwrap_err().to_string();
    assert!(e.contains("line 1") && e.contains("2097152"), "{e}");
    let e = parse_text("65537 1 1\n").unwrap_err().to_string();
    assert!(e.contains("line 1") && e.contains("at most 65536"), "{e}");
    let e = Instance::new(vec![1.0; 65_537], vec![], vec![]).unwrap_err();
    assert!(matches!(e, InstanceError::TooManyPairs { .. }), "{e}");
    let e = parse_text("2 1 4194304\n").unwrap_err().to_string();
    assert!(e.contains("4194304 shots in total"), "{e}");
    // One weapon with every shot allowed is a legal header.
    let inst = parse_text("1 1 4194304\n1\n0 0 0.5\n").unwrap();
    assert_eq!(inst.shots(), &[1 << 22]);
}
