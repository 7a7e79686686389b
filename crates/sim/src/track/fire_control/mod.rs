//! The engagement radar as the fire-control radar: its track channels, keyed by the
//! battalion's tracks, the revisits they order, and the sector the radar looks in.
//!
//! # Channels
//!
//! The engagement radar holds up to `max_tracks` objects in track, each in a channel keyed
//! by one battalion track ([`Channel`]):
//!
//! - **acquisition**: a battalion track (tentative or confirmed — so a false alarm's track
//!   takes a channel too) whose predicted position lies inside the radar's field of regard
//!   (its sector, between the blind and the instrumented range, within the elevation
//!   limits) takes a free channel, confirmed tracks first, then the nearest; the battalion
//!   track is the cue: the channel's own estimate starts from it;
//! - **revisit**: every `revisit_period` the channel orders a [`Dwell`]: the beam pointed
//!   where *its own estimate* predicts (constant velocity, free fall for a ballistic
//!   body), with a range gate of `gate_sigmas` predicted σ. The radar looks there only
//!   (`Sensor::dwell`): a target off the beam centre is detected with its SNR cut by the
//!   beam's shape loss, one outside the beam or the gate not at all, so a revisit misses
//!   when the prediction is poor (a manoeuvre, a long coast);
//! - **update**: of the dwell's detections the channel takes the one nearest its prediction
//!   into its own Kalman filter ([`super::kalman`]), which never sees another radar's
//!   measurement;
//! - **plots**: the radar reports that detection, the revisit's plot, to the battalion's
//!   tracker; the other returns in the dwell's beam and range gate (a kill's other
//!   fragments, a neighbour, a false alarm) are not reported — a track dwell confirms a
//!   track, it does not search — so new objects reach the trackers only through the
//!   radars' search;
//! - **loss and release**: after `drop_after_misses` consecutive missed revisits — or a
//!   prediction outside the field of regard — the radar has lost the object and frees
//!   the channel; it takes the same battalion track again only once something else (its
//!   own search, the acquisition radar) has updated it since. A channel is also freed
//!   when its battalion track is dropped, or when the command post classes it debris
//!   ([`crate::decide::debris`]; the radar then never takes it again) — never because
//!   the truth changed.
//!
//! The radar *holds* a track while its channel has had a revisit detection and is not
//! lost: only then does the command post engage it, and only the held estimate guides a
//! missile (uplinks, TVM and semi-active homing). The acquisition radar alone guides
//! nothing.
//!
//! # Sector and slew
//!
//! The radar searches and tracks inside its [`Sector`]; the command post may turn it
//! ([`FireControl::slew_to`]) at the catalogue's slew rate, and while the antenna turns it
//! neither searches nor revisits (the channels wait, and those whose objects end up
//! outside the new sector are lost at their next revisits).
//!
//! Checked by `tests/fire_control.rs` (a channel follows its track; a manoeuvring target's
//! revisits miss more often than a straight one's; launches and guidance need the radar's
//! track) and the engine tests.

pub mod channel;
pub mod sector;
pub mod settings;

use iadsim_core::{Ecef, LocalFrame};
use nalgebra::Matrix3;

pub use channel::Channel;
pub use sector::{Sector, Slew};
pub use settings::FireControlSettings;

use super::kalman::enu_to_ecef;
use super::tracker::{Track, TrackStatus};
use crate::sense::dwell::Dwell;
use crate::sense::measurement::Measurement;

/// Why a channel was freed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// Its battalion track was dropped.
    TrackDropped,
    /// `drop_after_misses` revisits missed in a row.
    Lost,
    /// The object's predicted position left the field of regard (sector, range,
    /// elevation).
    OutOfField,
    /// The command post classed its battalion track debris.
    Debris,
}

impl Release {
    /// The reason as written in events.
    pub fn reason(self) -> &'static str {
        match self {
            Self::TrackDropped => "track dropped",
            Self::Lost => "lost: revisits missed",
            Self::OutOfField => "lost: outside the field of regard",
            Self::Debris => "classed debris by the command post",
        }
    }
}

/// A channel taken or freed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelChange {
    /// Time, s.
    pub time: f64,
    /// The battalion track.
    pub track: u64,
    /// `None`: taken; else why it was freed.
    pub released: Option<Release>,
    /// Revisits made and detections they got (at release).
    pub looks: u32,
    /// Revisit detections (at release).
    pub hits: u32,
}

/// One engagement radar's fire control (see the module notes).
#[derive(Debug, Clone)]
pub struct FireControl {
    settings: FireControlSettings,
    frame: LocalFrame,
    rot: Matrix3<f64>,
    sector: Sector,
    channels: Vec<Channel>,
    /// Battalion tracks the radar lost, with the time: not taken again until updated after.
    lost: Vec<(u64, f64)>,
    /// Battalion tracks the command post classed debris: never taken again.
    debris: Vec<u64>,
    /// Per dwell of the batch being made: its channel.
    batch: Vec<usize>,
}

