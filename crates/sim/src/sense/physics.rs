//! [`PhysicsRadar`]: the stage-1 sensor built on the radar equation, Swerling detection,
//! the 4/3-Earth horizon and terrain, beam-passage look times, SNR-dependent accuracy
//! and false alarms. It has the shape of [`crate::sensing::FixedPdRadar`] and implements
//! the same [`Sensor`] trait, so the engine can swap one for the other.
//!
//! # One look
//!
//! 1. **When**: the beam passes the target (see [`super::scan`]); a target the
//!    engagement radar holds in track is looked at every `track_period` instead.
//! 2. **Whether it can be seen**: slant range within [`PhysicsConfig::min_range`] and the
//!    instrumented range; above the smooth 4/3-Earth horizon; apparent elevation within
//!    the beam's limits (the catalogue limits of the beam centre, widened by half an
//!    elevation beamwidth); azimuth inside the search sector; not masked by terrain (when a
//!    [`Dem`] is attached).
//! 3. **Whether it is detected**: mean single-pulse SNR from the [`RadarModel`]
//!    (SNR = C·σ/R⁴); for scan-to-scan targets (Swerling 1, 3) the look's RCS is drawn
//!    (exponential, or chi-square with 4 degrees of freedom, of mean σ) and the look is
//!    detected with the steady-target Pd at that SNR; for pulse-to-pulse targets
//!    (Swerling 2, 4) and steady targets the fluctuation is inside the Pd formula.
//! 4. **What is reported**: range, azimuth and elevation with Gaussian errors of the
//!    look's SNR-dependent σ (see [`super::measure`]); the elevation is the geometric one
//!    (the radar is taken to correct standard refraction).
//!
//! False alarms are added per step (Poisson, see [`super::measure`]) with
//! `threat: None`.
//!
//! # Alert–confirm search (the engagement radar)
//!
//! A phased-array multifunction radar does not hand a single search threshold crossing
//! to its tracker: it answers an *alert* with a *confirmation dwell* in the same beam
//! position a few milliseconds later, and reports a detection only when a crossing
//! recurs within a few range cells of the alert (Barton, *Radar System Analysis and
//! Modeling*, 2005, §7 "sequential detection"; Skolnik, *Radar Handbook*, 3rd ed., §24.5).
//! With [`PhysicsConfig::confirmation`] set:
//!
//! - a target's search look is reported only if the confirmation dwell also detects it:
//!   for scan-to-scan targets (Swerling 1, 3) the confirmation sees the *same* RCS draw
//!   (milliseconds apart), so its Pd is the steady-target Pd at the alert's SNR; for
//!   pulse-to-pulse and steady targets it is an independent look at the mean SNR;
//! - a false alarm survives only if one of the `window_cells` cells around it crosses
//!   again: probability 1 − (1 − Pfa)^window, so reported false alarms are a thinned
//!   Poisson stream of mean (alerts × that probability);
//! - track revisits of held targets need no confirmation (the beam is pointed at a known
//!   track);
//! - the dwells' time is not charged to the search (the radar's time budget is not
//!   modelled, below), a few hundred confirmations a minute against thousands of search
//!   dwells.
//!
//! # Modelling shortcuts (documented, \[P\])
//!
//! - The engagement radar's track channels are keyed by the threat index: the radar's
//!   own association is taken as perfect. The tracker downstream still sees only
//!   measurements. A track is dropped after `drop_after_misses` missed revisits, when the
//!   target leaves the sector, or when it stops existing.
//! - The radar's time budget is not modelled: track revisits do not slow the search.
//! - No multipath lobing, diffraction beyond the horizon, clutter or jamming.

use std::f64::consts::{FRAC_PI_2, TAU};
use std::sync::Arc;

use iadsim_core::{Ecef, Geodetic, LocalFrame, Polar};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1, Poisson, StandardNormal};

use super::geometry::{RadarGeometry, Search};
use super::measurement::Measurement;
use super::radar::detection::Swerling;
use super::radar::equation::{RadarModel, defaults};
use super::radar::error::RadarError;
use super::radar::measure::{Accuracy, Cells};
use super::radar::scan::{ChannelPool, ScanPattern};
use super::radar::sight::{Sight, Site};
use super::radar::terrain::Dem;
use super::sensor::{Detection, Sensor, Target};
use crate::truth::trajectory::Trajectory;
use iadsim_setup::{Asset, Radar, RadarRole, Regiment};

