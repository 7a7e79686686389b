//! How a physics radar is configured beyond its catalogue figures ([`PhysicsConfig`]),
//! the role defaults, and where it can see ([`Envelope`]).

use std::f64::consts::TAU;

use iadsim_core::{Geodetic, LocalFrame};
use iadsim_setup::{Asset, Radar, RadarRole, Regiment};

use crate::sense::radar::detection::Swerling;
use crate::sense::radar::equation::defaults;
use crate::sense::radar::measure::Accuracy;
use crate::sense::radar::scan::ScanPattern;
use crate::sense::radar::sight::Sight;
use crate::sense::radar::terrain::Dem;

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
    /// | scan | rotating, `scan_period` | `sector_width` sector (catalogue: 90°) at `sector_centre` (default north), frame `scan_period` |
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
                    centre: spec.sector_centre.unwrap_or(0.0),
                    width: spec.sector_width,
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
    /// the engagement sector centred where the scenario says (the radar's
    /// `sector_centre`), else by [`default_sector_centre`] (away from `assets`).
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
                centre: spec
                    .sector_centre
                    .unwrap_or_else(|| default_sector_centre(regiment, assets, battalion)),
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
