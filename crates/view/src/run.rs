//! A run folder as the viewer's JSON document.
//!
//! Sources, all optional but the first two: `summary.json` (passed through whole, so a
//! `leak_causes` section reaches the page as written), `events.jsonl` (detections, tracks,
//! engagements, launches, intercepts, kills, leaks), `replay.czml` (true paths of threats
//! and interceptors with their sample times), `replay.geojson` (sites, assets, coverage and
//! engagement zones) and `coverage.geojson` (`iadsim coverage`, when the run has none).
//!
//! Positions are `[t s, lon °, lat °, height m]` flattened into one array per mover
//! (`path`), rounded to 1e-6° (≈ 0.1 m), 0.1 m and 1 ms; tracks add `σ m` per report
//! (`[t, lon, lat, h, σ]`).

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::{ViewError, read_json};

/// A track is taken to follow the threat nearest to it within this distance (m) in most
/// of its sampled reports: the OSPA cut-off the summary's track accuracy uses.
pub const TRACK_ASSOCIATION_GATE_M: f64 = 5_000.0;

/// Reports of a track sampled for the association (evenly spaced over its life).
const TRACK_ASSOCIATION_SAMPLES: usize = 16;

/// Detections of one threat by one radar further apart than this (s) start a new span.
pub const DETECTION_SPAN_GAP_S: f64 = 30.0;

/// Bins of the per-radar detection histogram.
const RADAR_BINS: usize = 120;

#[derive(Deserialize, Default)]
struct State {
    position: [f64; 3],
    #[serde(default)]
    sigma_position: f64,
}

#[derive(Deserialize)]
struct Named {
    name: String,
    #[serde(default)]
    type_name: String,
}

/// The fields of every event kind the viewer reads; the others are ignored.
#[derive(Deserialize)]
struct Ev {
    time: f64,
    event: String,
    battalion: Option<usize>,
    threat: Option<usize>,
    track: Option<u64>,
    radar: Option<usize>,
    interceptor: Option<usize>,
    launcher: Option<usize>,
    launchers: Option<Vec<usize>>,
    missile: Option<String>,
    state: Option<State>,
    miss_distance: Option<f64>,
    killed: Option<bool>,
    reason: Option<String>,
    assessed_killed: Option<bool>,
    assessed_class: Option<String>,
    predicted_intercept_time: Option<f64>,
    asset: Option<usize>,
    class: Option<String>,
    range: Option<f64>,
    regiment_track: Option<u64>,
    scenario: Option<String>,
    seed: Option<u64>,
    replication: Option<u64>,
    threats: Option<Vec<Named>>,
    battalions: Option<Vec<Named>>,
    assets: Option<Vec<Named>>,
}

fn r(x: f64, scale: f64) -> f64 {
    (x * scale).round() / scale
}

/// A track's key: `b<battalion>:<id>` for a battalion's picture, `r:<id>` for the
/// regiment command post's.
fn track_key(battalion: Option<usize>, track: u64) -> String {
    match battalion {
        Some(b) => format!("b{b}:{track}"),
        None => format!("r:{track}"),
    }
}

#[derive(Default)]
struct Track {
    battalion: Option<usize>,
    id: u64,
    start: f64,
    end: Option<f64>,
    lost: bool,
    samples: Vec<[f64; 5]>,
    regiment_track: Option<u64>,
}

#[derive(Default)]
struct Interceptor {
    battalion: usize,
    launcher: usize,
    missile: String,
    track: Option<String>,
    launch: f64,
    end: Option<f64>,
    ending: String,
    threat: Option<usize>,
    miss_distance: Option<f64>,
    killed: bool,
}

/// Detection spans of one threat: (battalion, radar) → `[t0, t1, looks, range at t0]`.
type Spans = BTreeMap<(usize, usize), Vec<[f64; 4]>>;

/// Everything read from `events.jsonl`.
#[derive(Default)]
struct Log {
    scenario: String,
    seed: Option<u64>,
    replication: Option<u64>,
    duration: f64,
    threat_names: Vec<(String, String)>,
    battalions: Vec<String>,
    assets: Vec<String>,
    classes: BTreeMap<usize, String>,
    launches: BTreeMap<usize, f64>,
    /// Per threat: (battalion, radar) → spans `[t0, t1, n, range at t0]`.
    detections: BTreeMap<usize, Spans>,
    /// Per (battalion, radar): detection times of threats.
    radar_times: BTreeMap<(usize, usize), Vec<f64>>,
    false_alarms: BTreeMap<(usize, usize), u64>,
    tracks: BTreeMap<String, Track>,
    interceptors: Vec<Interceptor>,
    engagements: Vec<Value>,
    assessments: Vec<Value>,
    kills: Vec<Value>,
    leaks: Vec<Value>,
    asset_hits: Vec<Value>,
}

