//! # iadsim-dis
//!
//! A run of iadsim as DIS (IEEE 1278.1-2012, protocol version 7) PDUs, encoded with the
//! `dis-rs` codec, for wargame and training simulators:
//!
//! - **Entity State** for every regiment site (command posts, radars, launchers: static,
//!   re-sent every heartbeat), every threat (from its appearance to its kill or arrival)
//!   and every interceptor (from launch to its end). Moving entities use dead-reckoning
//!   algorithm 5 (FVW: world frame, constant acceleration) with the acceleration estimated
//!   from the last two samples; a new Entity State goes out when the dead-reckoned position
//!   at a sample time is more than [`DisConfig::threshold`] from the true one, or
//!   [`DisConfig::heartbeat`] after the last. So at every sample time a receiver that dead
//!   reckons is within the threshold of the engine's position. The last Entity State of
//!   an entity that ends has the State bit (23) set to deactivated, and the Damage bits
//!   (3–4) set to destroyed for a killed threat.
//! - **Fire** for every launch (firing entity: the launcher; munition: the interceptor;
//!   target: unknown, as the battalion fires at a track, not at a known threat).
//! - **Detonation** for every fuze (`intercept` event: exploding entity the interceptor,
//!   target the threat passed closest to, result "entity proximate detonation"), and for a
//!   cruise or ballistic missile that reaches its aim point ("ground impact").
//!
//! Entity types are in [`entities`]. Entity ids: `site:application:n` with n from 1 in
//! order: the regiment command post, then each battalion's command post, acquisition
//! radar, engagement radar and launchers, then the threats in setup order, then the
//! interceptors in launch order. Timestamps are relative (time past the hour of scenario
//! time, units of 3600/2³¹ s). Positions are WGS-84 ECEF (the DIS world frame), m;
//! orientations the DIS Euler angles (ψ, θ, φ) of the velocity direction, wings level.
//!
//! Checked by crates/dis/tests/stream.rs (PDUs decoded again with dis-rs, dead reckoning
//! within the threshold) and, independently, with the Open DIS decoder in
//! crates/python/tests/test_dis.py.

// Long functions are several functions: clippy.toml sets the bound (80 code lines).
#![warn(clippy::too_many_lines)]

pub mod entities;

use std::collections::HashMap;

use bytes::BytesMut;
use dis_rs::BodyRaw;
use dis_rs::detonation::model::{Detonation, DetonationDescriptor};
use dis_rs::entity_state::model::{DrParameters, EntityAppearance, EntityMarking, EntityState};
use dis_rs::enumerations::{
    DeadReckoningAlgorithm, DetonationResult, ForceId, MunitionDescriptorFuse,
    MunitionDescriptorWarhead, PduType,
};
use dis_rs::fire::model::{Fire, FireDescriptor};
use dis_rs::model::{
    EntityId, EventId, Location, MunitionDescriptor, Orientation, Pdu, PduBody, PduHeader,
    Timestamp, VectorF32,
};
use iadsim_core::{Ecef, Enu, LocalFrame};
use iadsim_sim::events::{Event, EventKind, EventSink};
use iadsim_sim::observe::{InterceptorState, Observer, ThreatState};
use iadsim_sim::setup::Setup;
use iadsim_sim::truth::Trajectory;
use nalgebra::Vector3;

use entities::TypeCode;

/// Ids and sending rules of a DIS exercise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DisConfig {
    /// Exercise id (1–255).
    pub exercise: u8,
    /// Site id of every entity this run sends.
    pub site: u16,
    /// Application id of every entity this run sends.
    pub application: u16,
    /// Longest time between two Entity States of one entity, s (IEEE 1278.1 default 5 s).
    pub heartbeat: f64,
    /// Dead-reckoning position threshold, m (IEEE 1278.1 default 1 m).
    pub threshold: f64,
}

impl Default for DisConfig {
    fn default() -> Self {
        Self {
            exercise: 1,
            site: 1,
            application: 1,
            heartbeat: 5.0,
            threshold: 1.0,
        }
    }
}

/// Where encoded PDUs go: `time` is the simulation time the PDU belongs to, s.
pub trait PduOut {
    /// Takes one encoded PDU.
    fn send(&mut self, time: f64, pdu: &[u8]);
}

