//! Replay exports of shipped scenarios, read back and checked against the run itself:
//! every threat and interceptor is there, positions equal the threat trajectories at the
//! sample times, kills sit at the kill times, the files parse (serde_json, quick-xml), and
//! the same run gives the same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use iadsim_core::Geodetic;
use iadsim_io::replay::{Replay, ReplayEvents, ReplayFiles, ReplayRecorder, Tee, write_files};
use iadsim_sim::events::{EventKind, EventLog};
use iadsim_sim::setup::Setup;
use iadsim_sim::truth::Trajectory;
use iadsim_sim::{EngineOptions, run_observed};

fn scenario(name: &str) -> Setup {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name);
    iadsim_scenario::load_path(&path).unwrap().setup
}

/// One observed run: the setup, its full event log and the replay.
fn record(setup: &Setup, interval: f64) -> (EventLog, Replay) {
    let mut log = EventLog::default();
    let mut events = ReplayEvents::default();
    let mut recorder = ReplayRecorder::new(setup, interval);
    {
        let mut tee = Tee(&mut log, &mut events);
        run_observed(setup, 0, &mut tee, &EngineOptions::default(), &mut recorder).unwrap();
    }
    let replay = Replay::build(setup, 0, recorder, events).unwrap();
    (log, replay)
}

fn trajectories(setup: &Setup) -> Vec<Trajectory> {
    setup
        .threats
        .iter()
        .map(|t| Trajectory::new(t).unwrap())
        .collect()
}

/// Distance, m, between a written position and a threat's true position at `t`.
fn error_to_truth(traj: &Trajectory, t: f64, lon: f64, lat: f64, h: f64) -> f64 {
    let truth = traj
        .state_at(t.clamp(traj.start_time(), traj.end_time()))
        .unwrap();
    Geodetic::from_degrees(lat, lon, h)
        .to_ecef()
        .distance(&truth.position)
}

/// Position tolerance, m, at a written time `t`: 2 cm at whole seconds (rounding of
/// 1e-7° and 1 cm); elsewhere the written time is rounded to 1 ms, so add 0.5 ms of
/// motion.
fn tolerance(traj: &Trajectory, t: f64) -> f64 {
    if t == t.round() {
        0.02
    } else {
        let s = traj
            .state_at(t.clamp(traj.start_time(), traj.end_time()))
            .unwrap();
        0.02 + 5e-4 * s.velocity.norm()
    }
}

fn kills(log: &EventLog) -> Vec<(f64, usize, usize)> {
    log.events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Kill {
                threat,
                interceptor,
            } => Some((e.time, threat, interceptor)),
            _ => None,
        })
        .collect()
}

fn launches(log: &EventLog) -> Vec<(f64, usize, usize, usize)> {
    log.events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Launch {
                interceptor,
                battalion,
                launcher,
                ..
            } => Some((e.time, interceptor, battalion, launcher)),
            _ => None,
        })
        .collect()
}

fn files_in(dir: &Path) -> ReplayFiles {
    ReplayFiles::all_in(dir)
}

/// What the acmi test reads back from the text.
struct AcmiRead {
    /// Reference longitude and latitude, degrees.
    reference: (f64, f64),
    /// First frame time of each object id.
    first_seen: BTreeMap<u64, f64>,
    /// Removal time of each object id.
    removed: BTreeMap<u64, f64>,
    /// `(time, id)` of each Destroyed event.
    destroyed: Vec<(f64, u64)>,
    /// Threat position lines checked against the trajectories.
    threat_positions: usize,
    /// Largest threat position error at whole seconds, m.
    worst: f64,
}