/// How a physics radar is configured beyond its catalogue figures. Every default is a
/// placeholder \[P\]; see [`PhysicsConfig::for_radar`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhysicsConfig {
    /// Target fluctuation model.
    pub swerling: Swerling,
    /// False-alarm probability per resolution cell and look.
    pub pfa: f64,
    /// Pulses integrated non-coherently per look.
    pub pulses: u32,
    /// Effective-Earth-radius factor (4/3 standard atmosphere).
    pub k_factor: f64,
    /// Beamwidths, bandwidth, monopulse slope and error floors.
    pub accuracy: Accuracy,
    /// Search pattern.
    pub scan: ScanPattern,
    /// Blind range (transmit pulse, eclipsing), m.
    pub min_range: f64,
    /// Revisit period of held tracks, s (`None`: the radar does not hold tracks).
    pub track_period: Option<f64>,
    /// Consecutive missed revisits after which a track channel is freed.
    pub drop_after_misses: u32,
    /// Whether false alarms are generated.
    pub false_alarms: bool,
    /// Alert–confirm search (see the module notes); `None`: every threshold crossing of
    /// the search is reported.
    pub confirmation: Option<Confirmation>,
}

/// The confirmation dwell that answers a search alert (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Confirmation {
    /// Range cells around the alert range that the confirmation dwell tests (≥ 1).
    pub window_cells: u32,
}

impl Confirmation {
    /// Probability that a false alarm is confirmed, for per-cell false-alarm probability
    /// `pfa`: 1 − (1 − pfa)^window.
    pub fn false_alarm_survival(&self, pfa: f64) -> f64 {
        -(f64::from(self.window_cells.max(1)) * (-pfa).ln_1p()).exp_m1()
    }
}

impl PhysicsConfig {
    /// Role defaults for `spec` \[P\]:
    ///
    /// | | acquisition | engagement |
    /// |---|---|---|
    /// | Swerling / Pfa / pulses | 1 / 1e-6 / 10 | 1 / 1e-6 / 10 |
    /// | beamwidth az × el | 1.2° × 1.5° | 1.0° × 1.0° |
    /// | bandwidth (range cell) | 1 MHz (150 m) | 5 MHz (30 m) |
    /// | monopulse slope | 1.6 | 1.6 |
    /// | scan | rotating, `scan_period` | 90° sector centred north, frame `scan_period` |
    /// | track revisit | — | min(0.5 s, `scan_period`/2), dropped after 3 misses |
    /// | blind range | 2 km | 1 km |
    /// | confirmation dwell | — | 5 range cells around the alert |
    ///
    /// Error floors are the catalogue's `sigma_*`. Use [`PhysicsConfig::for_battalion`]
    /// to point the engagement sector from the battalion's geometry.
    pub fn for_radar(spec: &Radar) -> Self {
        let floor = [spec.sigma_range, spec.sigma_azimuth, spec.sigma_elevation];
        match spec.role {
            RadarRole::Acquisition => Self {
                swerling: defaults::SWERLING,
                pfa: defaults::PFA,
                pulses: defaults::pulses(spec.role),
                k_factor: iadsim_core::horizon::FOUR_THIRDS,
                accuracy: Accuracy {
                    beamwidth_azimuth: 1.2f64.to_radians(),
                    beamwidth_elevation: 1.5f64.to_radians(),
                    bandwidth: 1e6,
                    monopulse_slope: 1.6,
                    floor,
                },
                scan: ScanPattern::Rotating {
                    period: spec.scan_period,
                    phase: 0.0,
                },
                min_range: 2_000.0,
                track_period: None,
                drop_after_misses: 3,
                false_alarms: true,
                confirmation: None,
            },
            RadarRole::Engagement => Self {
                swerling: defaults::SWERLING,
                pfa: defaults::PFA,
                pulses: defaults::pulses(spec.role),
                k_factor: iadsim_core::horizon::FOUR_THIRDS,
                accuracy: Accuracy {
                    beamwidth_azimuth: 1.0f64.to_radians(),
                    beamwidth_elevation: 1.0f64.to_radians(),
                    bandwidth: 5e6,
                    monopulse_slope: 1.6,
                    floor,
                },
                scan: ScanPattern::Sector {
                    centre: 0.0,
                    width: 90f64.to_radians(),
                    frame_time: spec.scan_period,
                    phase: 0.0,
                },
                min_range: 1_000.0,
                track_period: Some((0.5 * spec.scan_period).min(0.5)),
                drop_after_misses: 3,
                false_alarms: true,
                confirmation: Some(Confirmation { window_cells: 5 }),
            },
        }
    }

    /// Role defaults for the `role` radar of battalion `battalion` of `regiment`, with
    /// the engagement sector centred by [`default_sector_centre`] (away from `assets`).
    /// Only what the defence knows goes in: its regiment and the assets it defends.
    pub fn for_battalion(
        regiment: &Regiment,
        assets: &[Asset],
        battalion: usize,
        role: RadarRole,
    ) -> Self {
        let bn = &regiment.battalions[battalion];
        let spec = match role {
            RadarRole::Acquisition => &bn.acquisition_radar,
            RadarRole::Engagement => &bn.engagement_radar,
        };
        let mut config = Self::for_radar(spec);
        if let ScanPattern::Sector {
            width,
            frame_time,
            phase,
            ..
        } = config.scan
        {
            config.scan = ScanPattern::Sector {
                centre: default_sector_centre(regiment, assets, battalion),
                width,
                frame_time,
                phase,
            };
        }
        config
    }

