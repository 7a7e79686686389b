//! The run summary as a terminal table.

use std::fmt::Write;

use iadsim_sim::Summary;
use iadsim_sim::assess::summary::CostSummary;
use iadsim_sim::setup::ThreatClass;

fn class_name(c: Option<ThreatClass>) -> &'static str {
    match c {
        Some(ThreatClass::Aircraft) => "aircraft",
        Some(ThreatClass::CruiseMissile) => "cruise missile",
        Some(ThreatClass::BallisticMissile) => "ballistic missile",
        None => "all",
    }
}

/// A plain-text table of the summary: threats by class, interceptors by type, asset hits,
/// and the cost exchange when the scenario gives costs.
pub fn summary_table(s: &Summary) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} — seed {}, replication {}, {:.0} s simulated",
        s.scenario, s.seed, s.replication, s.simulated_time
    );
    let _ = writeln!(o);
    threat_rows(&mut o, s);
    let _ = writeln!(o);
    interceptor_rows(&mut o, s);
    let k = &s.kill_assessment;
    let _ = writeln!(
        o,
        "kill assessment: {} judged, {} killed; errors: {} judged killed while alive, {} engaged while dead",
        k.judged, k.judged_killed, k.killed_while_alive, k.reengaged_while_dead
    );
    let _ = writeln!(o);
    let _ = writeln!(o, "{:<24} {:>6}", "defended asset", "hits");
    for a in &s.assets {
        let _ = writeln!(o, "{:<24} {:>6}", a.name, a.hits);
    }
    if let Some(c) = &s.cost {
        cost_rows(&mut o, c);
    }
    track_lines(&mut o, s);
    if let Some(l) = &s.leak_causes {
        leak_cause_table(&mut o, l);
    }
    o
}

/// Threats by class: count, detected, engaged, killed, leaked, flying, first-detection
/// range (km).
fn threat_rows(o: &mut String, s: &Summary) {
    let _ = writeln!(
        o,
        "{:<18} {:>6} {:>9} {:>8} {:>7} {:>7} {:>7}  {:>22}",
        "threat", "count", "detected", "engaged", "killed", "leaked", "flying", "first seen at, km"
    );
    for r in &s.threats {
        if r.count == 0 && r.class.is_some() {
            continue;
        }
        let range = match (
            r.first_detection_range_mean,
            r.first_detection_range_min,
            r.first_detection_range_max,
        ) {
            (Some(m), Some(lo), Some(hi)) => {
                format!("{:.0} ({:.0}–{:.0})", m / 1e3, lo / 1e3, hi / 1e3)
            }
            _ => "-".to_string(),
        };
        let _ = writeln!(
            o,
            "{:<18} {:>6} {:>9} {:>8} {:>7} {:>7} {:>7}  {:>22}",
            class_name(r.class),
            r.count,
            r.detected,
            r.engaged,
            r.killed,
            r.leaked,
            r.flying_at_end,
            range
        );
    }
}

/// Interceptors by type: fired, detonated, kills, lost, self-destructed by order, left,
/// mean miss, Pk per round and per detonation.
fn interceptor_rows(o: &mut String, s: &Summary) {
    if let Some(r) = s.interceptors.first() {
        let _ = writeln!(o, "interceptor model: {}", r.model);
    }
    let _ = writeln!(
        o,
        "{:<18} {:>6} {:>9} {:>8} {:>7} {:>11} {:>10} {:>10} {:>9} {:>9}",
        "interceptor",
        "fired",
        "detonated",
        "kills",
        "lost",
        "by order",
        "left",
        "mean miss",
        "Pk/round",
        "Pk/det."
    );
    for r in &s.interceptors {
        let miss = r
            .mean_miss_distance
            .map_or("-".to_string(), |m| format!("{m:.1} m"));
        let pk = |p: Option<f64>| p.map_or("-".to_string(), |p| format!("{p:.3}"));
        let _ = writeln!(
            o,
            "{:<18} {:>6} {:>9} {:>8} {:>7} {:>11} {:>10} {:>10} {:>9} {:>9}",
            r.missile,
            r.fired,
            r.detonations,
            r.kills,
            r.lost,
            r.self_destructs,
            r.remaining,
            miss,
            pk(r.pk_per_round),
            pk(r.pk_per_detonation)
        );
    }
    if s.interceptors.iter().any(|r| r.self_destructs > 0) {
        let _ = writeln!(
            o,
            "(by order: lost missiles the command post destroyed once it assessed their target killed)"
        );
    }
}

/// The cost exchange (`-` where a unit cost is missing).
fn cost_rows(o: &mut String, c: &CostSummary) {
    let v = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.3}"));
    let _ = writeln!(o);
    let _ = writeln!(o, "cost exchange ({}; `-`: a unit cost is missing)", c.unit);
    let _ = writeln!(o, "  interceptor cost        {:>12}", v(c.interceptor_cost));
    let _ = writeln!(
        o,
        "  threat value destroyed  {:>12}",
        v(c.threat_value_destroyed)
    );
    let _ = writeln!(
        o,
        "  threat value leaked     {:>12}",
        v(c.threat_value_leaked)
    );
    let _ = writeln!(o, "  asset value lost        {:>12}", v(c.asset_value_lost));
    let _ = writeln!(o, "  exchange ratio          {:>12}", v(c.exchange_ratio));
}

/// Track counts, and the regiment picture's when there is one.
fn track_lines(o: &mut String, s: &Summary) {
    let _ = writeln!(
        o,
        "\ntracks confirmed {}, lost {}; detections {}",
        s.tracks.confirmed, s.tracks.lost, s.tracks.detections
    );
    if let Some(r) = &s.tracks.regiment {
        let _ = writeln!(
            o,
            "regiment picture: tracks confirmed {}, lost {}, false {}, fragmentations {}; OSPA {:.0} m (battalions {:.0} m); reports fused {}, rejected late {}",
            r.confirmed,
            r.lost,
            r.false_tracks,
            r.fragmentations,
            r.ospa_mean_m,
            s.tracks.ospa_mean_m,
            r.reports_fused,
            r.reports_rejected
        );
    }
}

/// Threats listed one by one in the leak-cause table at most; a larger raid gets the
/// counts only and the first ones.
const LEAKERS_LISTED: usize = 20;

/// Why the leakers (and the threats still flying) got through: counts per primary cause,
/// then each threat with its cause and detail.
fn leak_cause_table(o: &mut String, l: &iadsim_sim::assess::attribution::LeakCauses) {
    use iadsim_sim::assess::attribution::LeakCause;
    let label = |key: &str| LeakCause::from_key(key).map_or(key.to_string(), |c| c.label().into());
    let total: u32 = l.counts.iter().map(|(_, n)| n).sum();
    let _ = writeln!(
        o,
        "
why they got through ({total} leaked or still flying; `leak_causes` in summary.json)"
    );
    if total == 0 {
        return;
    }
    let _ = writeln!(o, "{:<52} {:>7}", "primary cause", "threats");
    for (key, n) in l.counts.iter().filter(|(_, n)| *n > 0) {
        let _ = writeln!(o, "{:<52} {:>7}", label(key), n);
    }
    for t in l.threats.iter().take(LEAKERS_LISTED) {
        let detail = t
            .detail
            .as_deref()
            .map_or(String::new(), |d| format!(" — {d}"));
        let _ = writeln!(o, "  {} ({}): {}{detail}", t.name, t.fate, label(&t.cause));
    }
    if l.threats.len() > LEAKERS_LISTED {
        let _ = writeln!(o, "  … and {} more", l.threats.len() - LEAKERS_LISTED);
    }
}
