//! The first radar model: fixed detection probability inside coverage.
//!
//! First model ([`FixedPdRadar`]): a target is detectable when it is inside the radar's
//! detection range for its RCS, above the 4/3-Earth radar horizon and within the beam's
//! elevation limits; when the beam passes it, it is detected with a fixed probability and
//! measured in range, azimuth and elevation with Gaussian errors. Issue 3 replaces this
//! with the radar equation, Swerling fluctuation, false alarms and sector scanning.

use std::sync::Arc;

use iadsim_core::horizon::{FOUR_THIRDS, line_of_sight_geometry, visible_within_by_bounds};
use iadsim_core::{Ecef, LocalFrame, Polar};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use super::geometry::{RadarGeometry, Search};
use super::measurement::Measurement;
use super::physics::config::antenna_over_terrain;
use super::radar::sight::{Site, elevation_floor_bound, horizon_slant_bound};
use super::radar::terrain::Dem;
use super::sensor::{Detection, LookStreams, Sensor, Target, Visibility};
use iadsim_setup::Radar;

/// The first radar model: fixed Pd inside an RCS-scaled detection range, line of sight
/// over the 4/3 Earth, beam sweeping 360° once per `scan_period`.
#[derive(Debug, Clone)]
pub struct FixedPdRadar {
    spec: Radar,
    index: usize,
    frame: LocalFrame,
    /// The same antenna for the horizon bounds (4/3 Earth over the scenario's surface).
    site: Site,
    /// Time at which the beam points north, s.
    phase: f64,
    rng: ChaCha8Rng,
    /// Each threat's own stream for the looks at it.
    looks: LookStreams,
    /// Per threat index: no detection is possible before this time, s (the beam cannot
    /// pass it, or it cannot be above the horizon and in range).
    next_check: Vec<f64>,
    /// Per threat index: `covers` is known to answer `.1` for looks up to `.0`, s.
    coverage_known: Vec<(f64, bool)>,
    /// Terrain masking, if the scenario has a terrain model.
    terrain: Option<Arc<Dem>>,
}

impl FixedPdRadar {
    /// A radar from its spec; `index` is 0 for acquisition, 1 for engagement; `rng` is its
    /// own stream. The beam points north at t = `phase` (s) + k·`scan_period`.
    pub fn new(spec: Radar, index: usize, phase: f64, mut rng: ChaCha8Rng) -> Self {
        let frame = LocalFrame::new(spec.position);
        let looks = LookStreams::new(&mut rng);
        let site = Site::new(spec.position, FOUR_THIRDS).with_surface(spec.surface_height);
        Self {
            spec,
            index,
            frame,
            site,
            phase,
            rng,
            looks,
            next_check: Vec::new(),
            coverage_known: Vec::new(),
            terrain: None,
        }
    }

    /// The same radar with terrain masking from `dem`, as the physics radar has it
    /// ([`super::physics::PhysicsRadar::with_terrain`]): the antenna at its mast height
    /// above the DEM ground at its site, the smooth horizon over the ellipsoid, and a
    /// target in coverage only where the terrain does not hide it.
    pub fn with_terrain(mut self, dem: Arc<Dem>) -> Self {
        let antenna = antenna_over_terrain(&self.spec, &dem);
        self.spec.position = antenna;
        self.spec.surface_height = 0.0;
        self.frame = LocalFrame::new(antenna);
        self.site = Site::new(antenna, FOUR_THIRDS);
        self.terrain = Some(dem);
        self
    }

    /// Detection range for a target of mean RCS `rcs` (m²), m: the reference range scaled
    /// by the fourth root of the RCS ratio (radar equation at fixed SNR), capped by the
    /// instrumented range.
    pub fn detection_range(&self, rcs: f64) -> f64 {
        let r = self.spec.reference_range * (rcs / self.spec.reference_rcs).powf(0.25);
        r.min(self.spec.instrumented_range)
    }

    /// Whether a target at `position` with RCS `rcs` is inside coverage: within the
    /// detection range, above the 4/3-Earth horizon over the smooth surface at the
    /// scenario's `surface_height` (the antenna stands at its ellipsoid height, mast and
    /// site height included, above it), and
    /// within the beam's elevation limits (refracted elevation).
    pub fn covers(&self, position: &Ecef, rcs: f64) -> bool {
        self.coverage(position, rcs).0
    }

