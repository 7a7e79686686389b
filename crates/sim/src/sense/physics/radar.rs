//! [`PhysicsRadar`]: the sensor (see the notes of [`crate::sense::physics`]).

use std::f64::consts::{FRAC_PI_2, TAU};
use std::sync::Arc;

use iadsim_core::{Ecef, Polar};
use iadsim_setup::Radar;
use nalgebra::Vector3;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1, Poisson, StandardNormal};

use super::config::{Envelope, PhysicsConfig, antenna_over_terrain};
use crate::sense::dwell::{BEAM_SEARCH_LIMIT, Dwell, beam_loss};
use crate::sense::geometry::{RadarGeometry, Search};
use crate::sense::measurement::Measurement;
use crate::sense::radar::equation::RadarModel;
use crate::sense::radar::error::RadarError;
use crate::sense::radar::measure::Cells;
use crate::sense::radar::sight::{Sight, Site};
use crate::sense::radar::terrain::Dem;
use crate::sense::sensor::{Detection, LookStreams, Sensor, Target, Visibility};
use crate::truth::trajectory::Trajectory;

/// A stretch of time over which a target provably cannot be admitted (see
/// [`PhysicsRadar::quiet_span`]), for the trajectory `trajectory` (its id).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Quiet {
    trajectory: u64,
    from: f64,
    until: f64,
}

/// The physics radar (see the module notes).
#[derive(Debug, Clone)]
pub struct PhysicsRadar {
    spec: Radar,
    index: usize,
    site: Site,
    model: RadarModel,
    config: PhysicsConfig,
    envelope: Envelope,
    cells: Cells,
    rng: ChaCha8Rng,
    /// Each threat's own stream for the looks at it (false alarms draw from `rng`).
    looks: LookStreams,
    terrain: Option<Arc<Dem>>,
    /// While the antenna turns to a new sector (from, to; s): no search.
    blind: Option<(f64, f64)>,
    scratch: Vec<f64>,
    /// Per threat index: when it cannot be seen, so the search skips it in O(1).
    quiet: Vec<Option<Quiet>>,
}

impl PhysicsRadar {
    /// A radar from its catalogue figures `spec` (the model calibrated from
    /// `reference_range`, `reference_rcs`, `detection_probability`), its `index` in the
    /// battalion (0 acquisition, 1 engagement), `config`, and its own random stream.
    pub fn new(
        spec: Radar,
        index: usize,
        config: PhysicsConfig,
        rng: ChaCha8Rng,
    ) -> Result<Self, RadarError> {
        let model = RadarModel::from_setup(&spec, config.swerling, config.pfa, config.pulses)?;
        Self::with_model(spec, index, config, model, rng)
    }

    /// A radar with an explicit signal model (e.g. from [`super::RadarEquation`]).
    pub fn with_model(
        spec: Radar,
        index: usize,
        config: PhysicsConfig,
        model: RadarModel,
        mut rng: ChaCha8Rng,
    ) -> Result<Self, RadarError> {
        if !(config.scan.sweep_time() > 0.0 && config.scan.sweep_time().is_finite()) {
            return Err(RadarError::invalid(
                "scan_period",
                config.scan.sweep_time(),
                "must be positive",
            ));
        }
        if let Some(tp) = config.track_period
            && !(tp > 0.0 && tp.is_finite())
        {
            return Err(RadarError::invalid("track_period", tp, "must be positive"));
        }
        if config.k_factor.is_nan() || config.k_factor <= 0.0 {
            return Err(RadarError::invalid(
                "k_factor",
                config.k_factor,
                "must be positive",
            ));
        }
        // The horizon is over the scenario's smooth surface (the lowest ground in play):
        // a site raised above it sees farther.
        let site = Site::new(spec.position, config.k_factor).with_surface(spec.surface_height);
        let envelope = Envelope::new(&spec, &config);
        let cells = Cells::new(
            config.min_range,
            spec.instrumented_range,
            config.scan.width(),
            spec.max_elevation - spec.min_elevation,
            &config.accuracy,
        );
        Ok(Self {
            spec,
            index,
            site,
            model,
            config,
            envelope,
            cells,
            looks: LookStreams::new(&mut rng),
            rng,
            terrain: None,
            blind: None,
            scratch: Vec::new(),
            quiet: Vec::new(),
        })
    }