/// Reads ACMI `text` back, checking frame order, single removal, no line after removal,
/// and every threat position against its trajectory (`traj`, ids from `threat_base` to
/// `icpt_base`).
fn read_acmi(text: &str, traj: &[Trajectory], threat_base: u64, icpt_base: u64) -> AcmiRead {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("FileType=text/acmi/tacview"));
    assert_eq!(lines.next(), Some("FileVersion=2.2"));
    let mut reference = (f64::NAN, f64::NAN);
    let mut time = 0.0;
    let mut first_seen: BTreeMap<u64, f64> = BTreeMap::new();
    let mut removed: BTreeMap<u64, f64> = BTreeMap::new();
    let mut destroyed: Vec<(f64, u64)> = Vec::new();
    let mut threat_positions = 0;
    let mut worst: f64 = 0.0;
    for line in lines {
        if let Some(t) = line.strip_prefix('#') {
            let t: f64 = t.parse().unwrap();
            assert!(t >= time, "frames go forward: {t} after {time}");
            time = t;
        } else if let Some(id) = line.strip_prefix('-') {
            let id = u64::from_str_radix(id, 16).unwrap();
            assert!(removed.insert(id, time).is_none(), "{id:x} removed twice");
        } else if let Some(global) = line.strip_prefix("0,") {
            if let Some(v) = global.strip_prefix("ReferenceLongitude=") {
                reference.0 = v.parse().unwrap();
            } else if let Some(v) = global.strip_prefix("ReferenceLatitude=") {
                reference.1 = v.parse().unwrap();
            } else if let Some(v) = global.strip_prefix("Event=Destroyed|") {
                let id = v.trim_end_matches('|');
                destroyed.push((time, u64::from_str_radix(id, 16).unwrap()));
            }
        } else {
            let (id, props) = line.split_once(',').unwrap();
            let id = u64::from_str_radix(id, 16).unwrap();
            assert!(!removed.contains_key(&id), "{id:x} appears after removal");
            first_seen.entry(id).or_insert(time);
            let t_prop = props.split(',').next().unwrap().strip_prefix("T=").unwrap();
            let c: Vec<f64> = t_prop.split('|').map(|x| x.parse().unwrap()).collect();
            assert!(c.len() == 3 || c.len() == 6, "{line}");
            let (lon, lat, h) = (c[0] + reference.0, c[1] + reference.1, c[2]);
            if (threat_base..icpt_base).contains(&id) {
                let k = (id - threat_base) as usize;
                // Frame times are written to 1 ms: off whole seconds (appearance, kill)
                // allow that much motion; otherwise only the rounding of 1e-7° (≤ 1.1 cm)
                // and of 1 cm in height.
                let e = error_to_truth(&traj[k], time, lon, lat, h);
                assert!(
                    e < tolerance(&traj[k], time),
                    "threat {k} at t = {time}: {e} m off"
                );
                if time == time.round() {
                    worst = worst.max(e);
                }
                threat_positions += 1;
            }
        }
    }
    AcmiRead {
        reference,
        first_seen,
        removed,
        destroyed,
        threat_positions,
        worst,
    }
}

