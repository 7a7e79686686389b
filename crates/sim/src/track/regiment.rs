//! The regiment command post's picture: measurement-level fusion of every battalion's
//! radars ([`RegimentPicture`]).
//!
//! # Model
//!
//! - **One tracker for the regiment**: the same IMM / GNN tracker as a battalion's
//!   ([`crate::track_library`], same settings), fed with the measurement reports of every
//!   radar of every battalion, each radar registered at its own site and axes; the frame
//!   is East-North-Up at the regiment command post. A target seen by both battalions is
//!   one regiment track updated by the detections of all four radars.
//! - **Reports**: a battalion sends each look of one of its radars (the detections of one
//!   instant, or of one pass of the acquisition beam, grouped as the battalion tracker
//!   groups them) as one [`Report`], with the id of the battalion track each detection
//!   updated, once its own tracker has processed it: at the end of the engine step. It
//!   reaches the command post [`RegimentSettings::link_latency`] later.
//! - **Time order** ([`iadsim_track::LagBuffer`]): the command post holds arriving reports
//!   for a lag window ([`RegimentSettings::lag_window`]) and fuses, at each engine step end
//!   `now`, every report of time ≤ `now − lag_window` in time order (ties by battalion,
//!   then radar, so the order never depends on arrival order). The default window is the
//!   link latency plus one engine step, the oldest a report can be when it arrives, so in
//!   the engine no report is ever late; the regiment picture runs `lag_window` behind the
//!   battalions'.
//! - **Late reports** (older than reports already fused): **rejected and counted**
//!   ([`RegimentPicture::rejected`]), not used: no retrodiction, no out-of-sequence update.
//! - **Misses**: at each fusion the interval since the last one is closed by one look per
//!   acquisition radar, as in a battalion (a track is charged a miss by a radar whose
//!   search beam passed it in the interval when no report updated it then).
//! - **Battalion track ↔ regiment track**: a detection is one radar report; a battalion
//!   track and a regiment track updated by the same detection hold the same object. Each
//!   fused detection that a battalion track was updated with relates that battalion track
//!   to the regiment track the detection updated (the latest such detection wins). Truth
//!   is never read. A battalion track none of whose detections has been fused yet is not
//!   related to any regiment track ([`RegimentPicture::related`] is `None`).

use std::collections::BTreeMap;

use iadsim_core::{Ecef, Geodetic};
use iadsim_track::{LagBuffer, Timed};

use super::picture::{LibraryTrackerSettings, Picture, batches};
use super::tracker::{Track, TrackChanges};
use crate::sense::geometry::RadarGeometry;
use crate::sense::measurement::Measurement;

/// Data-link latency from a battalion command post to the regiment command post, s \[P\]:
/// no sourced value (docs/sources.md and the catalogue give none); a placeholder of the order
/// of a tactical data link's message delay.
pub const LINK_LATENCY: f64 = 0.5;

/// Settings of the regiment command post's picture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegimentSettings {
    /// Delay from the end of the engine step in which a battalion made a report to its
    /// arrival at the regiment command post, s (default [`LINK_LATENCY`]).
    pub link_latency: f64,
    /// Lag window: reports are fused once the command post's clock is this far past their
    /// time, s. Reports delayed by less are fused in their place; older ones arriving after
    /// newer ones were fused are rejected and counted.
    pub lag_window: f64,
    /// The tracker's settings (those of a battalion).
    pub tracker: LibraryTrackerSettings,
}

impl RegimentSettings {
    /// Defaults for radars whose slowest revisits every `longest_scan` s and an engine
    /// step of `time_step` s: latency [`LINK_LATENCY`], lag window latency + one step (a
    /// report leaves its battalion at the end of the step it was made in).
    pub fn new(longest_scan: f64, time_step: f64) -> Self {
        Self {
            link_latency: LINK_LATENCY,
            lag_window: LINK_LATENCY + time_step.max(0.0),
            tracker: LibraryTrackerSettings::for_revisit(longest_scan),
        }
    }
}

/// One look of one battalion radar, as sent to the regiment command post.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Time of the look (the latest detection of the group), s.
    pub time: f64,
    /// Battalion index.
    pub battalion: usize,
    /// Radar of the battalion: 0 acquisition, 1 engagement.
    pub radar: usize,
    /// The detections, in the radar's polar frame.
    pub measurements: Vec<Measurement>,
    /// Per detection: the battalion track it updated, if any.
    pub battalion_tracks: Vec<Option<u64>>,
}

