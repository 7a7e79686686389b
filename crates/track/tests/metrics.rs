//! OSPA and GOSPA against hand-computed values.

use iadsim_track::metrics::{Scorer, gospa, ospa, set_distance};
use nalgebra::Vector3;

fn p(x: f64, y: f64, z: f64) -> Vector3<f64> {
    Vector3::new(x, y, z)
}

#[test]
fn one_missed_target() {
    // X = {0, 10}, Y = {1} on the x axis, c = 5, p = 1:
    // pair (0,1) at d = 1; one unmatched truth.
    // OSPA = (1 + 5·1) / 2 = 3; GOSPA = 1 + 5/2·1 = 3.5
    let x = [p(0.0, 0.0, 0.0), p(10.0, 0.0, 0.0)];
    let y = [p(1.0, 0.0, 0.0)];
    let d = set_distance(&x, &y, 5.0, 1.0);
    assert!((d.ospa - 3.0).abs() < 1e-12);
    assert!((d.gospa - 3.5).abs() < 1e-12);
    assert_eq!((d.missed, d.false_estimates), (1, 0));
}

#[test]
fn order_two_with_cut_off() {
    // X = {(0,0,0), (100,0,0)}, Y = {(3,4,0), (100,0,20)}, c = 10, p = 2.
    // d = 5 and 20 (cut to 10). OSPA = √((25 + 100)/2) = √62.5.
    // GOSPA: the second pair is not a match (d ≥ c): √(25 + 100/2·(1 + 1)) = √125.
    let x = [p(0.0, 0.0, 0.0), p(100.0, 0.0, 0.0)];
    let y = [p(3.0, 4.0, 0.0), p(100.0, 0.0, 20.0)];
    assert!((ospa(&x, &y, 10.0, 2.0) - 62.5f64.sqrt()).abs() < 1e-12);
    let d = set_distance(&x, &y, 10.0, 2.0);
    assert!((d.gospa - 125f64.sqrt()).abs() < 1e-12);
    assert_eq!((d.missed, d.false_estimates), (1, 1));
}

#[test]
fn optimal_not_greedy() {
    // X = {0, 2}, Y = {1, 3.5}: greedy would pair (2, 1) first (d = 1) then (0, 3.5);
    // optimal: (0,1) + (2,3.5) = 1 + 1.5. c = 10, p = 1: OSPA = 2.5/2 = 1.25, GOSPA = 2.5.
    let x = [p(0.0, 0.0, 0.0), p(2.0, 0.0, 0.0)];
    let y = [p(1.0, 0.0, 0.0), p(3.5, 0.0, 0.0)];
    assert!((ospa(&x, &y, 10.0, 1.0) - 1.25).abs() < 1e-12);
    assert!((gospa(&x, &y, 10.0, 1.0) - 2.5).abs() < 1e-12);
}

#[test]
fn empty_sets() {
    let x = [p(0.0, 0.0, 0.0), p(1.0, 0.0, 0.0)];
    assert_eq!(ospa(&[], &[], 7.0, 1.0), 0.0);
    assert_eq!(gospa(&[], &[], 7.0, 1.0), 0.0);
    assert_eq!(ospa(&x, &[], 7.0, 2.0), 7.0);
    // GOSPA: (c^p / 2 · 2)^(1/p) = c for two missed, p = 2: √(49/2·2) = 7
    assert!((gospa(&x, &[], 7.0, 2.0) - 7.0).abs() < 1e-12);
    assert!((gospa(&[], &x[..1], 8.0, 1.0) - 4.0).abs() < 1e-12);
}

#[test]
fn scorer_counts_switches_fragments_and_false_tracks() {
    let mut s = Scorer::new(100.0, 1.0);
    let t = |id, x| (id, p(x, 0.0, 0.0));
    // truth 0 at x = 0 tracked by id 7, then by id 8 (switch); truth 1 at x = 1000 tracked
    // by 9 throughout; track 42 is far from everything (false).
    s.add_scan(
        0,
        &[t(0, 0.0), t(1, 1000.0)],
        &[t(7, 1.0), t(9, 1001.0), t(42, 5000.0)],
    );
    s.add_scan(
        1,
        &[t(0, 0.0), t(1, 1000.0)],
        &[t(8, 2.0), t(9, 1002.0), t(42, 5000.0)],
    );
    let r = s.finish();
    assert_eq!(r.quality.track_ids, 4);
    assert_eq!(r.quality.false_tracks, 1);
    assert_eq!(r.quality.fragmentations, 1);
    assert_eq!(r.quality.id_switches, 1);
    assert_eq!(r.quality.truths_tracked, 2);
    assert_eq!(r.scans_scored, 2);
    // per scan: OSPA = (1 + 1 + 100)/3 = 34, then (2 + 2 + 100)/3
    assert!((r.per_scan[0].ospa - 34.0).abs() < 1e-12);
    assert!((r.ospa_mean - (34.0 + 104.0 / 3.0) / 2.0).abs() < 1e-12);
    assert!((r.false_mean - 1.0).abs() < 1e-12);
}

#[test]
fn a_track_matched_now_and_then_to_a_neighbour_is_not_its_fragment() {
    // Truths 0 (x = 0) and 1 (x = 50), c = 100. Track 5 follows truth 0 and track 6 truth
    // 1 for four scans; in a fifth, track 6 is gone and a new track 7 sits at x = −10 while
    // track 5 has drifted to x = 40: the optimal matching pairs 7 with truth 0 (10) and 5
    // with truth 1 (10). Track 5 is still truth 0's track (4 of its 5 matches): truth 1
    // has one track (6), truth 0 two (5 and the newcomer 7), so one fragmentation, where
    // counting every id ever matched would give two.
    let mut s = Scorer::new(100.0, 1.0);
    let t = |id, x| (id, p(x, 0.0, 0.0));
    for k in 0..4 {
        s.add_scan(k, &[t(0, 0.0), t(1, 50.0)], &[t(5, 1.0), t(6, 51.0)]);
    }
    s.add_scan(4, &[t(0, 0.0), t(1, 50.0)], &[t(5, 40.0), t(7, -10.0)]);
    let r = s.finish();
    assert_eq!(r.quality.fragmentations, 1);
    assert_eq!(r.quality.false_tracks, 0);
    // id switches still see every change of the matched id: truth 0 (5 → 7), truth 1
    // (6 → 5)
    assert_eq!(r.quality.id_switches, 2);
}

#[test]
fn a_track_outliving_its_target_is_stale_not_false() {
    // Truth 0 is tracked by 5 for two scans and then ends (killed); track 5 coasts on for
    // four more scans, unmatched. Four unmatched of six reports would make it false; the
    // reports after its truth ended do not count, so it is not. Track 9, never matched,
    // is false.
    let mut s = Scorer::new(100.0, 1.0);
    let t = |id, x| (id, p(x, 0.0, 0.0));
    for k in 0..2 {
        s.add_scan(k, &[t(0, 0.0), t(1, 1000.0)], &[t(5, 1.0), t(9, 3000.0)]);
    }
    for k in 2..6 {
        s.add_scan(k, &[t(1, 1000.0)], &[t(5, 1.0), t(9, 3000.0)]);
    }
    let r = s.finish();
    assert_eq!(r.quality.false_tracks, 1);
    assert_eq!(r.quality.fragmentations, 0);
    // OSPA still charges the stale track: scan 2 has one truth, two unmatched tracks
    assert!((r.per_scan[2].ospa - 100.0).abs() < 1e-12);
}