#[test]
fn acmi_of_the_regiment_scenario_matches_the_run() {
    let setup = scenario("regiment_defense.yaml");
    let (log, replay) = record(&setup, 1.0);
    let traj = trajectories(&setup);
    let mut text = Vec::new();
    iadsim_io::replay::acmi::write(&replay, &mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    let (_, threat_base, icpt_base) = iadsim_io::replay::acmi::id_bases(&replay);

    let AcmiRead {
        reference,
        first_seen,
        removed,
        destroyed,
        threat_positions,
        worst,
    } = read_acmi(&text, &traj, threat_base, icpt_base);
    assert!(reference.0.is_finite() && reference.1.is_finite());
    assert!(
        worst < 0.02,
        "worst position error at whole seconds {worst} m"
    );

    // Every threat and every interceptor is there, from its start.
    for (k, t) in setup.threats.iter().enumerate() {
        let seen = first_seen[&(threat_base + k as u64)];
        assert!(
            (seen - t.start_time).abs() < 1e-3,
            "threat {k} first at {seen}"
        );
    }
    let fired = launches(&log);
    assert!(fired.len() > 10);
    for (t, id, _, _) in &fired {
        let seen = first_seen[&(icpt_base + *id as u64)];
        assert!(
            (seen - t).abs() < 1e-3,
            "interceptor {id} first at {seen}, launched {t}"
        );
    }
    assert_eq!(
        first_seen.keys().filter(|&&id| id >= icpt_base).count(),
        fired.len()
    );
    assert!(threat_positions > 30_000);

    // Every kill is a Destroyed event at the kill time, and both objects leave then.
    let k = kills(&log);
    assert!(!k.is_empty());
    assert_eq!(destroyed.len(), k.len());
    for (t, threat, interceptor) in &k {
        let id = threat_base + *threat as u64;
        let d = destroyed
            .iter()
            .find(|d| d.1 == id)
            .expect("Destroyed event");
        assert!((d.0 - t).abs() < 1e-3, "kill at {t}, Destroyed at {}", d.0);
        assert!((removed[&id] - t).abs() < 1e-3);
        assert!((removed[&(icpt_base + *interceptor as u64)] - t).abs() < 1e-3);
    }
}

#[test]
fn czml_positions_follow_the_trajectories() {
    let setup = scenario("long_range_aircraft.yaml");
    let (log, replay) = record(&setup, 2.0);
    let traj = trajectories(&setup);
    let text = iadsim_io::replay::czml::to_string(&replay).unwrap();
    let packets: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(packets[0]["id"], "document");
    assert_eq!(packets[0]["version"], "1.0");
    // 1,200 s of scenario from the default epoch.
    assert_eq!(
        packets[0]["clock"]["interval"],
        "2000-01-01T00:00:00Z/2000-01-01T00:20:00Z"
    );
    let mut ids = std::collections::BTreeSet::new();
    for p in &packets {
        assert!(
            ids.insert(p["id"].as_str().unwrap().to_string()),
            "ids are unique"
        );
    }
    let kill_time: BTreeMap<usize, f64> = kills(&log).iter().map(|k| (k.1, k.0)).collect();
    assert!(!kill_time.is_empty());
    for (k, tr) in traj.iter().enumerate() {
        let p = packets
            .iter()
            .find(|p| p["id"] == format!("threat/{k}"))
            .expect("every threat has a packet");
        let pos = &p["position"];
        assert_eq!(pos["epoch"], "2000-01-01T00:00:00Z");
        assert_eq!(pos["interpolationAlgorithm"], "LAGRANGE");
        let c: Vec<f64> = pos["cartographicDegrees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert_eq!(c.len() % 4, 0);
        let samples: Vec<&[f64]> = c.chunks(4).collect();
        assert!(
            samples.windows(2).all(|w| w[1][0] > w[0][0]),
            "times increase"
        );
        assert!((samples[0][0] - tr.start_time()).abs() < 1e-3);
        for s in &samples {
            let e = error_to_truth(tr, s[0], s[1], s[2], s[3]);
            assert!(e < tolerance(tr, s[0]), "threat {k} at {}: {e} m", s[0]);
        }
        // Available from appearance to the kill.
        let end = samples.last().unwrap()[0];
        if let Some(t) = kill_time.get(&k) {
            assert!((end - t).abs() < 1e-3);
        }
        let avail = p["availability"].as_str().unwrap();
        assert!(avail.starts_with("2000-01-01T00:") && avail.contains('/'));
    }
    let icpts = packets
        .iter()
        .filter(|p| p["id"].as_str().unwrap().starts_with("interceptor/"))
        .count();
    assert_eq!(icpts, launches(&log).len());
}

#[test]
fn kml_is_well_formed_with_a_track_per_mover() {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let setup = scenario("single_cruise_missile.yaml");
    let (log, replay) = record(&setup, 1.0);
    let traj = trajectories(&setup);
    let text = iadsim_io::replay::kml::to_string(&replay).unwrap();
    let mut reader = Reader::from_str(&text);
    let mut stack: Vec<String> = Vec::new();
    let mut folder = String::new();
    let mut placemarks: BTreeMap<String, usize> = BTreeMap::new();
    let (mut whens, mut coords) = (Vec::<String>::new(), Vec::<String>::new());
    let mut tracks = Vec::new();
    let mut text_buf = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                stack.push(AsRef::<str>::as_ref(&e.name()).to_string());
                text_buf.clear();
            }
            Event::Text(t) => text_buf.push_str(&t),
            Event::End(e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()));
                let parent = stack.last().map(String::as_str);
                match (name.as_str(), parent) {
                    ("name", Some("Folder")) => folder = text_buf.clone(),
                    ("Placemark", _) => *placemarks.entry(folder.clone()).or_default() += 1,
                    ("when", Some("gx:Track")) => whens.push(text_buf.clone()),
                    ("gx:coord", _) => coords.push(text_buf.clone()),
                    ("gx:Track", _) => tracks.push((
                        folder.clone(),
                        std::mem::take(&mut whens),
                        std::mem::take(&mut coords),
                    )),
                    _ => {}
                }
                text_buf.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty());
    let sites = 1 + setup
        .regiment
        .battalions
        .iter()
        .map(|b| 3 + b.launchers.len())
        .sum::<usize>();
    assert_eq!(placemarks["Sites"], sites);
    assert_eq!(placemarks["Defended assets"], setup.assets.len());
    assert_eq!(placemarks["Threats"], setup.threats.len());
    assert_eq!(placemarks["Interceptors"], launches(&log).len());
    assert_eq!(placemarks["Events"], kills(&log).len());
    let threat_track = tracks.iter().find(|t| t.0 == "Threats").unwrap();
    assert_eq!(threat_track.1.len(), threat_track.2.len());
    // Each gx:coord is the trajectory at its `when` (whole seconds from the epoch here,
    // except the start and the kill).
    for (w, c) in threat_track.1.iter().zip(&threat_track.2) {
        let hms = &w[11..w.len() - 1];
        let parts: Vec<f64> = hms.split(':').map(|x| x.parse().unwrap()).collect();
        let t = parts[0] * 3600.0 + parts[1] * 60.0 + parts[2];
        let v: Vec<f64> = c.split(' ').map(|x| x.parse().unwrap()).collect();
        let e = error_to_truth(&traj[0], t, v[0], v[1], v[2]);
        assert!(e < tolerance(&traj[0], t), "at {w}: {e} m");
    }
}