/// A report held in the lag buffer.
#[derive(Debug, Clone)]
struct Held {
    report: Report,
    /// Tie-break among reports of equal time: the radar's index in the picture.
    order: u64,
}

impl Timed for Held {
    fn time(&self) -> f64 {
        self.report.time
    }
    fn order(&self) -> u64 {
        self.order
    }
}

/// The regiment command post's fused picture (see the module documentation).
pub struct RegimentPicture {
    settings: RegimentSettings,
    picture: Picture,
    /// Picture radar index of (battalion, radar).
    radars: Vec<Vec<usize>>,
    /// (battalion, radar) of each picture radar.
    sites: Vec<(usize, usize)>,
    in_transit: Vec<(f64, Held)>,
    buffer: LagBuffer<Held>,
    /// The command post's clock at the last fusion minus the lag window, s.
    fused_until: f64,
    late: u64,
    fused_reports: u64,
    relation: BTreeMap<(usize, u64), u64>,
    updated: Vec<(usize, u64)>,
}

impl std::fmt::Debug for RegimentPicture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegimentPicture")
            .field("tracks", &self.picture.tracks().len())
            .field("in_transit", &self.in_transit.len())
            .field("rejected", &self.rejected())
            .finish()
    }
}

impl RegimentPicture {
    /// The picture of a regiment whose command post is at `origin` and whose battalions
    /// have `battalions[b]` radars (0 acquisition, then engagement radars).
    pub fn new(
        settings: RegimentSettings,
        origin: Geodetic,
        battalions: &[&[RadarGeometry]],
    ) -> Self {
        let mut sites = Vec::new();
        let mut list: Vec<(&RadarGeometry, bool)> = Vec::new();
        let radars = battalions
            .iter()
            .enumerate()
            .map(|(b, rs)| {
                rs.iter()
                    .enumerate()
                    .map(|(r, radar)| {
                        sites.push((b, r));
                        list.push((radar, r == 0));
                        list.len() - 1
                    })
                    .collect()
            })
            .collect();
        Self {
            picture: Picture::new(settings.tracker, origin, &list),
            settings,
            radars,
            sites,
            in_transit: Vec::new(),
            buffer: LagBuffer::new(settings.lag_window),
            fused_until: f64::NEG_INFINITY,
            late: 0,
            fused_reports: 0,
            relation: BTreeMap::new(),
            updated: Vec::new(),
        }
    }

    /// The settings.
    pub fn settings(&self) -> &RegimentSettings {
        &self.settings
    }

    /// A battalion's step: its `measurements` (time-ordered, as given to its tracker) and
    /// which of them updated which of its tracks (`(index, track id)`,
    /// [`crate::tracking::Tracker::report_updates`]), processed by the battalion at `sent`
    /// s: its [`RegimentPicture::reports`], arriving at `sent` + the link latency.
    pub fn send(
        &mut self,
        battalion: usize,
        measurements: &[Measurement],
        updates: &[(usize, u64)],
        sent: f64,
    ) {
        let arrival = sent + self.settings.link_latency;
        for report in self.reports(battalion, measurements, updates) {
            self.deliver(report, arrival);
        }
    }

    /// A battalion's step as reports, one per radar look (the detections of one instant,
    /// or of one pass of the acquisition beam, as its tracker groups them), each detection
    /// with the battalion track it updated (from `updates`, `(index into measurements,
    /// track id)`).
    pub fn reports(
        &self,
        battalion: usize,
        measurements: &[Measurement],
        updates: &[(usize, u64)],
    ) -> Vec<Report> {
        let window = self.settings.tracker.acquisition_batch_window;
        let mut track_of: Vec<Option<u64>> = vec![None; measurements.len()];
        for &(k, id) in updates {
            if let Some(slot) = track_of.get_mut(k) {
                *slot = Some(id);
            }
        }
        batches(measurements, window)
            .into_iter()
            .map(|(time, radar, members)| Report {
                time,
                battalion,
                radar,
                measurements: members.iter().map(|&i| measurements[i]).collect(),
                battalion_tracks: members.iter().map(|&i| track_of[i]).collect(),
            })
            .collect()
    }