/// Keeps every PDU in memory (for tests and captures).
#[derive(Debug, Default, Clone)]
pub struct Collect {
    /// `(time, bytes)` in sending order.
    pub pdus: Vec<(f64, Vec<u8>)>,
}

impl PduOut for Collect {
    fn send(&mut self, time: f64, pdu: &[u8]) {
        self.pdus.push((time, pdu.to_vec()));
    }
}

/// Counts of what was sent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Entity State PDUs.
    pub entity_states: u64,
    /// Fire PDUs.
    pub fires: u64,
    /// Detonation PDUs.
    pub detonations: u64,
}

/// The state last sent for a moving entity (the values as encoded, for dead reckoning).
#[derive(Debug, Clone, Copy)]
struct Sent {
    time: f64,
    position: [f64; 3],
    velocity: [f32; 3],
    acceleration: [f32; 3],
}

impl Sent {
    /// The FVW dead-reckoned position at `t`.
    fn extrapolate(&self, t: f64) -> [f64; 3] {
        let dt = t - self.time;
        std::array::from_fn(|i| {
            self.position[i]
                + f64::from(self.velocity[i]) * dt
                + 0.5 * f64::from(self.acceleration[i]) * dt * dt
        })
    }
}

/// A moving entity's sending state.
#[derive(Debug, Clone)]
struct Mover {
    id: u16,
    code: TypeCode,
    force: ForceId,
    marking: String,
    /// The previous sample (time, velocity) for the acceleration estimate.
    previous: Option<(f64, Vector3<f64>)>,
    sent: Option<Sent>,
    ended: bool,
}

/// An interceptor's launch, kept until its first state is seen.
#[derive(Debug, Clone)]
struct Launch {
    time: f64,
    launcher: u16,
    missile: String,
    event: u16,
}

/// Turns a run into PDUs: feed it the engine's events ([`DisStream::record`]) and
/// observations ([`DisStream::observe`], [`DisStream::ended`]), then [`DisStream::finish`].
pub struct DisStream<O: PduOut> {
    config: DisConfig,
    out: O,
    counts: Counts,
    sites: Vec<(u16, TypeCode, String, Ecef)>,
    last_site_time: Option<f64>,
    trajectories: Vec<Option<Trajectory>>,
    threats: Vec<Mover>,
    threat_base: u16,
    interceptor_base: u16,
    interceptors: Vec<Option<Mover>>,
    launches: HashMap<usize, Launch>,
    /// Entity number of each battalion's launchers.
    launcher_ids: Vec<Vec<u16>>,
    /// Interceptor → (launcher entity number, fire event number).
    fired: HashMap<usize, (u16, u16)>,
    /// Interceptor → (fuze time, threat), until its last state is seen.
    fuzes: HashMap<usize, (f64, usize)>,
    /// Interceptor → last state, until its fuze event is seen (or the run ends).
    last_states: HashMap<usize, (f64, Ecef, Ecef)>,
    next_event: u16,
    buffer: BytesMut,
}

/// The configuration's heartbeat (s, > 0) and dead-reckoning threshold (m, ≥ 0), checked.
fn check_config(config: &DisConfig) -> Result<(), String> {
    if !(config.heartbeat.is_finite() && config.heartbeat > 0.0) {
        return Err(format!(
            "DIS heartbeat must be a positive number of seconds, got {}",
            config.heartbeat
        ));
    }
    if !(config.threshold.is_finite() && config.threshold >= 0.0) {
        return Err(format!(
            "DIS dead-reckoning threshold must be a distance ≥ 0 m, got {}",
            config.threshold
        ));
    }
    Ok(())
}