#[test]
fn geojson_has_sites_zones_and_tracks_in_lon_lat_order() {
    let setup = scenario("single_cruise_missile.yaml");
    let (log, replay) = record(&setup, 1.0);
    let mut request = iadsim_sim::coverage::CoverageRequest::new(&setup);
    request.grid.nx = 40;
    request.grid.ny = 40;
    request.vertical.n_range = 20;
    request.vertical.n_height = 10;
    let coverage = iadsim_sim::coverage::compute(&setup, &request).unwrap();
    let v = iadsim_io::replay::geojson::to_value(&replay, Some(&coverage));
    assert_eq!(v["type"], "FeatureCollection");
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for f in v["features"].as_array().unwrap() {
        assert_eq!(f["type"], "Feature");
        *kinds
            .entry(f["properties"]["kind"].as_str().unwrap().into())
            .or_default() += 1;
        if f["geometry"]["type"] == "LineString" {
            let c = f["geometry"]["coordinates"].as_array().unwrap();
            assert!(c.len() >= 2);
            for p in c {
                // The scenario lies near 48° N, 67° E: longitude first.
                let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
                assert!(
                    (60.0..70.0).contains(&lon) && (45.0..51.0).contains(&lat),
                    "{p}"
                );
            }
        }
    }
    assert_eq!(kinds["threat_track"], setup.threats.len());
    assert_eq!(kinds["interceptor_track"], launches(&log).len());
    assert_eq!(kinds["kill"], kills(&log).len());
    assert!(kinds["engagement_zone"] >= 1 && kinds["site"] >= 10 && kinds["asset"] == 1);
    // Without coverage: sites and assets from the replay itself, same kinds.
    let v = iadsim_io::replay::geojson::to_value(&replay, None);
    let n = |kind: &str| {
        v["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["properties"]["kind"] == kind)
            .count()
    };
    assert_eq!(n("site"), kinds["site"]);
    assert_eq!(n("asset"), 1);
    assert_eq!(n("engagement_zone"), 0);
    // Launchers carry their load, with and without coverage, as the scenario gives it.
    let with_coverage = iadsim_io::replay::geojson::to_value(&replay, Some(&coverage));
    for doc in [&v, &with_coverage] {
        let launchers: Vec<&serde_json::Value> = doc["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["properties"]["site_kind"] == "launcher")
            .collect();
        let expected: Vec<_> = setup
            .regiment
            .battalions
            .iter()
            .flat_map(|b| &b.launchers)
            .collect();
        assert_eq!(launchers.len(), expected.len());
        for (f, l) in launchers.iter().zip(&expected) {
            assert_eq!(f["properties"]["name"], l.name.as_str());
            let rounds = f["properties"]["rounds"].as_array().unwrap();
            assert_eq!(rounds.len(), l.loadout.len());
            for (r, m) in rounds.iter().zip(&l.loadout) {
                assert_eq!(r["missile"], m.missile.type_name.as_str());
                assert_eq!(r["count"], m.count);
            }
        }
    }
}

fn read_all(files: &ReplayFiles) -> Vec<Vec<u8>> {
    [&files.acmi, &files.czml, &files.kml, &files.geojson]
        .iter()
        .map(|p| std::fs::read(p.as_ref().unwrap()).unwrap())
        .collect()
}

#[test]
fn same_seed_same_bytes_and_files_appear_whole() {
    let setup = scenario("single_ballistic.yaml");
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for run in 0..2 {
        let (_, replay) = record(&setup, 1.0);
        let sub: PathBuf = dir.path().join(format!("run{run}"));
        let files = files_in(&sub);
        let written = write_files(&replay, None, &files).unwrap();
        assert_eq!(written.len(), 4);
        // Only the four files: no temporary left behind.
        assert_eq!(std::fs::read_dir(&sub).unwrap().count(), 4);
        outputs.push(read_all(&files));
    }
    assert_eq!(outputs[0], outputs[1]);
    // Another seed gives another replay.
    let mut other = setup.clone();
    other.seed += 1;
    let (_, replay) = record(&other, 1.0);
    let files = files_in(&dir.path().join("other"));
    write_files(&replay, None, &files).unwrap();
    assert_ne!(read_all(&files)[0], outputs[0][0]);

    // `.zip.acmi`: one Deflate entry holding exactly the text export, the same bytes
    // each time.
    let (_, replay) = record(&setup, 1.0);
    let mut zipped = Vec::new();
    for run in 0..2 {
        let files = ReplayFiles {
            acmi: Some(dir.path().join(format!("zip{run}/raid.zip.acmi"))),
            ..Default::default()
        };
        write_files(&replay, None, &files).unwrap();
        zipped.push(std::fs::read(files.acmi.unwrap()).unwrap());
    }
    assert_eq!(zipped[0], zipped[1]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zipped[0])).unwrap();
    assert_eq!(archive.len(), 1);
    let mut entry = archive.by_index(0).unwrap();
    assert_eq!(entry.name().unwrap(), "raid.txt.acmi");
    assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
    let mut inner = Vec::new();
    std::io::Read::read_to_end(&mut entry, &mut inner).unwrap();
    assert_eq!(inner, outputs[0][0]);
    assert!(
        zipped[0].len() * 2 < inner.len(),
        "compressed: {} of {}",
        zipped[0].len(),
        inner.len()
    );

    // An epoch that is not a date: a clear error, and no CZML file at all.
    let (_, mut replay) = record(&setup, 1.0);
    replay.epoch = "noon".into();
    let bad = dir.path().join("bad");
    let files = ReplayFiles {
        czml: Some(bad.join("replay.czml")),
        ..Default::default()
    };
    let err = write_files(&replay, None, &files).unwrap_err().to_string();
    assert!(
        err.contains("replay.czml") && err.contains("YYYY-MM-DDThh:mm:ssZ"),
        "{err}"
    );
    assert!(!bad.join("replay.czml").exists());
}

#[test]
fn events_from_another_setup_are_refused() {
    let setup = scenario("single_cruise_missile.yaml");
    let mut events = ReplayEvents::default();
    use iadsim_sim::events::{Event, EventSink};
    events.record(&Event {
        time: 3.0,
        kind: EventKind::Kill {
            threat: 7,
            interceptor: 0,
        },
    });
    let err = Replay::build(&setup, 0, ReplayRecorder::new(&setup, 1.0), events).unwrap_err();
    assert_eq!(
        err.to_string(),
        "event at t = 3 s refers to threat 7, which the setup does not have"
    );
}
