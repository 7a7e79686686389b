//! Resource budgets: how much a file may expand into (battalions, launchers, threats after
//! wave expansion, route points) and how much work a run of it may ask for (threat-radar
//! steps, radar looks), checked from the counts as written, before anything is expanded
//! or allocated. A 650 KB file of 3,000 waves of 10,000 threats is refused here, not
//! after 4 GB of expanded threats. Documented in docs/scenario.md (Limits).

use super::Builder;
use crate::decode::Count;
use crate::diag::{num, thousands};
use crate::format::{RegimentSpec, ThreatsSpec};
use iadsim_setup::Battalion;

/// Most battalions in a regiment.
pub const MAX_BATTALIONS: usize = 64;
/// Most launchers in the regiment, groups expanded.
pub const MAX_LAUNCHERS: u64 = 4_096;
/// Most threats in a scenario, waves expanded.
pub const MAX_THREATS: u64 = 100_000;
/// Most route points of all threats together, waves expanded (each member has its own).
pub const MAX_ROUTE_POINTS: u64 = 2_000_000;
/// Most threat-radar steps in a run: base steps × radars × threats.
pub const MAX_THREAT_RADAR_STEPS: f64 = 1.0e10;
/// Most radar looks (scans) in a run, all radars together: Σ duration / scan period.
pub const MAX_RADAR_LOOKS: f64 = 1.0e7;
/// Most looks of one radar in one base step: time step / scan period.
pub const MAX_LOOKS_PER_STEP: f64 = 1_000.0;

/// Threats and route points the threat groups expand into.
fn threat_counts(ts: &ThreatsSpec) -> (u64, u64) {
    let n = |c: Option<Count<1, 10000>>| u64::from(c.map_or(1, Count::get));
    let (mut threats, mut points) = (0u64, 0u64);
    for a in ts.aircraft.iter().flatten() {
        threats += n(a.count);
        points += n(a.count) * a.route.len() as u64;
    }
    for c in ts.cruise_missiles.iter().flatten() {
        threats += n(c.count);
        points += n(c.count) * (2 + c.waypoints.as_ref().map_or(0, Vec::len) as u64);
    }
    for m in ts.ballistic_missiles.iter().flatten() {
        threats += n(m.count);
        points += n(m.count) * 2;
    }
    (threats, points)
}

impl Builder<'_, '_> {
    /// Battalions and launchers within their budgets (else a problem; nothing is built).
    pub(super) fn regiment_budget(&mut self, reg: &RegimentSpec) -> bool {
        let battalions = reg.battalions.len();
        if battalions > MAX_BATTALIONS {
            self.err(
                "regiment.battalions",
                format!("the regiment has {battalions} battalions; at most {MAX_BATTALIONS}"),
                None,
            );
            return false;
        }
        let launchers: u64 = reg
            .battalions
            .iter()
            .flat_map(|b| b.launchers.iter())
            .map(|g| u64::from(g.count.map_or(1, Count::get)))
            .sum();
        if launchers > MAX_LAUNCHERS {
            self.err(
                "regiment.battalions",
                format!(
                    "the launcher groups expand to {} launchers; at most {}",
                    thousands(launchers),
                    thousands(MAX_LAUNCHERS)
                ),
                Some("reduce the counts of the launcher groups".into()),
            );
            return false;
        }
        true
    }

    /// The threat groups expand within the budgets (else a problem: they are checked but
    /// not expanded). Returns the number of threats they expand into.
    pub(super) fn threat_budget(&mut self, ts: &ThreatsSpec) -> (u64, bool) {
        let (threats, points) = threat_counts(ts);
        if threats > MAX_THREATS {
            self.err(
                "threats",
                format!(
                    "the threat groups expand to {} threats; at most {}",
                    thousands(threats),
                    thousands(MAX_THREATS)
                ),
                Some("reduce the counts of the waves".into()),
            );
            return (threats, false);
        }
        if points > MAX_ROUTE_POINTS {
            self.err(
                "threats",
                format!(
                    "the threat groups expand to {} route points (each member flies its own \
                     route); at most {}",
                    thousands(points),
                    thousands(MAX_ROUTE_POINTS)
                ),
                Some("reduce the counts of the waves or the waypoints of their routes".into()),
            );
            return (threats, false);
        }
        (threats, true)
    }

    /// The work of a run: threat-radar steps and radar looks within the budgets.
    pub(super) fn run_budget(
        &mut self,
        duration: Option<f64>,
        time_step: f64,
        battalions: &[Battalion],
        threats: u64,
    ) {
        let Some(duration) = duration.filter(|_| time_step > 0.0) else {
            return;
        };
        let steps = (duration / time_step).ceil();
        let radars = 2 * battalions.len();
        let work = steps * radars as f64 * threats as f64;
        // Too many threats is already a problem of its own.
        if threats <= MAX_THREATS && work > MAX_THREAT_RADAR_STEPS {
            self.err(
                "threats",
                format!(
                    "a run of {} steps × {radars} radars × {} threats is {work:.2e} \
                     threat-radar steps; at most {MAX_THREAT_RADAR_STEPS:e}",
                    thousands(steps as u64),
                    thousands(threats),
                ),
                Some("shorten duration_s, lengthen time_step_s or reduce the threats".into()),
            );
        }
        let mut looks = 0.0;
        for (i, bn) in battalions.iter().enumerate() {
            for (role, radar) in [
                ("acquisition_radar", &bn.acquisition_radar),
                ("engagement_radar", &bn.engagement_radar),
            ] {
                looks += duration / radar.scan_period;
                let per_step = time_step / radar.scan_period;
                if per_step > MAX_LOOKS_PER_STEP {
                    self.err(
                        &format!("regiment.battalions[{i}].{role}"),
                        format!(
                            "{} looks in one {} s time step (scan period {} s); at most {}",
                            thousands(per_step.ceil() as u64),
                            num(time_step),
                            num(radar.scan_period),
                            thousands(MAX_LOOKS_PER_STEP as u64)
                        ),
                        Some("shorten time_step_s or lengthen scan_period_s".into()),
                    );
                }
            }
        }
        if looks > MAX_RADAR_LOOKS {
            self.err(
                "duration_s",
                format!(
                    "the radars would look {} times in {} s; at most {}",
                    thousands(looks.ceil() as u64),
                    num(duration),
                    thousands(MAX_RADAR_LOOKS as u64)
                ),
                Some("shorten duration_s or lengthen the radars' scan_period_s".into()),
            );
        }
    }
}