/// The fixed sites as `(entity number, type, name, position)` from 1 in setup order
/// (regiment command post, then per battalion its command post, radars and launchers),
/// and the entity numbers of each battalion's launchers.
#[allow(clippy::type_complexity)]
fn site_entities(setup: &Setup) -> (Vec<(usize, TypeCode, String, Ecef)>, Vec<Vec<u16>>) {
    let mut sites = Vec::new();
    let mut launcher_ids = Vec::new();
    let regiment = &setup.regiment;
    let mut push = |type_name: &str, name: &str, position: &iadsim_core::Geodetic| {
        let id = sites.len() + 1;
        sites.push((
            id,
            entities::site_type(type_name),
            name.to_string(),
            position.to_ecef(),
        ));
        id as u16
    };
    push(
        &regiment.command_post.type_name,
        &regiment.command_post.name,
        &regiment.command_post.position,
    );
    for bn in &regiment.battalions {
        push(
            &bn.command_post.type_name,
            &bn.command_post.name,
            &bn.command_post.position,
        );
        for r in [&bn.acquisition_radar, &bn.engagement_radar] {
            push(&r.type_name, &r.name, &r.position);
        }
        let mut ids = Vec::new();
        for l in &bn.launchers {
            ids.push(push(&l.type_name, &l.name, &l.position));
        }
        launcher_ids.push(ids);
    }
    (sites, launcher_ids)
}

/// A DIS entity id must fit in 16 bits (0 and 65,535 are reserved).
const MAX_ENTITY: usize = 65_534;

impl<O: PduOut> DisStream<O> {
    /// A stream for one run of `setup`. Fails if the entities do not fit in DIS's
    /// 16-bit entity numbers.
    pub fn new(setup: &Setup, config: DisConfig, out: O) -> Result<Self, String> {
        check_config(&config)?;
        let (sites, launcher_ids) = site_entities(setup);
        let threat_base = sites.len() + 1;
        let interceptor_base = threat_base + setup.threats.len();
        if interceptor_base > MAX_ENTITY {
            return Err(format!(
                "{} sites and {} threats do not fit in DIS's 16-bit entity numbers",
                sites.len(),
                setup.threats.len()
            ));
        }
        let threats = setup
            .threats
            .iter()
            .enumerate()
            .map(|(k, t)| Mover {
                id: (threat_base + k) as u16,
                code: entities::threat_type(t.class, &t.type_name),
                force: ForceId::Opposing,
                marking: t.name.clone(),
                previous: None,
                sent: None,
                ended: false,
            })
            .collect();
        Ok(Self {
            config,
            out,
            counts: Counts::default(),
            sites: sites
                .into_iter()
                .map(|(i, c, n, p)| (i as u16, c, n, p))
                .collect(),
            last_site_time: None,
            trajectories: setup
                .threats
                .iter()
                .map(|t| Trajectory::new(t).ok())
                .collect(),
            threats,
            threat_base: threat_base as u16,
            interceptor_base: interceptor_base as u16,
            interceptors: Vec::new(),
            launches: HashMap::new(),
            launcher_ids,
            fired: HashMap::new(),
            fuzes: HashMap::new(),
            last_states: HashMap::new(),
            next_event: 1,
            buffer: BytesMut::with_capacity(256),
        })
    }

    /// The entity id of threat `k` (setup order).
    pub fn threat_entity(&self, k: usize) -> EntityId {
        self.entity(self.threat_base + k as u16)
    }

