//! Running a replication: the public entry points, [`PreparedSetup`] (the work done once
//! per setup), and the driver that steps the [`World`] to the end.

use std::sync::{Arc, OnceLock};

use iadsim_setup::Setup;

use super::options::EngineOptions;
use super::world::World;
use crate::assess::summary::Summary;
use crate::engage::flyout::airframes::UnknownAirframe;
use crate::engage::flyout::planning_tables::PlanningTables;
use crate::engage::flyout::tables::planning_tables;
use crate::events::{Event, EventKind, EventSink};
use crate::observe::Observer;
use crate::sense::radar::error::RadarError;
use crate::sense::radar::terrain::Dem;
use crate::truth::error::TruthError;
use crate::truth::trajectory::Trajectory;

/// Why a run could not start.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EngineError {
    /// A threat's trajectory cannot be built.
    #[error("threat \"{name}\": {source}")]
    Trajectory {
        /// Threat name.
        name: String,
        /// The cause.
        source: TruthError,
    },
    /// The setup breaks a rule the engine relies on.
    #[error("invalid setup: {0}")]
    Setup(String),
    /// A missile type has no flyout airframe.
    #[error("launcher loadout: {0}")]
    Interceptor(UnknownAirframe),
    /// The setup's terrain model cannot be read.
    #[error("terrain model {dem}: {source}")]
    Terrain {
        /// The DEM folder.
        dem: String,
        /// The cause.
        source: RadarError,
    },
    /// A radar's parameters are outside the model's domain.
    #[error("radar \"{name}\": {source}")]
    Radar {
        /// Radar name.
        name: String,
        /// The cause.
        source: RadarError,
    },
}

/// Runs one replication of `setup` with the default models, sending every event to
/// `sink`, and returns its summary.
pub fn run(
    setup: &Setup,
    replication: u64,
    sink: &mut dyn EventSink,
) -> Result<Summary, EngineError> {
    run_with(setup, replication, sink, &EngineOptions::default())
}

/// Runs one replication of `setup` with the models chosen in `options`.
pub fn run_with(
    setup: &Setup,
    replication: u64,
    sink: &mut dyn EventSink,
    options: &EngineOptions,
) -> Result<Summary, EngineError> {
    run_inner(setup, replication, sink, options, None)
}

/// Runs one replication like [`run_with`], also handing `observer` the state of every
/// threat and interceptor in flight at its sample times (see [`crate::observe`]). The
/// events and summary are the same as without an observer.
pub fn run_observed(
    setup: &Setup,
    replication: u64,
    sink: &mut dyn EventSink,
    options: &EngineOptions,
    observer: &mut dyn Observer,
) -> Result<Summary, EngineError> {
    run_inner(setup, replication, sink, options, Some(observer))
}

/// A setup with the work that does not depend on the replication done once: its terrain
/// model read, the threats' trajectories (geodesic route tables, ballistic arcs) and the
/// flyout planning tables. A Monte Carlo study runs
/// many replications of one setup; preparing it once saves rebuilding the trajectories
/// in every replication. A replication run from it gives the same events and summary, bit
/// for bit, as [`run_with`] / [`run_observed`] on the setup.
#[derive(Debug, Clone)]
pub struct PreparedSetup<'a> {
    setup: &'a Setup,
    trajectories: Vec<Trajectory>,
    /// The setup's terrain model, read once and shared by every radar of every
    /// replication.
    terrain: Option<Arc<Dem>>,
    /// The flyout planning tables of the setup's missiles, built on first use (a run with
    /// the flyout interceptor model) and shared by every replication.
    planning: OnceLock<Arc<PlanningTables>>,
}

impl<'a> PreparedSetup<'a> {
    /// Checks `setup`'s clock, reads its terrain model and builds its trajectories.
    /// Errors: those [`run_with`] would return before its first step
    /// ([`EngineError::Setup`] for the time step or duration, [`EngineError::Terrain`],
    /// [`EngineError::Trajectory`]), in the same order.
    pub fn new(setup: &'a Setup) -> Result<Self, EngineError> {
        check_clock(setup)?;
        let terrain = read_terrain(setup)?;
        Ok(Self {
            setup,
            trajectories: build_trajectories(setup, terrain.as_deref())?,
            terrain,
            planning: OnceLock::new(),
        })
    }

    /// The setup's terrain model, if it names one.
    pub fn terrain(&self) -> Option<&Arc<Dem>> {
        self.terrain.as_ref()
    }

