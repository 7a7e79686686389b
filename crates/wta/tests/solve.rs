//! Checks of the solvers against hand-computed and brute-force optima.

use std::time::Duration;

use iadsim_wta::{
    Assignment, AssignmentError, Instance, InstanceError, Method, SolveOptions, objective,
    parse_instance, read_instance, solve, try_objective,
};
use proptest::prelude::*;

/// A hand-checked instance of the static WTA problem (the formulation of
/// `[andersen-2022]`, docs/sources.md): V = [10, 6], p = [[0.8, 0.5], [0.6, 0.7],
/// [0.5, 0.5]], μ = 1; its optimum 2.8 is worked by hand below and confirmed by
/// enumeration ([`brute_force`]).
fn hand_instance() -> Instance {
    Instance::new(
        vec![10.0, 6.0],
        vec![vec![0.8, 0.5], vec![0.6, 0.7], vec![0.5, 0.5]],
        vec![1, 1, 1],
    )
    .unwrap()
}

fn options(method: Method) -> SolveOptions {
    SolveOptions {
        method,
        time_limit: None,
        max_iterations: Some(30),
        ..SolveOptions::default()
    }
}

#[test]
fn hand_instance_optimum_is_2_8() {
    let instance = hand_instance();
    // w0→t0, w1→t1, w2→t0: 10·0.2·0.5 + 6·0.3 = 1 + 1.8 = 2.8.
    let reference = Assignment::new(vec![(0, 0), (1, 1), (2, 0)]);
    assert!((objective(&instance, &reference) - 2.8).abs() < 1e-12);
    assert!((brute_force(&instance) - 2.8).abs() < 1e-12);
    for method in [
        Method::Auto,
        Method::Exact,
        Method::Heuristic,
        Method::Greedy,
    ] {
        let solution = solve(&instance, &options(method));
        assert!(
            (solution.objective - 2.8).abs() < 1e-12,
            "{method:?}: {}",
            solution.objective
        );
        assert_eq!(solution.assignment, reference, "{method:?}");
        if matches!(method, Method::Auto | Method::Exact) {
            assert!(solution.proven_optimal);
            assert!((solution.lower_bound.unwrap() - 2.8).abs() < 1e-9);
        }
    }
}

#[test]
fn solution_serialises_for_the_cli() {
    let solution = solve(&hand_instance(), &SolveOptions::default());
    let json: serde_json::Value = serde_json::to_value(&solution).unwrap();
    assert!((json["objective"].as_f64().unwrap() - 2.8).abs() < 1e-12);
    assert_eq!(
        json["assignment"],
        serde_json::json!([[0, 0], [1, 1], [2, 0]])
    );
    assert!(json["seconds"].as_f64().unwrap() >= 0.0);
    assert_eq!(json["proven_optimal"], serde_json::json!(true));
}

#[test]
fn validation_names_the_offending_entry() {
    let e = Instance::new(vec![1.0, -2.0], vec![vec![0.5, 0.5]], vec![1]).unwrap_err();
    assert_eq!(
        e,
        InstanceError::BadValue {
            target: 1,
            value: -2.0
        }
    );
    let e = Instance::new(vec![1.0], vec![vec![f64::NAN]], vec![1]).unwrap_err();
    assert!(matches!(
        e,
        InstanceError::BadProbability {
            weapon: 0,
            target: 0,
            ..
        }
    ));
    let e = Instance::new(vec![1.0], vec![vec![0.5], vec![1.5]], vec![1, 1]).unwrap_err();
    assert!(matches!(
        e,
        InstanceError::BadProbability {
            weapon: 1,
            target: 0,
            ..
        }
    ));
    let e = Instance::new(vec![1.0, 2.0], vec![vec![0.5]], vec![1]).unwrap_err();
    assert_eq!(
        e,
        InstanceError::RowLength {
            weapon: 0,
            found: 1,
            expected: 2
        }
    );
    let e = Instance::new(vec![1.0], vec![vec![0.5]], vec![1, 2]).unwrap_err();
    assert_eq!(
        e,
        InstanceError::WeaponCount {
            pk_rows: 1,
            shots: 2
        }
    );
    let e = Instance::new(vec![1.0], vec![vec![0.5]; 2], vec![u32::MAX; 2]).unwrap_err();
    assert!(matches!(e, InstanceError::TooManyShots { .. }));
    assert!(Instance::new(vec![f64::INFINITY], vec![], vec![]).is_err());
}