    /// What has been sent so far.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    fn entity(&self, n: u16) -> EntityId {
        EntityId::new(self.config.site, self.config.application, n)
    }

    fn emit(&mut self, time: f64, body: PduBody) {
        let header = PduHeader::new_v7(self.config.exercise, PduType::Other);
        let pdu = Pdu::finalize_from_parts(header, body, timestamp(time));
        self.buffer.clear();
        // The buffer grows as needed; an encoding error would be a codec defect.
        if pdu.serialize(&mut self.buffer).is_ok() {
            self.out.send(time, &self.buffer);
        }
    }

    fn send_sites(&mut self, t: f64) {
        let sites = self.sites.clone();
        for (id, code, name, p) in sites {
            let orientation = orientation(&p, &Ecef(Vector3::zeros()));
            let state = EntityState::builder()
                .with_entity_id(self.entity(id))
                .with_force_id(ForceId::Friendly)
                .with_entity_type(entities::entity_type(code))
                .with_location(location(&p))
                .with_orientation(orientation)
                .with_appearance(appearance(code, 0))
                .with_dead_reckoning_parameters(
                    DrParameters::default()
                        .with_algorithm(DeadReckoningAlgorithm::StaticNonmovingEntity),
                )
                .with_marking(marking(&name))
                .build();
            self.emit(t, state.into_pdu_body());
            self.counts.entity_states += 1;
        }
        self.last_site_time = Some(t);
    }

    fn site_heartbeat(&mut self, t: f64) {
        if self
            .last_site_time
            .is_none_or(|last| t - last >= self.config.heartbeat - 1e-9)
        {
            self.send_sites(t);
        }
    }

    /// Sends `mover`'s state at `t` if dead reckoning has drifted past the threshold, the
    /// heartbeat is due, or `force` (first and last states).
    fn update(&mut self, which: Which, t: f64, p: &Ecef, v: &Ecef, bits: u32, force: bool) {
        let threshold = self.config.threshold;
        let heartbeat = self.config.heartbeat;
        let Some(m) = self.mover_mut(which) else {
            return;
        };
        if m.ended {
            return;
        }
        let (p, v) = (&p.0, &v.0);
        let acceleration = match m.previous {
            Some((tp, vp)) if t - tp > 1e-9 => (v - vp) / (t - tp),
            _ => Vector3::zeros(),
        };
        m.previous = Some((t, *v));
        let due = match &m.sent {
            None => true,
            Some(s) => {
                let predicted = s.extrapolate(t);
                let drift = (0..3)
                    .map(|i| (predicted[i] - p[i]).powi(2))
                    .sum::<f64>()
                    .sqrt();
                drift > threshold || t - s.time >= heartbeat - 1e-9
            }
        };
        if !(due || force) {
            return;
        }
        let sent = Sent {
            time: t,
            position: [p.x, p.y, p.z],
            velocity: [v.x as f32, v.y as f32, v.z as f32],
            acceleration: [
                acceleration.x as f32,
                acceleration.y as f32,
                acceleration.z as f32,
            ],
        };
        m.sent = Some(sent);
        let (id, code, force_id, name) = (m.id, m.code, m.force, m.marking.clone());
        let state = EntityState::builder()
            .with_entity_id(self.entity(id))
            .with_force_id(force_id)
            .with_entity_type(entities::entity_type(code))
            .with_location(Location::new(p.x, p.y, p.z))
            .with_velocity(vector(sent.velocity))
            .with_orientation(orientation(&Ecef(*p), &Ecef(*v)))
            .with_appearance(appearance(code, bits))
            .with_dead_reckoning_parameters(
                DrParameters::default()
                    .with_algorithm(DeadReckoningAlgorithm::DRM_FVW_HighSpeedOrManeuveringEntity)
                    .with_linear_acceleration(vector(sent.acceleration)),
            )
            .with_marking(marking(&name))
            .build();
        self.emit(t, state.into_pdu_body());
        self.counts.entity_states += 1;
    }

    fn mover_mut(&mut self, which: Which) -> Option<&mut Mover> {
        match which {
            Which::Threat(k) => self.threats.get_mut(k),
            Which::Interceptor(i) => self.interceptors.get_mut(i).and_then(Option::as_mut),
        }
    }

    fn end(&mut self, which: Which) {
        if let Some(m) = self.mover_mut(which) {
            m.ended = true;
        }
    }

    /// The exact state of threat `k` at `t` from its trajectory.
    fn threat_state(&self, k: usize, t: f64) -> Option<(f64, Ecef, Ecef)> {
        let traj = self.trajectories.get(k)?.as_ref()?;
        let t = t.clamp(traj.start_time(), traj.end_time());
        let s = traj.state_at_unchecked(t);
        Some((t, s.position, s.velocity))
    }

    /// Takes one engine event.
    pub fn record(&mut self, event: &Event) {
        let t = event.time;
        match &event.kind {
            EventKind::ScenarioStart { .. } => self.send_sites(t),
            EventKind::ThreatLaunch { threat, .. } => {
                if let Some((ts, p, v)) = self.threat_state(*threat, t) {
                    self.update(Which::Threat(*threat), ts, &p, &v, 0, true);
                }
            }
            EventKind::Kill { threat, .. } => self.threat_ends(*threat, t, DAMAGE_DESTROYED),
            EventKind::Leak { threat } => {
                self.threat_ends(*threat, t, 0);
                self.impact(*threat, t);
            }
            EventKind::Launch {
                interceptor,
                battalion,
                launcher,
                missile,
                ..
            } => {
                let launcher = self
                    .launcher_ids
                    .get(*battalion)
                    .and_then(|b| b.get(*launcher))
                    .copied()
                    .unwrap_or(0);
                let event = self.next_event;
                self.next_event = self.next_event.wrapping_add(1).max(1);
                self.launches.insert(
                    *interceptor,
                    Launch {
                        time: t,
                        launcher,
                        missile: missile.clone(),
                        event,
                    },
                );
                self.fired.insert(*interceptor, (launcher, event));
            }
            EventKind::Intercept {
                interceptor,
                threat,
                ..
            } => {
                self.fuzes.insert(*interceptor, (t, *threat));
                self.try_detonate(*interceptor);
            }
            _ => {}
        }
    }

    fn threat_ends(&mut self, k: usize, t: f64, damage: u32) {
        if let Some((ts, p, v)) = self.threat_state(k, t) {
            self.update(
                Which::Threat(k),
                ts,
                &p,
                &v,
                damage | STATE_DEACTIVATED,
                true,
            );
        }
        self.end(Which::Threat(k));
    }

    /// A cruise or ballistic missile reaching its aim point detonates there.
    fn impact(&mut self, k: usize, t: f64) {
        let Some(m) = self.threats.get(k) else { return };
        if m.code[0] != 2 {
            return;
        }
        let Some((ts, p, v)) = self.threat_state(k, t) else {
            return;
        };
        let code = m.code;
        let id = self.entity(m.id);
        let event = self.next_event;
        self.next_event = self.next_event.wrapping_add(1).max(1);
        let body = Detonation::builder()
            .with_source_entity_id(EntityId::new(0, 0, 0))
            .with_target_entity_id(EntityId::new(0, 0, 0))
            .with_exploding_entity_id(id)
            .with_event_id(EventId::new(
                self.config.site,
                self.config.application,
                event,
            ))
            .with_velocity(vector(single(&v)))
            .with_world_location(location(&p))
            .with_descriptor(DetonationDescriptor::Munition(munition(code)))
            .with_detonation_result(DetonationResult::GroundImpact)
            .build();
        self.emit(ts, body.into_pdu_body());
        self.counts.detonations += 1;
    }

    fn interceptor_slot(&mut self, id: usize) -> Option<&mut Mover> {
        let n = self.interceptor_base as usize + id;
        if n > MAX_ENTITY {
            return None;
        }
        if self.interceptors.len() <= id {
            self.interceptors.resize(id + 1, None);
        }
        let missile = self.launches.get(&id).map(|l| l.missile.clone());
        let slot = &mut self.interceptors[id];
        if slot.is_none() {
            let missile = missile.unwrap_or_default();
            *slot = Some(Mover {
                id: n as u16,
                code: entities::missile_type(&missile),
                force: ForceId::Friendly,
                marking: format!("{missile} {id}"),
                previous: None,
                sent: None,
                ended: false,
            });
        }
        slot.as_mut()
    }

    /// Sends the Fire PDU of interceptor `id` once its launch and first state are known.
    fn fire(&mut self, id: usize, v: &Ecef) {
        let Some(launch) = self.launches.remove(&id) else {
            return;
        };
        let Some(m) = self.interceptor_slot(id) else {
            return;
        };
        let (munition_id, code) = (m.id, m.code);
        let from = self
            .sites
            .iter()
            .find(|s| s.0 == launch.launcher)
            .map_or(Ecef(Vector3::zeros()), |s| s.3);
        let body = Fire::builder()
            .with_firing_entity_id(self.entity(launch.launcher))
            .with_target_entity_id(EntityId::new(0, 0, 0))
            .with_entity_id(self.entity(munition_id))
            .with_event_id(EventId::new(
                self.config.site,
                self.config.application,
                launch.event,
            ))
            .with_location_in_world(location(&from))
            .with_descriptor(FireDescriptor::Munition(munition(code)))
            .with_velocity(vector(single(v)))
            .with_range(0.0)
            .build();
        self.emit(launch.time, body.into_pdu_body());
        self.counts.fires += 1;
    }

    fn try_detonate(&mut self, id: usize) {
        let (Some(&(_, threat)), Some(&(t, p, v))) =
            (self.fuzes.get(&id), self.last_states.get(&id))
        else {
            return;
        };
        self.fuzes.remove(&id);
        self.last_states.remove(&id);
        self.detonate(id, threat, t, &p, &v);
    }

    fn detonate(&mut self, id: usize, threat: usize, t: f64, p: &Ecef, v: &Ecef) {
        let (launcher, event) = self.fired.get(&id).copied().unwrap_or((0, 0));
        let Some(m) = self.interceptor_slot(id) else {
            return;
        };
        let (n, code) = (m.id, m.code);
        let body = Detonation::builder()
            .with_source_entity_id(self.entity(launcher))
            .with_target_entity_id(self.threat_entity(threat))
            .with_exploding_entity_id(self.entity(n))
            .with_event_id(EventId::new(
                self.config.site,
                self.config.application,
                event,
            ))
            .with_velocity(vector(single(v)))
            .with_world_location(location(p))
            .with_descriptor(DetonationDescriptor::Munition(munition(code)))
            .with_detonation_result(DetonationResult::EntityProximateDetonation)
            .build();
        self.emit(t, body.into_pdu_body());
        self.counts.detonations += 1;
    }

    /// Takes the engine's observation at `t` (see [`Observer::step`]).
    pub fn observe(
        &mut self,
        t: f64,
        threats: &[ThreatState],
        interceptors: &[InterceptorState<'_>],
    ) {
        self.site_heartbeat(t);
        for s in threats {
            self.update(
                Which::Threat(s.index),
                t,
                &s.position,
                &s.velocity,
                0,
                false,
            );
        }
        for m in interceptors {
            self.interceptor_state(m, false);
        }
    }

    fn interceptor_state(&mut self, m: &InterceptorState<'_>, last: bool) {
        if self.interceptor_slot(m.id).is_none() {
            return;
        }
        let first = self.interceptors[m.id]
            .as_ref()
            .is_some_and(|x| x.sent.is_none());
        if first {
            self.fire(m.id, &m.velocity);
        }
        let bits = if first { LAUNCH_FLASH } else { 0 } | if last { STATE_DEACTIVATED } else { 0 };
        self.update(
            Which::Interceptor(m.id),
            m.time,
            &m.position,
            &m.velocity,
            bits,
            first || last,
        );
        if last {
            self.end(Which::Interceptor(m.id));
        }
    }

    /// Takes the last states of interceptors that stopped flying (see
    /// [`Observer::interceptors_ended`]).
    pub fn ended(&mut self, ended: &[InterceptorState<'_>]) {
        for m in ended {
            self.interceptor_state(m, true);
            self.last_states
                .insert(m.id, (m.time, m.position, m.velocity));
            self.try_detonate(m.id);
        }
    }

    /// Sends what is still owed (a fuze whose last state never came) and returns the
    /// output and the counts.
    pub fn finish(mut self) -> (O, Counts) {
        let mut owed: Vec<(usize, (f64, usize))> = self.fuzes.drain().collect();
        owed.sort_by_key(|(id, _)| *id);
        for (id, (t, threat)) in owed {
            let at = self
                .interceptors
                .get(id)
                .and_then(|m| m.as_ref())
                .and_then(|m| m.sent);
            let p = at.map_or(Ecef(Vector3::zeros()), |s| {
                let x = s.extrapolate(t);
                Ecef(Vector3::new(x[0], x[1], x[2]))
            });
            self.detonate(id, threat, t, &p, &Ecef(Vector3::zeros()));
        }
        (self.out, self.counts)
    }
}

#[derive(Debug, Clone, Copy)]
enum Which {
    Threat(usize),
    Interceptor(usize),
}

/// Damage bits (3–4) = 3: destroyed.
const DAMAGE_DESTROYED: u32 = 3 << 3;
/// Munition "launch flash present" (bit 16).
const LAUNCH_FLASH: u32 = 1 << 16;
/// State bit (23): deactivated.
const STATE_DEACTIVATED: u32 = 1 << 23;

/// The relative DIS timestamp of simulation time `t` (time past the hour).
pub fn timestamp(t: f64) -> Timestamp {
    let past = t.rem_euclid(3600.0) / 3600.0;
    let units = ((past * f64::from(1u32 << 31)) as u64).min((1u64 << 31) - 1) as u32;
    Timestamp::new(units << 1)
}

fn location(p: &Ecef) -> Location {
    Location::new(p.0.x, p.0.y, p.0.z)
}

fn single(v: &Ecef) -> [f32; 3] {
    [v.0.x as f32, v.0.y as f32, v.0.z as f32]
}

fn vector(v: [f32; 3]) -> VectorF32 {
    VectorF32::new(v[0], v[1], v[2])
}

fn marking(name: &str) -> EntityMarking {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .take(11)
        .collect();
    EntityMarking::new_ascii(ascii)
}

fn appearance(code: TypeCode, bits: u32) -> EntityAppearance {
    EntityAppearance::from_bytes(bits, &entities::entity_type(code))
}

fn munition(code: TypeCode) -> MunitionDescriptor {
    MunitionDescriptor::default()
        .with_entity_type(entities::entity_type(code))
        .with_warhead(MunitionDescriptorWarhead::HighExplosive_HE_)
        .with_fuse(MunitionDescriptorFuse::Proximity_ActiveRadar_DopplerRadar_3300)
        .with_quantity(1)
        .with_rate(0)
}

/// DIS Euler angles (ψ, θ, φ: Z-Y-X rotation from the ECEF axes to the body axes) of a
/// body at `p` flying along `v`, wings level; a body at rest faces north, level.
fn orientation(p: &Ecef, v: &Ecef) -> Orientation {
    let frame = LocalFrame::new(p.to_geodetic());
    let venu = frame.vector_to_enu(v).0;
    let (heading, pitch) = if venu.norm() > 1e-6 {
        (venu.x.atan2(venu.y), venu.z.atan2(venu.x.hypot(venu.y)))
    } else {
        (0.0, 0.0)
    };
    let forward = Enu::new(
        heading.sin() * pitch.cos(),
        heading.cos() * pitch.cos(),
        pitch.sin(),
    );
    let right = Enu::new(heading.cos(), -heading.sin(), 0.0);
    let x = frame.vector_to_ecef(&forward).0;
    let y = frame.vector_to_ecef(&right).0;
    let z = x.cross(&y);
    let psi = x.y.atan2(x.x);
    let theta = (-x.z).clamp(-1.0, 1.0).asin();
    let phi = y.z.atan2(z.z);
    Orientation::new(psi as f32, theta as f32, phi as f32)
}

/// Feeds a [`DisStream`] from the engine: [`EventSink`] and [`Observer`] over one shared
/// stream (the engine takes them as two separate borrows).
pub struct Live<O: PduOut> {
    stream: std::cell::RefCell<DisStream<O>>,
}

impl<O: PduOut> Live<O> {
    /// Wraps `stream`.
    pub fn new(stream: DisStream<O>) -> Self {
        Self {
            stream: std::cell::RefCell::new(stream),
        }
    }

    /// The event side.
    pub fn events(&self) -> LiveEvents<'_, O> {
        LiveEvents(&self.stream)
    }

    /// The observer side, sampling every `interval` s (0: every engine step).
    pub fn observer(&self, interval: f64) -> LiveObserver<'_, O> {
        LiveObserver(&self.stream, interval)
    }

    /// The stream back.
    pub fn into_inner(self) -> DisStream<O> {
        self.stream.into_inner()
    }
}

/// The [`EventSink`] side of [`Live`].
pub struct LiveEvents<'a, O: PduOut>(&'a std::cell::RefCell<DisStream<O>>);

impl<O: PduOut> EventSink for LiveEvents<'_, O> {
    fn record(&mut self, event: &Event) {
        self.0.borrow_mut().record(event);
    }

    /// Yes: a sink that keeps none would let the engine skip events the stream needs
    /// (threat launches), and a replay would then differ from the live run.
    fn keeps_events(&self) -> bool {
        true
    }
}

/// The [`Observer`] side of [`Live`].
pub struct LiveObserver<'a, O: PduOut>(&'a std::cell::RefCell<DisStream<O>>, f64);

impl<O: PduOut> Observer for LiveObserver<'_, O> {
    fn sample_interval(&self) -> f64 {
        self.1
    }

    fn step(&mut self, t: f64, threats: &[ThreatState], interceptors: &[InterceptorState<'_>]) {
        self.0.borrow_mut().observe(t, threats, interceptors);
    }

    fn interceptors_ended(&mut self, ended: &[InterceptorState<'_>]) {
        self.0.borrow_mut().ended(ended);
    }
}