fn need<T>(v: Option<T>, path: &Path, line: usize, what: &str) -> Result<T, ViewError> {
    v.ok_or_else(|| ViewError::format(path, line, format!("event without `{what}`")))
}

impl Log {
    fn read(path: &Path) -> Result<Self, ViewError> {
        let file = iadsim_io::event_log::open(path).map_err(|e| ViewError::io(path, e))?;
        let mut log = Log::default();
        for (i, line) in file.lines().enumerate() {
            let line = line.map_err(|e| ViewError::io(path, e))?;
            if line.trim().is_empty() {
                continue;
            }
            let ev: Ev = serde_json::from_str(&line)
                .map_err(|e| ViewError::format(path, i + 1, e.to_string()))?;
            log.add(ev, path, i + 1)?;
        }
        Ok(log)
    }

    fn add(&mut self, ev: Ev, path: &Path, line: usize) -> Result<(), ViewError> {
        let t = ev.time;
        self.duration = self.duration.max(t);
        match ev.event.as_str() {
            "scenario_start" => {
                self.scenario = ev.scenario.unwrap_or_default();
                self.seed = ev.seed;
                self.replication = ev.replication;
                self.threat_names = ev
                    .threats
                    .unwrap_or_default()
                    .into_iter()
                    .map(|n| (n.name, n.type_name))
                    .collect();
                self.battalions = names(ev.battalions);
                self.assets = names(ev.assets);
            }
            "threat_launch" => {
                let k = need(ev.threat, path, line, "threat")?;
                self.classes.insert(k, ev.class.unwrap_or_default());
                self.launches.insert(k, t);
            }
            "detection" => self.detection(&ev, path, line)?,
            "track_start" | "track_report" | "track_loss" => self.track(ev, path, line)?,
            "engagement_planned" => {
                let b = need(ev.battalion, path, line, "battalion")?;
                let track = need(ev.track, path, line, "track")?;
                self.engagements.push(json!({
                    "t": r(t, 1e3), "battalion": b, "track": track_key(Some(b), track),
                    "missile": ev.missile, "rounds": ev.launchers.map_or(0, |l| l.len()),
                    "assessed_class": ev.assessed_class,
                    "predicted_intercept_time": ev.predicted_intercept_time.map(|x| r(x, 1e3)),
                }));
            }
            "launch" | "intercept" | "interceptor_lost" => {
                self.interceptor_event(ev, path, line)?
            }
            "kill_assessment" => {
                let b = need(ev.battalion, path, line, "battalion")?;
                let track = need(ev.track, path, line, "track")?;
                self.assessments.push(json!({
                    "t": r(t, 1e3), "battalion": b, "track": track_key(Some(b), track),
                    "assessed_killed": ev.assessed_killed,
                }));
            }
            "kill" => self.kills.push(json!({
                "t": r(t, 1e3), "threat": need(ev.threat, path, line, "threat")?,
                "interceptor": ev.interceptor,
            })),
            "leak" => self.leaks.push(json!({
                "t": r(t, 1e3), "threat": need(ev.threat, path, line, "threat")?,
            })),
            "asset_hit" => self.asset_hits.push(json!({
                "t": r(t, 1e3), "threat": ev.threat, "asset": ev.asset,
            })),
            _ => {}
        }
        Ok(())
    }

