//! [`Replay::build`]: the sites from the setup, the launches and endings from the events,
//! the movers' samples from the recorder, joined.

use iadsim_sim::events::{Event, EventKind};
use iadsim_sim::setup::{Battalion, Regiment, Setup};
use iadsim_sim::truth::Trajectory;

use super::{
    DEFAULT_EPOCH, Ending, Mover, MoverKind, Replay, ReplayError, ReplayEvents, ReplayRecorder,
    Sample, Site, SiteKind,
};

/// A time and how a mover ended then.
type End = Option<(f64, Ending)>;

impl Replay {
    /// Joins the recorded positions and events of one run of `setup` (seed and
    /// replication as run).
    pub fn build(
        setup: &Setup,
        replication: u64,
        recorder: ReplayRecorder,
        events: ReplayEvents,
    ) -> Result<Self, ReplayError> {
        let regiment = &setup.regiment;
        let sites = sites(setup);
        let mut endings = Endings::new(setup.threats.len());
        for e in &events.events {
            endings.read(setup, e)?;
        }
        let threats = threat_movers(setup, recorder.threats, endings.threats)?;
        let mut interceptors = endings.interceptors;
        finish_interceptors(
            &mut interceptors,
            recorder.interceptors,
            recorder.ended,
            endings.interceptor_ends,
        );
        Ok(Self {
            scenario: setup.name.clone(),
            seed: setup.seed,
            replication,
            duration: setup.duration,
            epoch: DEFAULT_EPOCH.to_string(),
            reference: regiment.command_post.position,
            sites,
            threats,
            interceptors,
        })
    }
}

/// The fixed sites: the regiment's command post, each battalion's sites, the assets.
fn sites(setup: &Setup) -> Vec<Site> {
    let regiment = &setup.regiment;
    let mut sites = vec![Site {
        name: regiment.command_post.name.clone(),
        type_name: regiment.command_post.type_name.clone(),
        kind: SiteKind::CommandPost,
        battalion: String::new(),
        position: regiment.command_post.position,
        rounds: Vec::new(),
    }];
    for bn in &regiment.battalions {
        battalion_sites(bn, &mut sites);
    }
    for a in &setup.assets {
        sites.push(Site {
            name: a.name.clone(),
            type_name: "asset".into(),
            kind: SiteKind::Asset,
            battalion: String::new(),
            position: a.position,
            rounds: Vec::new(),
        });
    }
    sites
}

/// A battalion's command post, radars and launchers (with their rounds), added to `sites`.
fn battalion_sites(bn: &Battalion, sites: &mut Vec<Site>) {
    let site = |name: &str, type_name: &str, kind, position| Site {
        name: name.to_string(),
        type_name: type_name.to_string(),
        kind,
        battalion: bn.name.clone(),
        position,
        rounds: Vec::new(),
    };
    let cp = &bn.command_post;
    sites.push(site(
        &cp.name,
        &cp.type_name,
        SiteKind::CommandPost,
        cp.position,
    ));
    let (a, e) = (&bn.acquisition_radar, &bn.engagement_radar);
    sites.push(site(
        &a.name,
        &a.type_name,
        SiteKind::AcquisitionRadar,
        a.position,
    ));
    sites.push(site(
        &e.name,
        &e.type_name,
        SiteKind::EngagementRadar,
        e.position,
    ));
    for l in &bn.launchers {
        let mut launcher = site(&l.name, &l.type_name, SiteKind::Launcher, l.position);
        launcher.rounds = l
            .loadout
            .iter()
            .map(|m| (m.missile.type_name.clone(), m.count))
            .collect();
        sites.push(launcher);
    }
}

fn unknown(time: f64, what: &'static str, index: usize) -> ReplayError {
    ReplayError::UnknownEntity { time, what, index }
}

/// What the events say of the movers: the interceptors launched (with their launch
/// sample) and when and how each threat and interceptor ended.
struct Endings {
    /// Per threat.
    threats: Vec<End>,
    /// Per interceptor id.
    interceptors: Vec<Mover>,
    /// Per interceptor id.
    interceptor_ends: Vec<End>,
}

impl Endings {
    fn new(n_threats: usize) -> Self {
        Self {
            threats: vec![None; n_threats],
            interceptors: Vec::new(),
            interceptor_ends: Vec::new(),
        }
    }