    /// The same configuration with the search sector at `centre`, `width` (rad); a
    /// rotating radar becomes a sector radar with its rotation period as frame time.
    pub fn with_sector(mut self, centre: f64, width: f64) -> Self {
        let (frame_time, phase) = match self.scan {
            ScanPattern::Rotating { period, phase } => (period, phase),
            ScanPattern::Sector {
                frame_time, phase, ..
            } => (frame_time, phase),
        };
        self.scan = ScanPattern::Sector {
            centre,
            width,
            frame_time,
            phase,
        };
        self
    }
}

/// Default azimuth (rad clockwise from north) of battalion `battalion`'s engagement
/// sector: pointing away from what it defends — from the centroid of the defended
/// `assets` through the radar; when the radar sits on that centroid (within 1 km), away
/// from the centroid of the `regiment`'s battalions; failing both, north.
pub fn default_sector_centre(regiment: &Regiment, assets: &[Asset], battalion: usize) -> f64 {
    let radar = regiment.battalions[battalion].engagement_radar.position;
    let frame = LocalFrame::new(radar);
    let away_from = |points: &[Geodetic]| -> Option<f64> {
        if points.is_empty() {
            return None;
        }
        let mut sum = iadsim_core::Vector3::zeros();
        for p in points {
            sum += frame.position_to_enu(&p.to_ecef()).0;
        }
        let c = sum / points.len() as f64;
        (c.x.hypot(c.y) > 1_000.0).then(|| (-c.x).atan2(-c.y).rem_euclid(TAU))
    };
    let assets: Vec<Geodetic> = assets.iter().map(|a| a.position).collect();
    let battalions: Vec<Geodetic> = regiment
        .battalions
        .iter()
        .map(|b| b.engagement_radar.position)
        .collect();
    away_from(&assets)
        .or_else(|| away_from(&battalions))
        .unwrap_or(0.0)
}

/// The antenna position of `spec` over terrain: its mast height
/// (`position.height − ground_height`, at least 0) above the DEM ground at the site.
pub fn antenna_over_terrain(spec: &Radar, dem: &Dem) -> Geodetic {
    let mast = (spec.position.height - spec.ground_height).max(0.0);
    let p = spec.position;
    p.with_height(dem.height(p.lat, p.lon) + mast)
}

/// Where a radar can see: range, horizon, beam elevation limits and azimuth sector. The
/// same test serves the physics radar and the coverage maps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Envelope {
    /// Blind range, m.
    pub min_range: f64,
    /// Instrumented range, m.
    pub max_range: f64,
    /// Lowest apparent elevation seen (lowest beam's lower half-power edge), rad.
    pub min_elevation: f64,
    /// Highest apparent elevation seen, rad.
    pub max_elevation: f64,
    /// Azimuths searched.
    pub scan: ScanPattern,
}

impl Envelope {
    /// The envelope of `spec` under `config`. The catalogue's elevation limits are read
    /// as the pointing limits of the beam centre: the half-power beam reaches half an
    /// elevation beamwidth beyond them (so a radar whose lowest beam points at 0° still
    /// sees a low flier down to its horizon, a fraction of a degree below 0°). The
    /// antenna pattern's loss towards the beam edge is not modelled.
    pub fn new(spec: &Radar, config: &PhysicsConfig) -> Self {
        let half = 0.5 * config.accuracy.beamwidth_elevation;
        Self {
            min_range: config.min_range,
            max_range: spec.instrumented_range,
            min_elevation: spec.min_elevation - half,
            max_elevation: spec.max_elevation + half,
            scan: config.scan,
        }
    }

    /// Whether a point on `sight` is inside (terrain aside).
    #[inline]
    pub fn admits(&self, sight: &Sight) -> bool {
        let r = sight.polar.range;
        r >= self.min_range
            && r <= self.max_range
            && sight.above_horizon()
            && sight.apparent_elevation >= self.min_elevation
            && sight.apparent_elevation <= self.max_elevation
            && self.scan.contains(sight.polar.azimuth)
    }
}