    /// The same radar with terrain masking from `dem`. The antenna is put at its mast
    /// height (`position.height − ground_height`) above the DEM ground at its site, the
    /// smooth-Earth horizon is taken over the ellipsoid (surface height 0) and the
    /// terrain does the rest.
    pub fn with_terrain(mut self, dem: Arc<Dem>) -> Self {
        let antenna = antenna_over_terrain(&self.spec, &dem);
        self.site = Site::new(antenna, self.config.k_factor);
        self.terrain = Some(dem);
        self
    }

    /// The catalogue figures.
    pub fn spec(&self) -> &Radar {
        &self.spec
    }

    /// The signal model.
    pub fn model(&self) -> &RadarModel {
        &self.model
    }

    /// The configuration.
    pub fn config(&self) -> &PhysicsConfig {
        &self.config
    }

    /// The coverage envelope.
    pub fn envelope(&self) -> &Envelope {
        &self.envelope
    }

    /// The site geometry.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Resolution cells per sweep.
    pub fn cells(&self) -> &Cells {
        &self.cells
    }

    /// Expected false alarms reported per second (after confirmation, if configured).
    pub fn false_alarm_rate(&self) -> f64 {
        if self.config.false_alarms {
            self.reported_false_alarms_per_sweep() / self.config.scan.sweep_time()
        } else {
            0.0
        }
    }

    /// Expected false alarms reported per sweep: the cells' threshold crossings, thinned
    /// by the confirmation dwell when there is one.
    fn reported_false_alarms_per_sweep(&self) -> f64 {
        let alerts = self.cells.false_alarms_per_sweep(self.config.pfa);
        match self.config.confirmation {
            Some(c) => alerts * c.false_alarm_survival(self.config.pfa),
            None => alerts,
        }
    }

    /// The sight line to `position` if the radar can see it there (envelope and
    /// terrain), else `None`.
    pub fn observe(&self, position: &Ecef) -> Option<Sight> {
        let g = position.to_geodetic();
        let sight = self.site.sight(&g);
        if !self.envelope.admits(&sight) {
            return None;
        }
        if let Some(dem) = &self.terrain
            && dem.masks(&self.site, &g)
        {
            return None;
        }
        Some(sight)
    }

    /// A stretch of time from `lo` (s), covering [`lo`, `hi`], during which `observe`
    /// provably cannot admit the target on `trajectory` (every position it can reach
    /// then is out of range or hidden by the smooth horizon — see
    /// [`Site::may_see_within`]); `None` when it might be admitted in [`lo`, `hi`].
    /// One trajectory evaluation and no trigonometry; the span reaches as far ahead as
    /// the target's distance beyond the horizon allows at its maximum speed, so a far
    /// target is skipped for many steps without being evaluated again.
    fn quiet_span(&self, trajectory: &Trajectory, lo: f64, hi: f64) -> Option<Quiet> {
        let position = trajectory.position_at(lo)?;
        let speed = trajectory.speed_bound();
        if !speed.is_finite() {
            return None;
        }
        let reach = self.site.hidden_reach(
            &position.0,
            speed,
            hi - lo,
            trajectory.max_height(),
            self.envelope.max_range,
        )?;
        Some(Quiet {
            trajectory: trajectory.id(),
            from: lo,
            until: lo + reach / speed,
        })
    }

    /// Single-look detection probability of a target of mean RCS `rcs` (m²) at
    /// `position`: 0 where the radar cannot see, else the model's Pd at the slant range.
    pub fn look_pd(&self, position: &Ecef, rcs: f64) -> f64 {
        match self.observe(position) {
            Some(s) => self.model.pd(s.polar.range, rcs),
            None => 0.0,
        }
    }