impl FireControl {
    /// The fire control of a radar at `frame` with `settings`, looking in `sector`.
    pub fn new(frame: LocalFrame, settings: FireControlSettings, sector: Sector) -> Self {
        Self {
            settings,
            rot: enu_to_ecef(&frame),
            frame,
            sector,
            channels: Vec::new(),
            lost: Vec::new(),
            debris: Vec::new(),
            batch: Vec::new(),
        }
    }

    /// The settings.
    pub fn settings(&self) -> &FireControlSettings {
        &self.settings
    }

    /// The radar's frame.
    pub fn frame(&self) -> &LocalFrame {
        &self.frame
    }

    /// The sector.
    pub fn sector(&self) -> &Sector {
        &self.sector
    }

    /// The channels in use, in acquisition order.
    pub fn channels(&self) -> &[Channel] {
        &self.channels
    }

    /// The radar's held estimate of the object of battalion track `track`, if it holds it
    /// (see the module notes): what guides missiles at it.
    pub fn estimate(&self, track: u64) -> Option<&Track> {
        self.channels
            .iter()
            .find(|c| c.track == track && c.held())
            .map(|c| &c.estimate)
    }

    /// Whether the radar holds battalion track `track`.
    pub fn holds(&self, track: u64) -> bool {
        self.estimate(track).is_some()
    }

    /// Whether a beam can be pointed at `position` (ECEF, m) at `t` s: inside the sector
    /// and not turning, within range and the elevation limits.
    pub fn in_field_of_regard(&self, position: &Ecef, t: f64) -> bool {
        in_field(&self.settings, &self.sector, &self.frame, position, t)
    }

    /// Within range and covered by the sector (turning or not): where the radar can guide
    /// once it holds the object.
    pub fn covers(&self, position: &Ecef) -> bool {
        let p = self.frame.polar_of(position);
        p.range >= self.settings.min_range
            && p.range <= self.settings.max_range
            && self.sector.covers(p.azimuth)
    }

    /// Starts turning the sector at `now` s to centre `to` (rad): see [`Sector::slew_to`].
    pub fn slew_to(&mut self, to: f64, now: f64) -> Option<Slew> {
        let slew = self.sector.slew_to(to, now)?;
        // The channels wait for the end of the turn.
        for c in &mut self.channels {
            c.next_look = c.next_look.max(slew.end);
        }
        Some(slew)
    }

    /// The command post's cue at `now` s: when the radar holds nothing and is not
    /// turning, the nearest confirmed battalion track (the acquisition radar's or the
    /// radar's own) within the radar's range and elevation limits but outside its sector
    /// turns the sector to cover it, a tenth of the width inside the edge (the least
    /// turn; see [`Sector::centre_to_cover`]). Returns the cueing track and the slew started,
    /// if any.
    pub fn cue(&mut self, tracks: &[Track], now: f64) -> Option<(u64, Slew)> {
        if self.sector.slewing(now) || self.channels.iter().any(Channel::held) {
            return None;
        }
        let s = &self.settings;
        let target = tracks
            .iter()
            .filter(|t| t.status == TrackStatus::Confirmed && !self.debris.contains(&t.id))
            .filter_map(|t| {
                let q = self.frame.polar_of(&t.extrapolate(now).0);
                let reachable = q.range >= s.min_range
                    && q.range <= s.max_range
                    && q.elevation >= s.min_elevation
                    && q.elevation <= s.max_elevation;
                (reachable && !self.sector.covers(q.azimuth)).then_some((q.range, t.id, q))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))?;
        let centre = self
            .sector
            .centre_to_cover(target.2.azimuth, 0.1 * self.sector.width);
        self.slew_to(centre, now).map(|slew| (target.1, slew))
    }

    /// At `now` s (a step's start): frees the channels of battalion tracks no longer in
    /// `tracks`, and gives free channels to the tracks the radar can look at (module
    /// notes). Changes are appended to `changes`.
    pub fn follow(&mut self, tracks: &[Track], now: f64, changes: &mut Vec<ChannelChange>) {
        let present = |id: u64| tracks.iter().any(|t| t.id == id);
        for c in &self.channels {
            if !present(c.track) {
                changes.push(release(c, now, Release::TrackDropped));
            }
        }
        self.channels.retain(|c| present(c.track));
        self.lost.retain(|&(id, _)| present(id));
        self.debris.retain(|&id| present(id));
        if self.channels.len() >= self.settings.channels || self.sector.slewing(now) {
            return;
        }
        let mut candidates: Vec<(bool, f64, u64, usize)> = tracks
            .iter()
            .enumerate()
            .filter(|(_, t)| self.may_take(t))
            .filter_map(|(i, t)| {
                let p = t.extrapolate(now).0;
                self.in_field_of_regard(&p, now).then(|| {
                    let range = p.distance(&self.frame.origin_ecef);
                    (t.status != TrackStatus::Confirmed, range, t.id, i)
                })
            })
            .collect();
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
        let free = self.settings.channels - self.channels.len();
        for &(_, _, id, i) in candidates.iter().take(free) {
            self.lost.retain(|&(t, _)| t != id);
            self.channels.push(Channel::new(&tracks[i]));
            changes.push(ChannelChange {
                time: now,
                track: id,
                released: None,
                looks: 0,
                hits: 0,
            });
        }
    }