    /// [`FixedPdRadar::covers`], with a distance (m, ≥ 0) the target may move in any
    /// direction and get the same answer (0 when it is not known). Over terrain a target
    /// the smooth Earth shows is tested against the DEM, and the answer holds only there.
    fn coverage(&self, position: &Ecef, rcs: f64) -> (bool, f64) {
        let (seen, slack) = self.smooth_coverage(position, rcs);
        match &self.terrain {
            Some(dem) if seen => (!dem.masks(&self.site, &position.to_geodetic()), 0.0),
            _ => (seen, slack),
        }
    }

    /// [`FixedPdRadar::coverage`] over the smooth Earth.
    fn smooth_coverage(&self, position: &Ecef, rcs: f64) -> (bool, f64) {
        // The range exactly as `polar_of` gives it, without the angles.
        let range = self.frame.position_to_enu(position).0.norm();
        let max_range = self.detection_range(rcs);
        if range > max_range {
            return (false, 0.5 * (range - max_range));
        }
        // Beyond any horizon range for its height the target is hidden: answer without
        // the geodesic line of sight (the same answer, see `horizon_slant_bound`).
        let horizon = horizon_slant_bound(
            self.spec.position.height,
            self.spec.surface_height,
            FOUR_THIRDS,
            iadsim_core::wgs84::height_upper_bound(&position.0),
        );
        if range > horizon {
            return (false, 0.0);
        }
        let target = position.to_geodetic();
        // Clearly above or below the radar's horizontal: decided without the geodesic
        // (the same answer as below, see `visible_within_by_bounds`). The slant range is
        // 1-Lipschitz in the position, so a visible target stays in range for as far as
        // it is inside it.
        if let Some(d) = visible_within_by_bounds(
            &self.spec.position,
            &target,
            FOUR_THIRDS,
            self.spec.surface_height,
            self.spec.min_elevation,
            self.spec.max_elevation,
        ) {
            return match d.visible {
                true => (true, d.slack.min(max_range - range)),
                false => (false, d.slack),
            };
        }
        let los = line_of_sight_geometry(
            &self.spec.position,
            &target,
            FOUR_THIRDS,
            self.spec.surface_height,
        );
        let seen = los.visible()
            && los.apparent_elevation >= self.spec.min_elevation
            && los.apparent_elevation <= self.spec.max_elevation;
        (seen, 0.0)
    }

    fn gauss(&mut self) -> f64 {
        StandardNormal.sample(&mut self.rng)
    }

    /// The farthest (m, slant) `covers` could accept `target` anywhere on its path: its
    /// detection range, or nearer when even its highest point is under the beam's lowest
    /// elevation beyond some distance (a sea-skimmer under a 0° beam).
    fn visible_range(&self, target: &Target<'_>) -> f64 {
        self.detection_range(target.rcs).min(elevation_floor_bound(
            self.spec.position.height,
            self.spec.surface_height,
            FOUR_THIRDS,
            self.spec.min_elevation,
            target.trajectory.max_height(),
        ))
    }
}

impl Sensor for FixedPdRadar {
    fn geometry(&self) -> RadarGeometry {
        RadarGeometry {
            frame: self.frame,
            search: Search::Rotating {
                period: self.spec.scan_period,
                phase: self.phase,
                max_range: self.spec.instrumented_range,
            },
            clutter_density: 0.0,
            nominal_detection_probability: self.spec.detection_probability,
        }
    }

    fn visibility(&self, position: &Ecef, rcs: f64) -> Visibility {
        let range = self.frame.position_to_enu(position).0.norm();
        if range > self.detection_range(rcs) {
            Visibility::OutOfRange
        } else if self.covers(position, rcs) {
            Visibility::Visible
        } else if self.terrain.is_some() && self.smooth_coverage(position, rcs).0 {
            Visibility::Masked
        } else {
            Visibility::BelowHorizon
        }
    }