    fn interceptor_event(&mut self, ev: Ev, path: &Path, line: usize) -> Result<(), ViewError> {
        let t = ev.time;
        match ev.event.as_str() {
            "launch" => {
                let id = need(ev.interceptor, path, line, "interceptor")?;
                let b = need(ev.battalion, path, line, "battalion")?;
                if self.interceptors.len() <= id {
                    self.interceptors.resize_with(id + 1, Interceptor::default);
                }
                let m = &mut self.interceptors[id];
                m.battalion = b;
                m.launcher = need(ev.launcher, path, line, "launcher")?;
                m.missile = ev.missile.unwrap_or_default();
                m.track = ev.track.map(|k| track_key(Some(b), k));
                m.launch = t;
                m.ending = "flying".into();
            }
            "intercept" => {
                let m = self.interceptor(ev.interceptor, path, line)?;
                m.end = Some(t);
                m.threat = ev.threat;
                m.miss_distance = ev.miss_distance;
                m.killed = ev.killed.unwrap_or(false);
                m.ending = if m.killed {
                    "detonated_kill"
                } else {
                    "detonated_no_kill"
                }
                .into();
            }
            "interceptor_lost" => {
                let m = self.interceptor(ev.interceptor, path, line)?;
                m.end = Some(t);
                m.ending = format!("lost: {}", ev.reason.unwrap_or_default());
            }
            _ => {}
        }
        Ok(())
    }

    fn interceptor(
        &mut self,
        id: Option<usize>,
        path: &Path,
        line: usize,
    ) -> Result<&mut Interceptor, ViewError> {
        let id = need(id, path, line, "interceptor")?;
        self.interceptors.get_mut(id).ok_or_else(|| {
            ViewError::format(path, line, format!("interceptor {id} before its launch"))
        })
    }

    fn detection(&mut self, ev: &Ev, path: &Path, line: usize) -> Result<(), ViewError> {
        let key = (
            need(ev.battalion, path, line, "battalion")?,
            need(ev.radar, path, line, "radar")?,
        );
        let Some(k) = ev.threat else {
            *self.false_alarms.entry(key).or_default() += 1;
            return Ok(());
        };
        self.radar_times.entry(key).or_default().push(ev.time);
        let spans = self
            .detections
            .entry(k)
            .or_default()
            .entry(key)
            .or_default();
        match spans.last_mut() {
            Some(s) if ev.time - s[1] <= DETECTION_SPAN_GAP_S => {
                s[1] = ev.time;
                s[2] += 1.0;
            }
            _ => spans.push([ev.time, ev.time, 1.0, ev.range.unwrap_or(f64::NAN)]),
        }
        Ok(())
    }

    fn track(&mut self, ev: Ev, path: &Path, line: usize) -> Result<(), ViewError> {
        let id = need(ev.track, path, line, "track")?;
        let state = need(ev.state, path, line, "state")?;
        let key = track_key(ev.battalion, id);
        let tr = self.tracks.entry(key).or_insert_with(|| Track {
            battalion: ev.battalion,
            id,
            start: ev.time,
            ..Track::default()
        });
        let [lat, lon, h] = state.position;
        tr.samples
            .push([ev.time, lon, lat, h, state.sigma_position]);
        if ev.regiment_track.is_some() {
            tr.regiment_track = ev.regiment_track;
        }
        if ev.event == "track_loss" {
            tr.end = Some(ev.time);
            tr.lost = true;
        }
        Ok(())
    }
}

fn names(list: Option<Vec<Named>>) -> Vec<String> {
    list.unwrap_or_default()
        .into_iter()
        .map(|n| n.name)
        .collect()
}

/// A true path: samples `[t, lon, lat, h]` in time order.
type Path4 = Vec<[f64; 4]>;

/// True paths by index.
type Paths = BTreeMap<usize, Path4>;

/// Reads `threat/k` and `interceptor/k` paths from `replay.czml` (times are seconds from
/// the packet's epoch, which the replay writer puts at scenario start).
fn read_czml(path: &Path) -> Result<(Paths, Paths), ViewError> {
    let doc = read_json(path)?;
    let packets = doc
        .as_array()
        .ok_or_else(|| ViewError::format(path, 0, "a CZML document is a JSON array"))?;
    let (mut threats, mut interceptors) = (BTreeMap::new(), BTreeMap::new());
    for p in packets {
        let Some(id) = p.get("id").and_then(Value::as_str) else {
            continue;
        };
        let (map, index) = if let Some(k) = id.strip_prefix("threat/") {
            (&mut threats, k)
        } else if let Some(k) = id.strip_prefix("interceptor/") {
            (&mut interceptors, k)
        } else {
            continue;
        };
        let Ok(index) = index.parse::<usize>() else {
            continue;
        };
        let Some(c) = p
            .pointer("/position/cartographicDegrees")
            .and_then(Value::as_array)
        else {
            continue;
        };
        let nums: Vec<f64> = c.iter().filter_map(Value::as_f64).collect();
        if nums.len() != c.len() || !nums.len().is_multiple_of(4) {
            return Err(ViewError::format(
                path,
                0,
                format!("packet {id}: cartographicDegrees is not [t, lon, lat, h, …]"),
            ));
        }
        map.insert(
            index,
            nums.chunks_exact(4)
                .map(|s| [s[0], s[1], s[2], s[3]])
                .collect(),
        );
    }
    Ok((threats, interceptors))
}