    /// One look at a visible target: draws the fluctuation and the detection; on success
    /// returns the noisy measurement. A search look (`search`) of a radar with a
    /// confirmation dwell is reported only if the confirmation detects too.
    fn look(&mut self, time: f64, sight: &Sight, rcs: f64, search: bool) -> Option<Measurement> {
        let snr_mean = self.model.snr(sight.polar.range, rcs);
        let detector = *self.model.detector();
        let (pd, snr) = match self.config.swerling.chi_square_order() {
            Some(m) if self.config.swerling.is_scan_to_scan() => {
                let mut x = 0.0;
                for _ in 0..m {
                    let e: f64 = Exp1.sample(&mut self.rng);
                    x += e;
                }
                let snr = snr_mean * x / f64::from(m);
                (detector.pd_steady(snr), snr)
            }
            _ => (detector.pd(snr_mean), snr_mean),
        };
        let u: f64 = self.rng.random();
        if u >= pd {
            return None;
        }
        if search && self.config.confirmation.is_some() {
            // Milliseconds later the target shows the same RCS draw (scan-to-scan) or a
            // fresh pulse-to-pulse fluctuation: in both cases the same Pd again.
            let u: f64 = self.rng.random();
            if u >= pd {
                return None;
            }
        }
        let integrated = snr * f64::from(self.config.pulses);
        let sigma = self.config.accuracy.sigma(integrated);
        let truth = sight.polar;
        Some(Measurement {
            time,
            radar: self.index,
            polar: self.noisy(truth, sigma),
            sigma,
        })
    }

    fn gauss(&mut self) -> f64 {
        StandardNormal.sample(&mut self.rng)
    }

    fn noisy(&mut self, truth: Polar, sigma: [f64; 3]) -> Polar {
        Polar {
            range: (truth.range + sigma[0] * self.gauss()).max(0.0),
            azimuth: (truth.azimuth + sigma[1] * self.gauss()).rem_euclid(TAU),
            elevation: (truth.elevation + sigma[2] * self.gauss()).clamp(-FRAC_PI_2, FRAC_PI_2),
        }
    }

    fn false_alarms(&mut self, t0: f64, t1: f64, out: &mut Vec<Detection>) {
        let mean =
            self.reported_false_alarms_per_sweep() * (t1 - t0) / self.config.scan.sweep_time();
        if mean.is_nan() || mean <= 0.0 {
            return;
        }
        let Ok(poisson) = Poisson::new(mean) else {
            return;
        };
        let count: f64 = poisson.sample(&mut self.rng);
        // Report accuracy at the threshold-crossing SNR: (T − N)/N per pulse.
        let det = self.model.detector();
        let snr = (det.threshold() - f64::from(det.pulses())).max(1.0);
        let sigma = self.config.accuracy.sigma(snr);
        for _ in 0..count as u64 {
            let u: f64 = self.rng.random();
            let time = t1 - (t1 - t0) * u;
            if self.blinded(time) {
                continue;
            }
            let a: f64 = self.rng.random();
            let b: f64 = self.rng.random();
            let (r0, r1) = (self.config.min_range, self.spec.instrumented_range);
            let (e0, e1) = (self.spec.min_elevation, self.spec.max_elevation);
            // Spread across the beam's azimuth cell.
            let c: f64 = self.rng.random();
            let azimuth = (self.config.scan.beam_azimuth(time)
                + (c - 0.5) * self.config.accuracy.beamwidth_azimuth)
                .rem_euclid(TAU);
            out.push(Detection {
                measurement: Measurement {
                    time,
                    radar: self.index,
                    polar: Polar {
                        range: r0 + (r1 - r0) * a,
                        azimuth,
                        elevation: e0 + (e1 - e0) * b,
                    },
                    sigma,
                },
                threat: None,
            });
        }
    }
}

