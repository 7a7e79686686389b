//! The sparse assignment solver agrees with brute force on small random problems.

use iadsim_track::assign::{Edge, brute_force, connected_components, solve_sparse};
use proptest::prelude::*;

fn problem() -> impl Strategy<Value = (usize, usize, Vec<Edge>, Vec<f64>, Vec<f64>)> {
    (1usize..6, 1usize..6).prop_flat_map(|(r, c)| {
        (
            Just(r),
            Just(c),
            proptest::collection::vec(
                (0..r as u32, 0..c as u32, -20.0f64..20.0).prop_map(|(row, col, cost)| Edge {
                    row,
                    col,
                    cost,
                }),
                0..(r * c + 3),
            ),
            proptest::collection::vec(0.0f64..8.0, r),
            proptest::collection::vec(0.0f64..8.0, c),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn sparse_matches_brute_force((r, c, edges, ra, ca) in problem()) {
        let a = solve_sparse(r, c, &edges, &ra, &ca);
        let best = brute_force(r, c, &edges, &ra, &ca);
        prop_assert!((a.cost - best).abs() < 1e-9, "solver {} vs brute force {}", a.cost, best);
        // the assignment is one-to-one, uses allowed pairs, and costs what it says
        let mut total = 0.0;
        let mut col_used = vec![false; c];
        for (i, col) in a.col_of_row.iter().enumerate() {
            match col {
                Some(j) => {
                    prop_assert!(!col_used[*j as usize]);
                    col_used[*j as usize] = true;
                    prop_assert_eq!(a.row_of_col[*j as usize], Some(i as u32));
                    let cost = edges.iter().filter(|e| e.row as usize == i && e.col == *j)
                        .map(|e| e.cost).fold(f64::INFINITY, f64::min);
                    prop_assert!(cost.is_finite());
                    total += cost;
                }
                None => total += ra[i],
            }
        }
        for (j, used) in col_used.iter().enumerate() {
            if !used { total += ca[j]; }
        }
        prop_assert!((total - a.cost).abs() < 1e-9);
    }
}

#[test]
fn components_split_independent_clusters() {
    let e = |row, col| Edge {
        row,
        col,
        cost: 1.0,
    };
    // rows 0,1 share col 0; row 2 alone with col 3; row 3 without edges
    let comps = connected_components(4, 4, &[e(0, 0), e(1, 0), e(1, 1), e(2, 3)]);
    assert_eq!(comps.len(), 2);
    assert_eq!(comps[0].rows, vec![0, 1]);
    assert_eq!(comps[0].cols, vec![0, 1]);
    assert_eq!(comps[1].rows, vec![2]);
    assert_eq!(comps[1].cols, vec![3]);
}

#[test]
fn large_sparse_problem_is_fast_and_optimal_per_block() {
    // 20,000 independent 2x2 blocks: total optimum known in closed form
    let n = 20_000u32;
    let mut edges = Vec::new();
    for b in 0..n {
        let (r, c) = (2 * b, 2 * b);
        edges.push(Edge {
            row: r,
            col: c,
            cost: -1.0,
        });
        edges.push(Edge {
            row: r,
            col: c + 1,
            cost: -3.0,
        });
        edges.push(Edge {
            row: r + 1,
            col: c,
            cost: -3.0,
        });
        edges.push(Edge {
            row: r + 1,
            col: c + 1,
            cost: -1.0,
        });
    }
    let rows = 2 * n as usize;
    let a = solve_sparse(rows, rows, &edges, &vec![0.0; rows], &vec![0.0; rows]);
    assert!((a.cost + 6.0 * n as f64).abs() < 1e-6);
}