    /// Puts `report` on the link, to arrive at `arrival` s (any order; the lag window
    /// sorts them).
    pub fn deliver(&mut self, report: Report, arrival: f64) {
        let order = self
            .radars
            .get(report.battalion)
            .and_then(|rs| rs.get(report.radar))
            .map_or(u64::MAX, |&k| k as u64);
        self.in_transit.push((arrival, Held { report, order }));
    }

    /// The command post's clock reaches `now` s: reports arrived by then enter the lag
    /// buffer (in arrival order), every report of time ≤ `now` − lag window is fused in
    /// time order, and the interval since the last fusion is closed by the acquisition
    /// radars' looks (`searched(battalion, radar, t0, t1, position)`, see
    /// [`RadarGeometry::searched`]). Returns the confirmed and lost regiment tracks.
    pub fn update(
        &mut self,
        now: f64,
        searched: &dyn Fn(usize, usize, f64, f64, &Ecef) -> bool,
    ) -> TrackChanges {
        let (mut arrived, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.in_transit)
            .into_iter()
            .partition(|(arrival, _)| *arrival <= now);
        self.in_transit = waiting;
        arrived.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (_, held) in arrived {
            if !self.buffer.push(held) {
                self.late += 1;
            }
        }
        let cut = now - self.settings.lag_window;
        for held in self.buffer.release(now) {
            let r = held.report;
            let Some(&sensor) = self.radars.get(r.battalion).and_then(|rs| rs.get(r.radar)) else {
                self.late += 1;
                continue;
            };
            self.updated.clear();
            if !self
                .picture
                .fuse(r.time, sensor, &r.measurements, &mut self.updated)
            {
                // Older than the picture (it closed the interval already): late.
                self.late += 1;
                continue;
            }
            self.fused_reports += 1;
            for &(j, regiment_track) in &self.updated {
                if let Some(Some(bt)) = r.battalion_tracks.get(j) {
                    self.relation.insert((r.battalion, *bt), regiment_track);
                }
            }
        }
        if cut > self.fused_until {
            let sites = &self.sites;
            self.picture
                .charge_misses(self.fused_until, cut, &|s, a, b, p| {
                    sites.get(s).is_none_or(|&(bn, r)| searched(bn, r, a, b, p))
                });
            self.fused_until = cut;
        }
        self.picture.refresh()
    }

    /// Every live regiment track (tentative and confirmed).
    pub fn tracks(&self) -> &[Track] {
        self.picture.tracks()
    }

    /// A live regiment track by id.
    pub fn track(&self, id: u64) -> Option<&Track> {
        // In creation order, ids ascending (see `Picture::tracks`).
        let tracks = self.tracks();
        tracks
            .binary_search_by_key(&id, |t| t.id)
            .ok()
            .map(|i| &tracks[i])
    }

    /// The live regiment track that battalion `battalion`'s track `track` is related to
    /// (the latest fused detection they share), if any.
    pub fn related(&self, battalion: usize, track: u64) -> Option<u64> {
        let id = *self.relation.get(&(battalion, track))?;
        self.track(id).map(|t| t.id)
    }

    /// Forgets the relations of battalion `battalion`'s tracks not in `live`, and those
    /// to regiment tracks no longer live.
    pub fn retain_battalion(&mut self, battalion: usize, live: &[Track]) {
        let mut live: Vec<u64> = live.iter().map(|t| t.id).collect();
        live.sort_unstable();
        let mut regiment: Vec<u64> = self.picture.tracks().iter().map(|t| t.id).collect();
        regiment.sort_unstable();
        self.relation.retain(|&(b, id), rid| {
            (b != battalion || live.binary_search(&id).is_ok())
                && regiment.binary_search(rid).is_ok()
        });
    }

    /// Reports rejected as late (older than reports already fused), and reports naming a
    /// radar the picture does not have.
    pub fn rejected(&self) -> u64 {
        self.late
    }

    /// Reports fused.
    pub fn fused(&self) -> u64 {
        self.fused_reports
    }

    /// Reports on the link or in the lag buffer, not yet fused.
    pub fn pending(&self) -> usize {
        self.in_transit.len() + self.buffer.pending()
    }
}