    fn scan(&mut self, t0: f64, t1: f64, targets: &[Target<'_>], out: &mut Vec<Detection>) {
        let start = out.len();
        if let Some(max) = targets.iter().map(|t| t.index).max()
            && self.next_check.len() <= max
        {
            self.next_check.resize(max + 1, f64::NEG_INFINITY);
            self.coverage_known
                .resize(max + 1, (f64::NEG_INFINITY, false));
        }
        for target in targets {
            let Some((look, position)) = self.look_at(t0, t1, target) else {
                continue;
            };
            // The look draws from the target's own stream.
            std::mem::swap(&mut self.rng, self.looks.of(target));
            let detection = self.detect(look, &position, target.index);
            std::mem::swap(&mut self.rng, self.looks.of(target));
            if let Some(d) = detection {
                out.push(d);
            }
        }
        out[start..].sort_by(|a, b| a.measurement.time.total_cmp(&b.measurement.time));
    }
}

impl FixedPdRadar {
    /// The look at `target` in (t0, t1], if the beam passes it then and it is inside
    /// coverage: the look time (s) and its position then. Skips, without drawing, the
    /// steps in which it surely cannot be seen (far below the horizon or out of range,
    /// or the beam elsewhere).
    fn look_at(&mut self, t0: f64, t1: f64, target: &Target<'_>) -> Option<(f64, Ecef)> {
        let period = self.spec.scan_period;
        if t1 < self.next_check[target.index] {
            return None;
        }
        let now = target.trajectory.position_at(t0)?;
        // Known covered through this step, it cannot be hidden: no need to ask.
        let (known_until, known) = self.coverage_known[target.index];
        let surely_covered = known && known_until >= t1;
        // Far below the horizon or out of range for a while: `covers` would refuse every
        // look until then, so skip them without drawing (same stream).
        let speed = target.trajectory.speed_bound();
        if !surely_covered
            && speed.is_finite()
            && let Some(reach) = self.site.hidden_reach(
                &now.0,
                speed,
                t1 - t0,
                target.trajectory.max_height(),
                self.visible_range(target),
            )
        {
            self.next_check[target.index] = t0 + reach / speed;
            return None;
        }
        // The beam points north at t = phase and turns clockwise; it passes the target's
        // azimuth at t = phase + period·(az/2π + k).
        let az = self.frame.azimuth_of(&now);
        let phase = self.phase + period * az / std::f64::consts::TAU;
        let k = ((t0 - phase) / period).floor() + 1.0;
        let look = phase + k * period;
        if look > t1 {
            // Look again halfway to the predicted passage: the target's azimuth can drift
            // towards the beam, but not faster than the beam turns (it would have to cross
            // at more than 2π/period rad/s).
            self.next_check[target.index] = t0 + 0.5 * (look - t0);
            return None;
        }
        if look > target.until {
            return None;
        }
        let position = target.trajectory.position_at(look)?;
        self.covered_at(look, &position, target)
            .then_some((look, position))
    }

    /// Whether `target` at `position` is inside coverage at `look` s, from what is known
    /// or asked now (the answer then holds while the target cannot have moved farther
    /// than the slack: looks come in time order).
    fn covered_at(&mut self, look: f64, position: &Ecef, target: &Target<'_>) -> bool {
        let (known_until, known) = self.coverage_known[target.index];
        if look <= known_until {
            return known;
        }
        let (covered, slack) = self.coverage(position, target.rcs_at(look));
        let until = look + slack / target.trajectory.speed_bound();
        // A fading RCS shrinks the detection range from look to look: no answer holds.
        if until.is_finite() && target.fading.is_none() {
            self.coverage_known[target.index] = (until, covered);
        }
        covered
    }

    /// One look at threat `threat` at `position` at `look` s: detected with the fixed Pd,
    /// then measured with Gaussian polar errors.
    fn detect(&mut self, look: f64, position: &Ecef, threat: usize) -> Option<Detection> {
        let u: f64 = self.rng.random();
        if u >= self.spec.detection_probability {
            return None;
        }
        let truth = self.frame.polar_of(position);
        let sigma = [
            self.spec.sigma_range,
            self.spec.sigma_azimuth,
            self.spec.sigma_elevation,
        ];
        let polar = Polar {
            range: (truth.range + sigma[0] * self.gauss()).max(0.0),
            azimuth: (truth.azimuth + sigma[1] * self.gauss()).rem_euclid(std::f64::consts::TAU),
            elevation: (truth.elevation + sigma[2] * self.gauss())
                .clamp(-std::f64::consts::FRAC_PI_2, std::f64::consts::FRAC_PI_2),
        };
        Some(Detection {
            measurement: Measurement {
                time: look,
                radar: self.index,
                polar,
                sigma,
            },
            threat: Some(threat),
        })
    }
}