    /// Takes in one event; an event naming an entity the setup does not have is an error.
    fn read(&mut self, setup: &Setup, e: &Event) -> Result<(), ReplayError> {
        let t = e.time;
        match &e.kind {
            EventKind::Launch {
                interceptor,
                battalion,
                launcher,
                missile,
                ..
            } => self.launch(
                &setup.regiment,
                t,
                *interceptor,
                (*battalion, *launcher),
                missile,
            )?,
            EventKind::Intercept {
                interceptor,
                threat,
                miss_distance,
                killed,
                ..
            } => {
                if *threat >= self.threats.len() {
                    return Err(unknown(t, "threat", *threat));
                }
                let ending = Ending::Detonated {
                    threat: *threat,
                    miss: *miss_distance,
                    killed: *killed,
                };
                self.end_interceptor(*interceptor, t, ending);
            }
            EventKind::Kill {
                threat,
                interceptor,
            } => self.end_threat(*threat, t, Ending::Killed { by: *interceptor })?,
            EventKind::InterceptorLost {
                interceptor,
                reason,
            } => {
                let ending = Ending::Lost {
                    reason: reason.clone(),
                };
                self.end_interceptor(*interceptor, t, ending);
            }
            EventKind::Leak { threat } => {
                self.end_threat(*threat, t, Ending::Arrived { assets: Vec::new() })?;
            }
            EventKind::AssetHit { threat, asset } => {
                if *asset >= setup.assets.len() {
                    return Err(unknown(t, "asset", *asset));
                }
                if let Some(Some((_, Ending::Arrived { assets }))) = self.threats.get_mut(*threat) {
                    assets.push(*asset);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Interceptor `id` launched at `t` (s) from launcher `(battalion, launcher)`: named
    /// after its `missile` type, its first sample at the launcher, pointing up.
    fn launch(
        &mut self,
        regiment: &Regiment,
        t: f64,
        id: usize,
        (battalion, launcher): (usize, usize),
        missile: &str,
    ) -> Result<(), ReplayError> {
        let bn = regiment
            .battalions
            .get(battalion)
            .ok_or_else(|| unknown(t, "battalion", battalion))?;
        let l = bn
            .launchers
            .get(launcher)
            .ok_or_else(|| unknown(t, "launcher", launcher))?;
        if self.interceptors.len() <= id {
            self.interceptors.resize(
                id + 1,
                Mover {
                    name: String::new(),
                    type_name: String::new(),
                    kind: MoverKind::Interceptor,
                    battalion: String::new(),
                    samples: Vec::new(),
                    ending: Ending::None,
                },
            );
            self.interceptor_ends.resize(id + 1, None);
        }
        let m = &mut self.interceptors[id];
        m.name = format!("{missile} #{id}");
        m.type_name = missile.to_string();
        m.battalion = bn.name.clone();
        let p = l.position;
        m.samples.push(Sample {
            time: t,
            lon_deg: p.lon_deg(),
            lat_deg: p.lat_deg(),
            height: p.height,
            heading_deg: 0.0,
            pitch_deg: 90.0,
        });
        Ok(())
    }

    /// Interceptor `id` ended at `t` (s); an interceptor never launched is ignored.
    fn end_interceptor(&mut self, id: usize, t: f64, ending: Ending) {
        if let Some(slot) = self.interceptor_ends.get_mut(id) {
            *slot = Some((t, ending));
        }
    }

    /// Threat `k` ended at `t` (s).
    fn end_threat(&mut self, k: usize, t: f64, ending: Ending) -> Result<(), ReplayError> {
        let slot = self
            .threats
            .get_mut(k)
            .ok_or_else(|| unknown(t, "threat", k))?;
        *slot = Some((t, ending));
        Ok(())
    }
}

/// Threats: the exact state at appearance, the samples in between, the exact state at
/// the end.
fn threat_movers(
    setup: &Setup,
    recorded: Vec<Vec<Sample>>,
    mut ends: Vec<End>,
) -> Result<Vec<Mover>, ReplayError> {
    let mut threats = Vec::with_capacity(setup.threats.len());
    let mut rec_threats = recorded.into_iter();
    for (k, threat) in setup.threats.iter().enumerate() {
        let traj = Trajectory::new(threat).map_err(|e| ReplayError::Trajectory {
            name: threat.name.clone(),
            reason: e.to_string(),
        })?;
        let recorded = rec_threats.next().unwrap_or_default();
        let at = |t: f64| {
            let s = traj.state_at_unchecked(t);
            Sample::from_ecef(t, &s.position, &s.velocity)
        };
        let end = ends[k].take();
        let end_time = end.as_ref().map(|e| e.0);
        let mut samples = Vec::with_capacity(recorded.len() + 2);
        if !recorded.is_empty() || end.is_some() {
            samples.push(at(traj.start_time()));
        }
        samples.extend(
            recorded
                .into_iter()
                .filter(|s| s.time > traj.start_time() && end_time.is_none_or(|e| s.time < e)),
        );
        if let Some(e) = end_time {
            samples.push(at(e.min(traj.end_time())));
        }
        threats.push(Mover {
            name: threat.name.clone(),
            type_name: threat.type_name.clone(),
            kind: MoverKind::Threat(threat.class),
            battalion: String::new(),
            samples,
            ending: end.map_or(Ending::None, |e| e.1),
        });
    }
    Ok(threats)
}

/// Interceptors: launch point, samples, last state; the launch sample points where the
/// missile first flies.
fn finish_interceptors(
    interceptors: &mut [Mover],
    recorded: Vec<Vec<Sample>>,
    mut last_states: Vec<Option<Sample>>,
    mut ends: Vec<End>,
) {
    for (id, (m, recorded)) in interceptors
        .iter_mut()
        .zip(recorded.into_iter().chain(std::iter::repeat_with(Vec::new)))
        .enumerate()
    {
        let launch = m.samples.first().map_or(0.0, |s| s.time);
        let end = ends[id].take();
        let end_time = end.as_ref().map(|e| e.0);
        m.samples.extend(
            recorded
                .into_iter()
                .filter(|s| s.time > launch && end_time.is_none_or(|e| s.time < e)),
        );
        if let Some(last) = last_states.get_mut(id).and_then(Option::take)
            && last.time > launch
        {
            m.samples.push(last);
        }
        if m.samples.len() > 1 {
            let next = m.samples[1];
            m.samples[0].heading_deg = next.heading_deg;
            m.samples[0].pitch_deg = next.pitch_deg;
        }
        m.ending = end.map_or(Ending::None, |e| e.1);
    }
}
