//! One track channel of the engagement radar ([`Channel`]): the radar's own estimate of
//! the object behind one battalion track, where it points the next revisit, and how each
//! revisit's answer updates it.

use iadsim_core::{Ecef, LocalFrame, wgs84};
use nalgebra::{Matrix3, Vector3};

use super::settings::FireControlSettings;
use crate::sense::dwell::Dwell;
use crate::sense::measurement::Measurement;
use crate::track::kalman::{H_POS, converted, position_update, predict_cv};
use crate::track::tracker::Track;

/// A target faster than this (m/s) is predicted in free fall: taken for a ballistic body,
/// as the missiles' guidance takes it (`engage::flyout::guidance::BALLISTIC_SPEED`).
pub const BALLISTIC_SPEED: f64 = 1_000.0;

/// One track channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// The battalion track it is keyed by.
    pub track: u64,
    /// The radar's own estimate (its `id` is `track`): the battalion track at acquisition
    /// (the cue), then updated by the channel's own revisit detections only.
    pub estimate: Track,
    /// Revisit detections so far.
    pub hits: u32,
    /// Revisits so far.
    pub looks: u32,
    /// Consecutive missed revisits.
    pub misses: u32,
    /// Time of the next revisit, s (−∞: as soon as possible).
    pub next_look: f64,
}

impl Channel {
    /// A channel taking `cue` (a battalion track) into track.
    pub fn new(cue: &Track) -> Self {
        Self {
            track: cue.id,
            estimate: cue.clone(),
            hits: 0,
            looks: 0,
            misses: 0,
            next_look: f64::NEG_INFINITY,
        }
    }

    /// Whether the radar holds the object in track: at least one revisit detection, and
    /// not yet lost.
    pub fn held(&self) -> bool {
        self.hits > 0
    }

    /// The estimate predicted to `t` (s): constant velocity with the process noise of
    /// `settings`, in free fall when faster than [`BALLISTIC_SPEED`].
    pub fn predict(&self, settings: &FireControlSettings, t: f64) -> Track {
        let mut p = predict_cv(settings.process_noise, &self.estimate, t);
        let dt = t - self.estimate.time;
        let v = self.estimate.velocity().0;
        if dt > 0.0 && v.norm_squared() > BALLISTIC_SPEED * BALLISTIC_SPEED {
            let r = self.estimate.position().0;
            let g = -r * (wgs84::GM / (r.norm_squared() * r.norm()));
            let mut s = p.state;
            s.fixed_rows_mut::<3>(0).axpy(0.5 * dt * dt, &g, 1.0);
            s.fixed_rows_mut::<3>(3).axpy(dt, &g, 1.0);
            p.state = s;
        }
        p
    }

    /// The revisit at `t` s from a radar at `frame`: the beam on the predicted position,
    /// the range gate `gate_sigmas` predicted σ wide (at least `min_range_gate`).
    pub fn dwell(&self, settings: &FireControlSettings, frame: &LocalFrame, t: f64) -> Dwell {
        let pred = self.predict(settings, t);
        let p = pred.position();
        let polar = frame.polar_of(&p);
        let los: Vector3<f64> = (p.0 - frame.origin_ecef.0) / polar.range.max(1.0);
        let cov = pred.covariance.fixed_view::<3, 3>(0, 0);
        let sigma_range = los.dot(&(cov * los)).max(0.0).sqrt();
        Dwell {
            time: t,
            azimuth: polar.azimuth,
            elevation: polar.elevation,
            range: polar.range,
            range_gate: (settings.gate_sigmas * sigma_range).max(settings.min_range_gate),
        }
    }

    /// Of the measurements `returns` (one revisit's detections, each with a key of the
    /// caller's), the one nearest the prediction (Mahalanobis distance of position): the
    /// channel's own association.
    pub fn nearest<'m, K>(
        &self,
        settings: &FireControlSettings,
        frame: &LocalFrame,
        rot: &Matrix3<f64>,
        returns: impl Iterator<Item = (K, &'m Measurement)>,
    ) -> Option<(K, &'m Measurement)> {
        let mut best: Option<(f64, K, &Measurement)> = None;
        for (key, m) in returns {
            let pred = self.predict(settings, m.time);
            let (z, r) = converted(frame, rot, m);
            let s = H_POS * pred.covariance * H_POS.transpose() + r;
            let Some(inv) = s.try_inverse() else {
                continue;
            };
            let y = z - H_POS * pred.state;
            let d2 = y.dot(&(inv * y));
            if best.as_ref().is_none_or(|(b, _, _)| d2 < *b) {
                best = Some((d2, key, m));
            }
        }
        best.map(|(_, key, m)| (key, m))
    }

    /// Takes the revisit detection `m` into the estimate.
    pub fn update(
        &mut self,
        settings: &FireControlSettings,
        frame: &LocalFrame,
        rot: &Matrix3<f64>,
        m: &Measurement,
    ) {
        let pred = self.predict(settings, m.time);
        let (z, r) = converted(frame, rot, m);
        let s = H_POS * pred.covariance * H_POS.transpose() + r;
        let Some(inv) = s.try_inverse() else {
            return;
        };
        let (state, covariance) = position_update(&pred, &z, &r, &inv);
        let e = &mut self.estimate;
        e.state = state;
        e.covariance = covariance;
        e.time = m.time;
        e.last_update = m.time;
        e.hits += 1;
        self.hits += 1;
        self.misses = 0;
    }

    /// Where the estimate puts the object at `t` s, ECEF, m (position only).
    pub fn position_at(&self, settings: &FireControlSettings, t: f64) -> Ecef {
        self.predict(settings, t).position()
    }
}