    /// The command post classed battalion track `track` debris at `now` s: the radar
    /// stops revisiting it (its channel, if any, is freed: returned) and never takes it
    /// again.
    pub fn classed_debris(&mut self, track: u64, now: f64) -> Option<ChannelChange> {
        if !self.debris.contains(&track) {
            self.debris.push(track);
        }
        let k = self.channels.iter().position(|c| c.track == track)?;
        let c = self.channels.remove(k);
        Some(release(&c, now, Release::Debris))
    }

    /// Whether `track` may take a channel: it has none, the command post has not classed
    /// it debris, and the radar did not lose it since its last update.
    fn may_take(&self, track: &Track) -> bool {
        !self.channels.iter().any(|c| c.track == track.id)
            && !self.debris.contains(&track.id)
            && !self
                .lost
                .iter()
                .any(|&(id, at)| id == track.id && track.last_update <= at)
    }

    /// The revisits due in (`t0`, `t1`] s, one per channel at most (call again after
    /// [`FireControl::returns`] for the next ones): appended to `dwells` (cleared first).
    /// A channel whose object is predicted outside the field of regard cannot look and
    /// misses. Returns whether any dwell is due.
    pub fn dwells(&mut self, t0: f64, t1: f64, dwells: &mut Vec<Dwell>) -> bool {
        dwells.clear();
        self.batch.clear();
        let period = self.settings.revisit_period;
        for (i, c) in self.channels.iter_mut().enumerate() {
            if c.next_look > t1 {
                continue;
            }
            let t = if c.next_look <= t0 { t1 } else { c.next_look };
            c.next_look = t + period;
            c.looks += 1;
            let p = c.position_at(&self.settings, t);
            if !in_field(&self.settings, &self.sector, &self.frame, &p, t) {
                c.misses += 1;
                continue;
            }
            dwells.push(c.dwell(&self.settings, &self.frame, t));
            self.batch.push(i);
        }
        !dwells.is_empty() || self.channels.iter().any(|c| c.next_look <= t1)
    }

    /// Takes the detections of the dwells [`FireControl::dwells`] gave: `returns[k]`
    /// answered dwell `answered[k]`. Each channel takes the return nearest its prediction,
    /// or counts a miss; channels that lost their object are freed (`changes`). The
    /// indices of the returns taken (the revisits' plots) are appended to `taken`, in
    /// increasing order.
    pub fn returns(
        &mut self,
        t1: f64,
        returns: &[Measurement],
        answered: &[usize],
        changes: &mut Vec<ChannelChange>,
        taken: &mut Vec<usize>,
    ) {
        let first = taken.len();
        for (d, &i) in self.batch.iter().enumerate() {
            let c = &mut self.channels[i];
            let mine = returns
                .iter()
                .enumerate()
                .zip(answered)
                .filter(|&(_, &a)| a == d)
                .map(|(m, _)| m);
            match c.nearest(&self.settings, &self.frame, &self.rot, mine) {
                Some((k, m)) => {
                    c.update(&self.settings, &self.frame, &self.rot, m);
                    taken.push(k);
                }
                None => c.misses += 1,
            }
        }
        taken[first..].sort_unstable();
        taken.dedup();
        self.batch.clear();
        let drop = self.settings.drop_after_misses;
        let (settings, sector, frame) = (&self.settings, &self.sector, &self.frame);
        let mut kept = Vec::with_capacity(self.channels.len());
        for c in self.channels.drain(..) {
            if c.misses < drop {
                kept.push(c);
                continue;
            }
            let p = c.position_at(settings, t1);
            let why = if in_field(settings, sector, frame, &p, t1) || sector.slewing(t1) {
                Release::Lost
            } else {
                Release::OutOfField
            };
            changes.push(release(&c, t1, why));
            self.lost.push((c.track, t1));
        }
        self.channels = kept;
    }
}

/// Whether `p` is in the field of regard of a radar at `frame` with `settings` and
/// `sector` at `t` s.
fn in_field(
    settings: &FireControlSettings,
    sector: &Sector,
    frame: &LocalFrame,
    p: &Ecef,
    t: f64,
) -> bool {
    let q = frame.polar_of(p);
    q.range >= settings.min_range
        && q.range <= settings.max_range
        && q.elevation >= settings.min_elevation
        && q.elevation <= settings.max_elevation
        && sector.sees(q.azimuth, t)
}

fn release(c: &Channel, time: f64, why: Release) -> ChannelChange {
    ChannelChange {
        time,
        track: c.track,
        released: Some(why),
        looks: c.looks,
        hits: c.hits,
    }
}