#[test]
fn assignment_check_reports_problems() {
    let instance = hand_instance();
    let over = Assignment::new(vec![(0, 0), (0, 1)]);
    assert_eq!(
        over.check(&instance),
        Err(AssignmentError::OverCapacity {
            weapon: 0,
            used: 2,
            capacity: 1
        })
    );
    assert!(matches!(
        try_objective(&instance, &Assignment::new(vec![(3, 0)])),
        Err(AssignmentError::WeaponOutOfRange { weapon: 3, .. })
    ));
    assert!(matches!(
        try_objective(&instance, &Assignment::new(vec![(0, 2)])),
        Err(AssignmentError::TargetOutOfRange { target: 2, .. })
    ));
    assert_eq!(try_objective(&instance, &Assignment::default()), Ok(16.0));
    assert_eq!(over.counts(&instance)[0], vec![1, 1]);
}

#[test]
fn degenerate_instances() {
    let cases = [
        Instance::new(vec![], vec![], vec![]).unwrap(),
        Instance::new(vec![3.0, 4.0], vec![], vec![]).unwrap(),
        Instance::new(vec![], vec![vec![]; 3], vec![2, 2, 2]).unwrap(),
        Instance::new(vec![3.0], vec![vec![0.0]], vec![5]).unwrap(),
        Instance::new(vec![0.0, 0.0], vec![vec![0.5, 0.5]], vec![1]).unwrap(),
        Instance::new(vec![2.0], vec![vec![1.0], vec![1.0]], vec![1, 0]).unwrap(),
    ];
    let expected = [0.0, 7.0, 0.0, 3.0, 0.0, 0.0];
    for (instance, want) in cases.iter().zip(expected) {
        for method in [
            Method::Auto,
            Method::Heuristic,
            Method::Greedy,
            Method::Exact,
        ] {
            let s = solve(instance, &options(method));
            assert_eq!(s.objective, want, "{instance:?} {method:?}");
            s.assignment.check(instance).unwrap();
            assert!(s.objective.is_finite());
        }
    }
    // Shots with p = 0 are left out of the answer.
    assert!(
        solve(&cases[3], &options(Method::Auto))
            .assignment
            .pairs
            .is_empty()
    );
}

#[test]
fn iteration_limit_makes_runs_reproducible() {
    let instance = random_instance(25, 40, 2, 99);
    let opts = SolveOptions {
        method: Method::Heuristic,
        time_limit: None,
        max_iterations: Some(40),
        seed: 5,
        ..SolveOptions::default()
    };
    let a = solve(&instance, &opts);
    let b = solve(&instance, &opts);
    assert_eq!(a.assignment, b.assignment);
    assert_eq!(a.objective.to_bits(), b.objective.to_bits());
    assert_eq!(a.iterations, 40);
    let greedy = solve(&instance, &options(Method::Greedy));
    assert!(a.objective <= greedy.objective);
}

#[test]
fn ten_by_ten_is_proven_optimal() {
    for seed in 0..3 {
        for shots in [1, 2] {
            let instance = random_instance(10, 10, shots, seed);
            let s = solve(
                &instance,
                &SolveOptions {
                    time_limit: Some(Duration::from_secs(120)),
                    ..SolveOptions::default()
                },
            );
            assert!(s.proven_optimal, "seed {seed} shots {shots}: {s:?}");
            assert_eq!(s.method, Method::Exact);
            let lb = s.lower_bound.unwrap();
            assert!(lb <= s.objective && lb >= s.objective * (1.0 - 1e-9));
        }
    }
}