/// A stretch of time over which a target provably cannot be admitted (see
/// [`PhysicsRadar::quiet_span`]), for the trajectory `trajectory` (its id).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Quiet {
    trajectory: u64,
    from: f64,
    until: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct HeldTrack {
    threat: usize,
    next_look: f64,
    misses: u32,
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
    terrain: Option<Arc<Dem>>,
    tracks: ChannelPool,
    held: Vec<HeldTrack>,
    guidance: ChannelPool,
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
        rng: ChaCha8Rng,
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
        let site = Site::new(spec.position, config.k_factor).with_surface(spec.ground_height);
        let envelope = Envelope::new(&spec, &config);
        let cells = Cells::new(
            config.min_range,
            spec.instrumented_range,
            config.scan.width(),
            spec.max_elevation - spec.min_elevation,
            &config.accuracy,
        );
        let tracks = ChannelPool::new(spec.max_tracks as usize);
        let guidance = ChannelPool::new(spec.max_guided_missiles as usize);
        Ok(Self {
            spec,
            index,
            site,
            model,
            config,
            envelope,
            cells,
            rng,
            terrain: None,
            tracks,
            held: Vec::new(),
            guidance,
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

    /// Threats currently held in track channels, in acquisition order.
    pub fn tracked(&self) -> &[usize] {
        self.tracks.owners()
    }

    /// The missile-guidance channels (capacity `max_guided_missiles`), for the engagement
    /// stage to take and free by missile id.
    pub fn guidance_channels(&mut self) -> &mut ChannelPool {
        &mut self.guidance
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

    /// Track revisits of a held target in (t0, t1].
    fn revisit(&mut self, t1: f64, target: &Target<'_>, slot: usize, out: &mut Vec<Detection>) {
        let Some(period) = self.config.track_period else {
            return;
        };
        loop {
            let held = self.held[slot];
            let t = held.next_look;
            if t > t1 {
                return;
            }
            self.held[slot].next_look = t + period;
            let visible = if t > target.until {
                None
            } else {
                target
                    .trajectory
                    .position_at(t)
                    .and_then(|p| self.observe(&p))
            };
            let measured = match visible {
                Some(sight) => self.look(t, &sight, target.rcs, false),
                None => None,
            };
            match measured {
                Some(m) => {
                    self.held[slot].misses = 0;
                    out.push(Detection {
                        measurement: m,
                        threat: Some(target.index),
                    });
                }
                None => {
                    self.held[slot].misses += 1;
                    if visible.is_none() || self.held[slot].misses >= self.config.drop_after_misses
                    {
                        self.held[slot].next_look = f64::INFINITY;
                        return;
                    }
                }
            }
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
        // Free the channels of targets that are gone or whose track was dropped.
        let present = |i: usize| targets.iter().any(|t| t.index == i && t.until > t0);
        let dropped: Vec<usize> = self
            .held
            .iter()
            .filter(|h| !h.next_look.is_finite() || !present(h.threat))
            .map(|h| h.threat)
            .collect();
        for threat in dropped {
            self.tracks.release(threat);
            self.held.retain(|h| h.threat != threat);
        }
        let scan = self.config.scan;
        for target in targets {
            if let Some(slot) = self.held.iter().position(|h| h.threat == target.index) {
                self.revisit(t1, target, slot, out);
                continue;
            }
            let trajectory = target.trajectory;
            // Looks count only at times in (t0, t1], up to `until`, while the target
            // exists; when it cannot be admitted at any of them, the passes need not be
            // solved (no look, hence no random draw, is skipped).
            let lo = t0.max(trajectory.start_time());
            let hi = t1.min(target.until).min(trajectory.end_time());
            if lo > hi {
                continue;
            }
            if let Some(Some(q)) = self.quiet.get(target.index)
                && q.trajectory == trajectory.id()
                && lo >= q.from
                && hi <= q.until
            {
                continue;
            }
            if let Some(q) = self.quiet_span(trajectory, lo, hi) {
                if self.quiet.len() <= target.index {
                    self.quiet.resize(target.index + 1, None);
                }
                self.quiet[target.index] = Some(q);
                continue;
            }
            let frame = self.site.frame;
            let mut looks = std::mem::take(&mut self.scratch);
            looks.clear();
            scan.passes(
                t0,
                t1,
                |t| trajectory.position_at(t).map(|p| frame.azimuth_of(&p)),
                &mut looks,
            );
            let mut acquired = None;
            for &t in &looks {
                if t > target.until {
                    break;
                }
                let Some(position) = trajectory.position_at(t) else {
                    continue;
                };
                let Some(sight) = self.observe(&position) else {
                    continue;
                };
                if let Some(m) = self.look(t, &sight, target.rcs, true) {
                    out.push(Detection {
                        measurement: m,
                        threat: Some(target.index),
                    });
                    if let Some(period) = self.config.track_period
                        && self.tracks.acquire(target.index)
                    {
                        self.held.push(HeldTrack {
                            threat: target.index,
                            next_look: t + period,
                            misses: 0,
                        });
                        acquired = Some(self.held.len() - 1);
                        break;
                    }
                }
            }
            self.scratch = looks;
            if let Some(slot) = acquired {
                self.revisit(t1, target, slot, out);
            }
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
}

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
}