impl Sensor for PhysicsRadar {
    fn scan(&mut self, t0: f64, t1: f64, targets: &[Target<'_>], out: &mut Vec<Detection>) {
        let start = out.len();
        for target in targets {
            // The looks at a target draw from its own stream.
            std::mem::swap(&mut self.rng, self.looks.of(target));
            self.look_at(t0, t1, target, out);
            std::mem::swap(&mut self.rng, self.looks.of(target));
        }
        if self.config.false_alarms {
            self.false_alarms(t0, t1, out);
        }
        out[start..].sort_by(|a, b| a.measurement.time.total_cmp(&b.measurement.time));
    }

    fn geometry(&self) -> RadarGeometry {
        RadarGeometry {
            frame: self.site.frame,
            search: Search::Pattern {
                scan: self.config.scan,
                min_range: self.envelope.min_range,
                max_range: self.envelope.max_range,
            },
            clutter_density: self.clutter_density(),
            nominal_detection_probability: self.spec.detection_probability,
        }
    }

    fn dwell(
        &mut self,
        dwells: &[Dwell],
        targets: &[Target<'_>],
        out: &mut Vec<Detection>,
        answered: &mut Vec<usize>,
    ) {
        self.look_in_dwells(dwells, targets, out, answered);
    }

    fn steer(&mut self, centre: f64, width: f64, blind: Option<(f64, f64)>) {
        let sector = self.config.with_sector(centre, width).scan;
        if sector.width() != self.config.scan.width() {
            self.cells = Cells::new(
                self.config.min_range,
                self.spec.instrumented_range,
                width,
                self.spec.max_elevation - self.spec.min_elevation,
                &self.config.accuracy,
            );
        }
        self.config.scan = sector;
        self.envelope.scan = sector;
        self.blind = blind;
    }

    fn visibility(&self, position: &Ecef, rcs: f64) -> Visibility {
        let g = position.to_geodetic();
        let sight = self.site.sight(&g);
        let (r, e) = (sight.polar.range, &self.envelope);
        if r < e.min_range
            || r > e.max_range
            || self.model.pd(r, rcs) < VISIBLE_PD
            || sight.apparent_elevation > e.max_elevation
            || !e.scan.contains(sight.polar.azimuth)
        {
            return Visibility::OutOfRange;
        }
        if !sight.above_horizon() || sight.apparent_elevation < e.min_elevation {
            return Visibility::BelowHorizon;
        }
        if let Some(dem) = &self.terrain
            && dem.masks(&self.site, &g)
        {
            return Visibility::Masked;
        }
        Visibility::Visible
    }
}

/// Single-look detection probability below which the leak attribution counts a target as
/// out of a radar's range (analysis only).
pub const VISIBLE_PD: f64 = 0.1;

impl PhysicsRadar {
    /// Expected false alarms reported per unit of measurement space, 1/(m·rad²) (range ×
    /// azimuth × elevation), over the searched volume.
    pub fn clutter_density(&self) -> f64 {
        if !self.config.false_alarms {
            return 0.0;
        }
        let volume = (self.spec.instrumented_range - self.config.min_range)
            * self.config.scan.width()
            * (self.spec.max_elevation - self.spec.min_elevation);
        if volume > 0.0 {
            self.reported_false_alarms_per_sweep() / volume
        } else {
            0.0
        }
    }

    /// The search looks at `target` in (t0, t1]: its beam passages, none when it surely
    /// cannot be seen.
    fn look_at(&mut self, t0: f64, t1: f64, target: &Target<'_>, out: &mut Vec<Detection>) {
        if self.quiet(t0, t1, target) {
            return;
        }
        self.search(t0, t1, target, out);
    }

    /// Whether the antenna is turning at `t` s (no search then).
    fn blinded(&self, t: f64) -> bool {
        self.blind.is_some_and(|(a, b)| t >= a && t < b)
    }

    /// Whether `target` surely cannot be admitted at any look in (t0, t1] (up to its end),
    /// so its passes need not be solved (no look, hence no random draw, is skipped);
    /// remembers how long that lasts.
    fn quiet(&mut self, t0: f64, t1: f64, target: &Target<'_>) -> bool {
        let trajectory = target.trajectory;
        let lo = t0.max(trajectory.start_time());
        let hi = t1.min(target.until).min(trajectory.end_time());
        if lo > hi {
            return true;
        }
        if let Some(Some(q)) = self.quiet.get(target.index)
            && q.trajectory == trajectory.id()
            && lo >= q.from
            && hi <= q.until
        {
            return true;
        }
        let Some(q) = self.quiet_span(trajectory, lo, hi) else {
            return false;
        };
        if self.quiet.len() <= target.index {
            self.quiet.resize(target.index + 1, None);
        }
        self.quiet[target.index] = Some(q);
        true
    }

    /// The search looks at `target` in (t0, t1]: at each beam passage up to its end (and
    /// outside a turn of the antenna), a look if it is visible.
    fn search(&mut self, t0: f64, t1: f64, target: &Target<'_>, out: &mut Vec<Detection>) {
        let trajectory = target.trajectory;
        let frame = self.site.frame;
        let mut looks = std::mem::take(&mut self.scratch);
        looks.clear();
        self.config.scan.passes(
            t0,
            t1,
            |t| trajectory.position_at(t).map(|p| frame.azimuth_of(&p)),
            &mut looks,
        );
        for &t in &looks {
            if t > target.until {
                break;
            }
            if self.blinded(t) {
                continue;
            }
            let Some(position) = trajectory.position_at(t) else {
                continue;
            };
            let Some(sight) = self.observe(&position) else {
                continue;
            };
            let Some(m) = self.look(t, &sight, target.rcs_at(t), true) else {
                continue;
            };
            out.push(Detection {
                measurement: m,
                threat: Some(target.index),
            });
        }
        self.scratch = looks;
    }
}

/// Track revisits ([`Sensor::dwell`]): a beam pointed where the fire control's track
/// predicts. A target inside the beam's main lobe and the range gate is looked at with its
/// mean SNR cut by the two-way beam shape loss at its offset from the beam centre
/// ([`beam_loss`]); the look is a track revisit (no confirmation dwell) drawn from the
/// target's own stream, measured with the accuracy of the SNR it had. A target outside the
/// beam or the gate, or one the radar cannot see there (range, horizon, elevation, sector,
/// terrain), is not detected.
impl PhysicsRadar {
    /// The dwells of one batch against `targets` (see the module notes).
    fn look_in_dwells(
        &mut self,
        dwells: &[Dwell],
        targets: &[Target<'_>],
        out: &mut Vec<Detection>,
        answered: &mut Vec<usize>,
    ) {
        let Some(latest) = dwells.iter().map(|d| d.time).reduce(f64::max) else {
            return;
        };
        // Each target's position at the batch's latest dwell, for a cheap first cut: a
        // target farther from a dwell's beam centre than it can fly in the time between,
        // plus the gate and the beam's reach, is surely not in that beam.
        let near: Vec<Option<(Vector3<f64>, f64)>> = targets
            .iter()
            .map(|t| {
                let speed = t.trajectory.speed_bound();
                let p = t
                    .trajectory
                    .position_at(latest.min(t.trajectory.end_time()))?;
                speed.is_finite().then_some((p.0, speed))
            })
            .collect();
        let (bw_az, bw_el) = (
            self.config.accuracy.beamwidth_azimuth,
            self.config.accuracy.beamwidth_elevation,
        );
        let spread = BEAM_SEARCH_LIMIT * bw_az.max(bw_el) * 1.01;
        for (d, dwell) in dwells.iter().enumerate() {
            let centre = self.site.frame.position_to_ecef(
                &Polar {
                    range: dwell.range,
                    azimuth: dwell.azimuth,
                    elevation: dwell.elevation,
                }
                .to_enu(),
            );
            for (target, near) in targets.iter().zip(&near) {
                if dwell.time > target.until || dwell.time < target.trajectory.start_time() {
                    continue;
                }
                let Some((p, speed)) = near else {
                    continue;
                };
                let reach =
                    speed * (latest - dwell.time) + dwell.range_gate + 2.0 * dwell.range * spread;
                if (p - centre.0).norm() > reach + 1.0 {
                    continue;
                }
                self.look_in_dwell(d, dwell, target, out, answered);
            }
        }
    }

    /// One dwell's look at one target.
    fn look_in_dwell(
        &mut self,
        d: usize,
        dwell: &Dwell,
        target: &Target<'_>,
        out: &mut Vec<Detection>,
        answered: &mut Vec<usize>,
    ) {
        let Some(position) = target.trajectory.position_at(dwell.time) else {
            return;
        };
        let Some(sight) = self.observe(&Ecef(position.0)) else {
            return;
        };
        if (sight.polar.range - dwell.range).abs() > dwell.range_gate {
            return;
        }
        let accuracy = self.config.accuracy;
        let Some(loss) = beam_loss(
            dwell,
            sight.polar.azimuth,
            sight.polar.elevation,
            accuracy.beamwidth_azimuth,
            accuracy.beamwidth_elevation,
        ) else {
            return;
        };
        // The looks at a target draw from its own stream.
        std::mem::swap(&mut self.rng, self.looks.of(target));
        let measured = self.look(dwell.time, &sight, target.rcs_at(dwell.time) * loss, false);
        std::mem::swap(&mut self.rng, self.looks.of(target));
        if let Some(m) = measured {
            out.push(Detection {
                measurement: m,
                threat: Some(target.index),
            });
            answered.push(d);
        }
    }
}