/// Position on `path` at `t` (linear between samples, as the CZML declares); `None`
/// outside its time span.
pub fn position_at(path: &[[f64; 4]], t: f64) -> Option<[f64; 3]> {
    let first = path.first()?;
    let last = path.last()?;
    if t < first[0] || t > last[0] {
        return None;
    }
    let i = path.partition_point(|s| s[0] <= t);
    if i == 0 || i >= path.len() {
        let s = if i == 0 { first } else { last };
        return Some([s[1], s[2], s[3]]);
    }
    let (a, b) = (path[i - 1], path[i]);
    let f = if b[0] > a[0] {
        (t - a[0]) / (b[0] - a[0])
    } else {
        0.0
    };
    Some([
        a[1] + f * (b[1] - a[1]),
        a[2] + f * (b[2] - a[2]),
        a[3] + f * (b[3] - a[3]),
    ])
}

/// Approximate distance (m) between two [lon, lat, h] points a few hundred km apart at
/// most: local flat Earth of mean radius, enough to pick the nearest threat to a track.
fn distance_m(a: [f64; 3], b: [f64; 3]) -> f64 {
    const R: f64 = 6_371_000.0;
    let lat = ((a[1] + b[1]) / 2.0).to_radians();
    let dx = (b[0] - a[0]).to_radians() * lat.cos() * R;
    let dy = (b[1] - a[1]).to_radians() * R;
    let dz = b[2] - a[2];
    (dx * dx + dy * dy + dz * dz).sqrt()
}

/// Width of the time buckets of [`TruthIndex`], s.
const BUCKET_S: f64 = 20.0;

/// Where each threat can be in each time bucket (a latitude/longitude box around its
/// samples in the bucket, grown by the gate), so a track report is compared only with the
/// threats that could be within the gate of it. 1,000 threats × 8,000 tracks took minutes
/// without it.
struct TruthIndex<'a> {
    truth: &'a Paths,
    /// bucket → (threat, [lon min, lon max, lat min, lat max]).
    buckets: BTreeMap<i64, Vec<(usize, [f64; 4])>>,
}

impl<'a> TruthIndex<'a> {
    fn new(truth: &'a Paths) -> Self {
        // Degrees of latitude / longitude the gate spans (longitude at up to 80° latitude).
        // 110 km a degree: under every length of a degree of latitude, so the box is never short.
        let dlat = TRACK_ASSOCIATION_GATE_M / 110_000.0;
        let dlon = dlat / 80f64.to_radians().cos();
        let mut buckets: BTreeMap<i64, Vec<(usize, [f64; 4])>> = BTreeMap::new();
        for (k, path) in truth {
            let mut boxes: BTreeMap<i64, [f64; 4]> = BTreeMap::new();
            let segments: Vec<&[[f64; 4]]> = if path.len() == 1 {
                vec![&path[..]]
            } else {
                path.windows(2).collect()
            };
            for w in segments {
                let (lo, hi) = (w[0][0], w[w.len() - 1][0]);
                for b in (lo / BUCKET_S).floor() as i64..=(hi / BUCKET_S).floor() as i64 {
                    let e = boxes
                        .entry(b)
                        .or_insert([f64::MAX, f64::MIN, f64::MAX, f64::MIN]);
                    for s in w {
                        e[0] = e[0].min(s[1] - dlon);
                        e[1] = e[1].max(s[1] + dlon);
                        e[2] = e[2].min(s[2] - dlat);
                        e[3] = e[3].max(s[2] + dlat);
                    }
                }
            }
            for (b, bx) in boxes {
                buckets.entry(b).or_default().push((*k, bx));
            }
        }
        Self { truth, buckets }
    }