#[test]
fn reads_files_by_extension_and_content() {
    let dir = std::env::temp_dir().join(format!("iadsim-wta-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = "3 2 1\n10\n6\n0 0 0.8\n0 1 0.5\n1 0 0.6\n1 1 0.7\n2 0 0.5\n2 1 0.5\n";
    let json =
        r#"{"values": [10, 6], "pk": [[0.8, 0.5], [0.6, 0.7], [0.5, 0.5]], "shots": [1, 1, 1]}"#;
    for (name, content) in [("a.txt", text), ("b.json", json), ("c.dat", json)] {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        assert_eq!(read_instance(&path).unwrap(), hand_instance(), "{name}");
    }
    std::fs::write(dir.join("d.json"), text).unwrap();
    assert!(read_instance(&dir.join("d.json")).is_err());
    std::fs::write(dir.join("e.txt"), [0xff, 0xfe, 0x00]).unwrap();
    assert!(read_instance(&dir.join("e.txt")).is_err());
    assert!(read_instance(&dir.join("missing.txt")).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Instance with values in [1, 100) and kill probabilities in [0, 1) from a small LCG.
fn random_instance(weapons: usize, targets: usize, shots: u32, seed: u64) -> Instance {
    let mut state = seed.wrapping_mul(0x9E3779B97F4A7C15) ^ 0x2545F4914F6CDD1D;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let values = (0..targets).map(|_| 1.0 + 99.0 * next()).collect();
    let pk = (0..weapons)
        .map(|_| (0..targets).map(|_| next()).collect())
        .collect();
    Instance::new(values, pk, vec![shots; weapons]).unwrap()
}

/// Minimum over every integer x with Σ_t x_wt ≤ μ_w, by enumeration.
fn brute_force(instance: &Instance) -> f64 {
    fn rec(instance: &Instance, w: usize, survival: &mut Vec<f64>) -> f64 {
        if w == instance.weapons() {
            return instance
                .values()
                .iter()
                .zip(survival.iter())
                .map(|(v, s)| v * s)
                .sum();
        }
        // Every multiset of at most μ_w targets, as non-decreasing target sequences.
        fn shots(
            instance: &Instance,
            w: usize,
            from: usize,
            left: u32,
            survival: &mut Vec<f64>,
        ) -> f64 {
            let mut best = rec(instance, w + 1, survival);
            if left > 0 {
                for t in from..instance.targets() {
                    let old = survival[t];
                    survival[t] *= 1.0 - instance.pk()[w][t];
                    best = best.min(shots(instance, w, t, left - 1, survival));
                    survival[t] = old;
                }
            }
            best
        }
        shots(instance, w, 0, instance.shots()[w], survival)
    }
    rec(instance, 0, &mut vec![1.0; instance.targets()])
}

fn small_instance() -> impl Strategy<Value = Instance> {
    (1usize..=4, 1usize..=4).prop_flat_map(|(m, n)| {
        (
            prop::collection::vec(0.0f64..100.0, n),
            prop::collection::vec(
                prop::collection::vec(
                    prop_oneof![3 => 0.0f64..=1.0, 1 => Just(0.0), 1 => Just(1.0)],
                    n,
                ),
                m,
            ),
            prop::collection::vec(0u32..=2, m),
        )
            .prop_map(|(v, p, s)| Instance::new(v, p, s).unwrap())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn exact_matches_brute_force_and_heuristic_is_bracketed(instance in small_instance()) {
        let truth = brute_force(&instance);
        let tol = 1e-9 * (1.0 + truth.abs());
        let exact = solve(&instance, &options(Method::Exact));
        let heuristic = solve(&instance, &options(Method::Heuristic));
        let greedy = solve(&instance, &options(Method::Greedy));
        prop_assert!(exact.proven_optimal);
        prop_assert!((exact.objective - truth).abs() <= tol, "exact {} truth {}", exact.objective, truth);
        prop_assert!(heuristic.objective >= truth - tol);
        prop_assert!(heuristic.objective <= greedy.objective + tol);
        for s in [&exact, &heuristic, &greedy] {
            prop_assert!(s.assignment.check(&instance).is_ok());
            prop_assert_eq!(s.objective, objective(&instance, &s.assignment));
        }
    }

    #[test]
    fn parser_never_panics(text in "\\PC{0,200}") {
        let _ = parse_instance(&text);
    }

    #[test]
    fn parser_never_panics_on_numberish_text(text in "[0-9 .\\n\\-e{}\\[\\],:\"a-z]{0,200}") {
        let _ = parse_instance(&text);
    }
}