    /// The flyout planning tables of every missile loaded in the setup
    /// ([`crate::engage::flyout::tables::planning_tables`]), built once for this prepared
    /// setup and shared read-only by its replications.
    pub fn planning_tables(&self) -> Arc<PlanningTables> {
        let tables = self.planning.get_or_init(|| {
            let missiles = self
                .setup
                .regiment
                .battalions
                .iter()
                .flat_map(|bn| &bn.launchers)
                .flat_map(|l| &l.loadout)
                .map(|load| &load.missile);
            Arc::new(planning_tables(missiles))
        });
        Arc::clone(tables)
    }

    /// The setup.
    pub fn setup(&self) -> &'a Setup {
        self.setup
    }

    /// The threats' trajectories, in the order of `setup().threats`.
    pub fn trajectories(&self) -> &[Trajectory] {
        &self.trajectories
    }

    /// Runs one replication like [`run_with`].
    pub fn run_with(
        &self,
        replication: u64,
        sink: &mut dyn EventSink,
        options: &EngineOptions,
    ) -> Result<Summary, EngineError> {
        run_prepared(self, replication, sink, options, None)
    }

    /// Runs one replication like [`run_observed`].
    pub fn run_observed(
        &self,
        replication: u64,
        sink: &mut dyn EventSink,
        options: &EngineOptions,
        observer: &mut dyn Observer,
    ) -> Result<Summary, EngineError> {
        run_prepared(self, replication, sink, options, Some(observer))
    }
}

fn check_clock(setup: &Setup) -> Result<(), EngineError> {
    if !(setup.time_step > 0.0 && setup.time_step.is_finite()) {
        return Err(EngineError::Setup(format!(
            "time step must be a positive number of seconds, got {}",
            setup.time_step
        )));
    }
    if !(setup.duration > 0.0 && setup.duration.is_finite()) {
        return Err(EngineError::Setup(format!(
            "duration must be a positive number of seconds, got {}",
            setup.duration
        )));
    }
    Ok(())
}

/// The DEM of the setup's terrain, if it names one (an empty folder is an error: the
/// scenario meant terrain).
fn read_terrain(setup: &Setup) -> Result<Option<Arc<Dem>>, EngineError> {
    let Some(terrain) = &setup.terrain else {
        return Ok(None);
    };
    let error = |source| EngineError::Terrain {
        dem: terrain.dem.display().to_string(),
        source,
    };
    let dem = Dem::read_dir(&terrain.dem).map_err(error)?;
    if dem.is_empty() {
        return Err(error(RadarError::Terrain(
            "the folder holds no .hgt tile".into(),
        )));
    }
    Ok(Some(Arc::new(dem)))
}

fn build_trajectories(
    setup: &Setup,
    terrain: Option<&Dem>,
) -> Result<Vec<Trajectory>, EngineError> {
    let terrain = terrain.map(|d| d as &dyn crate::truth::TerrainHeight);
    setup
        .threats
        .iter()
        .map(|t| {
            Trajectory::over_terrain(t, terrain).map_err(|source| EngineError::Trajectory {
                name: t.name.clone(),
                source,
            })
        })
        .collect()
}

fn run_inner(
    setup: &Setup,
    replication: u64,
    sink: &mut dyn EventSink,
    options: &EngineOptions,
    observer: Option<&mut dyn Observer>,
) -> Result<Summary, EngineError> {
    let prepared = PreparedSetup::new(setup)?;
    run_prepared(&prepared, replication, sink, options, observer)
}

/// Runs replication `replication` of `prepared`: builds the world, steps it to the end,
/// and returns the summary.
fn run_prepared(
    prepared: &PreparedSetup<'_>,
    replication: u64,
    sink: &mut dyn EventSink,
    options: &EngineOptions,
    mut observer: Option<&mut dyn Observer>,
) -> Result<Summary, EngineError> {
    let interval = observer.as_ref().map(|o| o.sample_interval());
    let mut world = World::new(
        prepared,
        replication,
        options,
        (sink.keeps_events(), sink.keeps_detail()),
        interval,
    )?;
    world.start(sink);
    for step in 0..world.clock.steps {
        world.step(step, sink, observer.as_deref_mut())?;
    }
    sink.record(&Event {
        time: world.clock.duration,
        kind: EventKind::ScenarioEnd,
    });
    Ok(world.summary())
}