    /// The threat nearest to `here` ([lon, lat, h]) at `t` within the gate.
    fn nearest(&self, t: f64, here: [f64; 3]) -> Option<usize> {
        let list = self.buckets.get(&((t / BUCKET_S).floor() as i64))?;
        list.iter()
            .filter(|(_, b)| {
                here[0] >= b[0] && here[0] <= b[1] && here[1] >= b[2] && here[1] <= b[3]
            })
            .filter_map(|(k, _)| position_at(&self.truth[k], t).map(|q| (*k, distance_m(here, q))))
            .filter(|(_, d)| *d <= TRACK_ASSOCIATION_GATE_M)
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
            .map(|(k, _)| k)
    }
}

/// The threat a track follows: the one nearest it (within the gate) in most of its sampled
/// reports; ties go to the lower index. Truth is used here only, after the run.
fn associate(track: &Track, index: &TruthIndex) -> Option<usize> {
    let n = track.samples.len();
    let step = n.div_ceil(TRACK_ASSOCIATION_SAMPLES).max(1);
    let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
    for s in track.samples.iter().step_by(step) {
        if let Some(k) = index.nearest(s[0], [s[1], s[2], s[3]]) {
            *votes.entry(k).or_default() += 1;
        }
    }
    votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k)
}

/// A true path's samples are thinned to those a linear interpolation in time needs to stay
/// within this distance (m) of every sample dropped: a 1,000-threat raid's threat samples
/// shrink 23× (cruise missiles fly long straight legs) and the page still puts every entity
/// where the replay does, to this tolerance.
pub const PATH_TOLERANCE_M: f64 = 1.0;

/// Longest run of samples tested for one straight stretch (bounds the cost).
const SIMPLIFY_WINDOW: usize = 240;

/// Indices of the samples of `path` to keep (first and last always): greedy, each kept
/// sample followed by the farthest one whose linear interpolation reproduces every sample
/// between them within `tol` m.
pub fn simplify(path: &[[f64; 4]], tol: f64) -> Vec<usize> {
    let n = path.len();
    if n <= 2 {
        return (0..n).collect();
    }
    let fits = |a: usize, b: usize| {
        (a + 1..b).all(|i| {
            let p = position_at(&[path[a], path[b]], path[i][0]);
            p.is_some_and(|p| distance_m(p, [path[i][1], path[i][2], path[i][3]]) <= tol)
        })
    };
    let mut keep = vec![0];
    let mut a = 0;
    while a < n - 1 {
        let mut b = a + 1;
        while b + 1 < n && b + 1 - a <= SIMPLIFY_WINDOW && fits(a, b + 1) {
            b += 1;
        }
        keep.push(b);
        a = b;
    }
    keep
}

fn flat(path: &[[f64; 4]]) -> Vec<f64> {
    simplify(path, PATH_TOLERANCE_M)
        .into_iter()
        .map(|i| path[i])
        .flat_map(|s| [r(s[0], 1e3), r(s[1], 1e6), r(s[2], 1e6), r(s[3], 10.0)])
        .collect()
}

/// Features of a GeoJSON file, or none when the file is absent.
fn features(path: &Path) -> Result<Vec<Value>, ViewError> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    match read_json(path)?.get_mut("features").map(Value::take) {
        Some(Value::Array(f)) => Ok(f),
        _ => Err(ViewError::format(
            path,
            0,
            "a GeoJSON FeatureCollection has `features`",
        )),
    }
}

fn kind_of(f: &Value) -> &str {
    f.pointer("/properties/kind")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// Sites (with battalion index and, for radars and launchers, their index in the
/// battalion as the event log numbers them), assets and zones from the GeoJSON features.
fn sites_and_zones(
    features: &[Value],
    battalions: &[String],
) -> (Vec<Value>, Vec<Value>, Vec<Value>) {
    let (mut sites, mut assets, mut zones) = (Vec::new(), Vec::new(), Vec::new());
    let mut launchers_seen: BTreeMap<String, usize> = BTreeMap::new();
    for f in features {
        let p = &f["properties"];
        let c = &f["geometry"]["coordinates"];
        match kind_of(f) {
            "site" => {
                let bn_name = p["battalion"].as_str().unwrap_or("");
                let battalion = battalions.iter().position(|b| b == bn_name);
                let site_kind = p["site_kind"].as_str().unwrap_or("");
                let index = match site_kind {
                    "acquisition_radar" => Some(0),
                    "engagement_radar" => Some(1),
                    "launcher" => {
                        let n = launchers_seen.entry(bn_name.to_string()).or_default();
                        *n += 1;
                        Some(*n - 1)
                    }
                    _ => None,
                };
                sites.push(json!({
                    "name": p["name"], "kind": site_kind, "battalion": battalion,
                    "battalion_name": bn_name, "index": index,
                    "lon": c[0], "lat": c[1], "h": p["height_m"],
                    "rounds": p.get("rounds"),
                }));
            }
            "asset" => assets.push(json!({
                "name": p["name"], "lon": c[0], "lat": c[1], "radius_m": p["radius_m"],
            })),
            "engagement_zone" | "pd_contour" | "asset_area" => zones.push(f.clone()),
            _ => {}
        }
    }
    (sites, assets, zones)
}

/// The map features of a run: its replay GeoJSON, or, when that has no coverage, with the
/// zones of `iadsim coverage` written into the same folder.
fn map_features(dir: &Path) -> Result<Vec<Value>, ViewError> {
    let mut feats = features(&dir.join("replay.geojson"))?;
    // A run without coverage in its replay takes the zones of `iadsim coverage` when that
    // was written into the same folder.
    if !feats
        .iter()
        .any(|f| matches!(kind_of(f), "engagement_zone" | "pd_contour"))
    {
        let has_sites = feats.iter().any(|f| kind_of(f) == "site");
        let cov = features(&dir.join("coverage.geojson"))?;
        feats.extend(
            cov.into_iter()
                .filter(|f| !has_sites || kind_of(f) != "site"),
        );
    }
    Ok(feats)
}

/// The viewer's tracks: samples rounded for the page, each with the threat it follows.
fn track_entries(log: &Log, track_threat: &BTreeMap<&String, Option<usize>>) -> Vec<Value> {
    log.tracks
        .iter()
        .map(|(key, t)| {
            let samples: Vec<f64> = t
                .samples
                .iter()
                .flat_map(|s| [r(s[0], 1e3), r(s[1], 1e6), r(s[2], 1e6), r(s[3], 10.0), r(s[4], 1.0)])
                .collect();
            json!({
                "key": key, "battalion": t.battalion, "id": t.id, "start": r(t.start, 1e3),
                "end": t.end.map(|x| r(x, 1e3)), "lost": t.lost,
                "threat": track_threat[key], "regiment_track": t.regiment_track.map(|k| track_key(None, k)),
                "samples": samples,
            })
        })
        .collect()
}

/// The viewer's interceptors, each with the threat it was fired at and its flown path.
fn interceptor_entries(
    log: &Log,
    track_threat: &BTreeMap<&String, Option<usize>>,
    interceptor_paths: &Paths,
) -> Vec<Value> {
    log.interceptors
        .iter()
        .enumerate()
        .map(|(id, m)| {
            let aimed = m
                .track
                .as_ref()
                .and_then(|k| track_threat.get(k).copied().flatten());
            json!({
                "id": id, "missile": m.missile, "battalion": m.battalion, "launcher": m.launcher,
                "track": m.track, "launch": r(m.launch, 1e3), "end": m.end.map(|x| r(x, 1e3)),
                "ending": m.ending, "threat": m.threat.or(aimed),
                "miss_distance": m.miss_distance.map(|x| r(x, 100.0)), "killed": m.killed,
                "path": interceptor_paths.get(&id).map(|p| flat(p)).unwrap_or_default(),
            })
        })
        .collect()
}

/// The viewer document of the run folder `dir`.
pub fn load_run(dir: &Path) -> Result<Value, ViewError> {
    let summary = read_json(&dir.join("summary.json"))?;
    let events = iadsim_io::event_log::find(dir)
        .map_err(|e| ViewError::format(dir, 0, e))?
        .unwrap_or_else(|| dir.join("events.jsonl"));
    let log = Log::read(&events)?;
    let czml = dir.join("replay.czml");
    let (truth, interceptor_paths) = if czml.is_file() {
        read_czml(&czml)?
    } else {
        Default::default()
    };
    let feats = map_features(dir)?;
    let (sites, assets, zones) = sites_and_zones(&feats, &log.battalions);

    let index = TruthIndex::new(&truth);
    let track_threat: BTreeMap<&String, Option<usize>> = log
        .tracks
        .iter()
        .map(|(k, t)| (k, associate(t, &index)))
        .collect();
    let tracks = track_entries(&log, &track_threat);
    let with_threat = |mut v: Value| {
        let key = v["track"].as_str().map(str::to_string);
        v["threat"] = json!(key.and_then(|k| track_threat.get(&k).copied().flatten()));
        v
    };
    let engagements: Vec<Value> = log.engagements.iter().cloned().map(with_threat).collect();
    let assessments: Vec<Value> = log.assessments.iter().cloned().map(with_threat).collect();

    let interceptors = interceptor_entries(&log, &track_threat, &interceptor_paths);

    let outcomes = summary["threat_outcomes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let threats: Vec<Value> = (0..log.threat_names.len().max(outcomes.len()))
        .map(|k| threat_entry(k, &log, &outcomes, &truth))
        .collect();

    let radars: Vec<Value> = radar_entries(&log);
    Ok(json!({
        "format": "iadsim-view 1",
        "kind": "run",
        "scenario": log.scenario,
        "seed": log.seed,
        "replication": log.replication,
        "duration": summary["simulated_time"].as_f64().unwrap_or(log.duration),
        "has_truth": !truth.is_empty(),
        "files": present_files(dir),
        "battalions": log.battalions,
        "asset_names": log.assets,
        "summary": summary,
        "sites": sites,
        "assets": assets,
        "zones": zones,
        "threats": threats,
        "tracks": tracks,
        "interceptors": interceptors,
        "engagements": engagements,
        "assessments": assessments,
        "kills": log.kills,
        "leaks": log.leaks,
        "asset_hits": log.asset_hits,
        "radars": radars,
    }))
}

fn threat_entry(k: usize, log: &Log, outcomes: &[Value], truth: &BTreeMap<usize, Path4>) -> Value {
    let (name, type_name) = log.threat_names.get(k).cloned().unwrap_or_default();
    let o = outcomes.get(k).cloned().unwrap_or(Value::Null);
    let detections: Vec<Value> = log
        .detections
        .get(&k)
        .map(|by_radar| {
            by_radar
                .iter()
                .flat_map(|((b, radar), spans)| {
                    spans.iter().map(move |s| {
                        json!({"battalion": b, "radar": radar, "t0": r(s[0], 1e3), "t1": r(s[1], 1e3),
                               "n": s[2], "range_m": if s[3].is_finite() { json!(r(s[3], 1.0)) } else { Value::Null }})
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    json!({
        "id": k,
        "name": if name.is_empty() { o["name"].clone() } else { json!(name) },
        "type_name": type_name,
        "class": log.classes.get(&k).cloned().or_else(|| o["class"].as_str().map(str::to_string)),
        "fate": o["fate"],
        "launch": log.launches.get(&k).map(|x| r(*x, 1e3)),
        "end": o["end_time"].as_f64().map(|x| r(x, 1e3)),
        "first_detection": o["first_detection"].as_f64().map(|x| r(x, 1e3)),
        "detections": detections,
        "path": truth.get(&k).map(|p| flat(p)).unwrap_or_default(),
    })
}

fn radar_entries(log: &Log) -> Vec<Value> {
    let bin = (log.duration / RADAR_BINS as f64).max(1.0);
    let mut keys: Vec<(usize, usize)> = log.radar_times.keys().copied().collect();
    keys.extend(log.false_alarms.keys().copied());
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .map(|key| {
            let times = log.radar_times.get(&key).map(Vec::as_slice).unwrap_or(&[]);
            let mut hist = vec![0u64; RADAR_BINS];
            for t in times {
                hist[((t / bin) as usize).min(RADAR_BINS - 1)] += 1;
            }
            let threats: Vec<Value> = log
                .detections
                .iter()
                .filter_map(|(k, by)| {
                    let spans = by.get(&key)?;
                    let n: f64 = spans.iter().map(|s| s[2]).sum();
                    Some(json!({"threat": k, "first": r(spans[0][0], 1e3),
                                "last": r(spans[spans.len() - 1][1], 1e3), "n": n}))
                })
                .collect();
            json!({"battalion": key.0, "radar": key.1, "detections": times.len(),
                   "false_alarms_logged": log.false_alarms.get(&key).copied().unwrap_or(0),
                   "bin_s": bin, "histogram": hist, "threats": threats})
        })
        .collect()
}

fn present_files(dir: &Path) -> Vec<String> {
    crate::list_dir(dir, false)
}
