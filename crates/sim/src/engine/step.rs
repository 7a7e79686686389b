//! One step of the clock: the stages in order, then the step's events in time order.

use super::options::models;
use super::run::EngineError;
use super::stage;
use super::world::World;
use crate::events::{EntityName, Event, EventKind, EventSink};
use crate::observe::Observer;

impl World<'_> {
    /// The `scenario_start` event: names every entity later events refer to by index.
    pub(crate) fn start(&self, sink: &mut dyn EventSink) {
        let setup = self.setup;
        let names = |names: Vec<(String, String)>| -> Vec<EntityName> {
            names
                .into_iter()
                .enumerate()
                .map(|(id, (name, type_name))| EntityName {
                    id,
                    name,
                    type_name,
                })
                .collect()
        };
        let threats = setup.threats.iter();
        let battalions = setup.regiment.battalions.iter();
        let assets = setup.assets.iter();
        sink.record(&Event {
            time: 0.0,
            kind: EventKind::ScenarioStart {
                scenario: setup.name.clone(),
                seed: setup.seed,
                replication: self.replication,
                threats: names(
                    threats
                        .map(|t| (t.name.clone(), t.type_name.clone()))
                        .collect(),
                ),
                battalions: names(
                    battalions
                        .map(|b| (b.name.clone(), b.command_post.type_name.clone()))
                        .collect(),
                ),
                assets: names(
                    assets
                        .map(|a| (a.name.clone(), "asset".to_string()))
                        .collect(),
                ),
                models: models(&self.options),
            },
        });
    }

    /// Step `step` of the clock, over (t0, t1]:
    ///
    /// 1. **truth**: threats whose time has come appear;
    /// 2. **engage**: launches due are made, then every missile in flight flies (a threat
    ///    killed mid-step is then not seen by a radar look after its death);
    /// 3. **sense**: every radar looks at its beam times inside the step;
    /// 4. **track**: each battalion's tracker takes its measurements in time order; the
    ///    regiment command post fuses the reports that have reached it;
    /// 5. **assess**: threats that arrive leak and hit assets; at a decision time, the
    ///    pictures the command post decides on are reported and scored against truth;
    /// 6. **decide**: the command post's cycle, on its own period;
    /// 7. **observe**: the step's events in time order, then the observer's sample.
    pub(crate) fn step(
        &mut self,
        step: u64,
        sink: &mut dyn EventSink,
        observer: Option<&mut (dyn Observer + '_)>,
    ) -> Result<(), EngineError> {
        let (t0, t1) = self.clock.span(step);
        self.scratch.events.clear();
        stage::truth::appear(self, t0, t1);
        stage::engage::launch(self, t0, t1)?;
        stage::engage::fly(self, t0, t1);
        stage::sense::scan(self, t0, t1);
        let deciding = self.clock.decision_due(t1);
        stage::track::update(self, t0, t1, deciding);
        stage::assess::arrivals(self, t1);
        if deciding {
            stage::assess::pictures(self, t1);
            stage::decide::decide(self, t1);
        }
        self.emit(sink);
        if let Some(observer) = observer {
            stage::observe::sample(self, t1, observer);
        }
        Ok(())
    }

    /// Sends the step's events to `sink` in time order (events of equal time in the order
    /// the stages made them).
    fn emit(&mut self, sink: &mut dyn EventSink) {
        if !self.keep_events {
            return;
        }
        let events = &mut self.scratch.events;
        events.sort_by(|a, b| a.time.total_cmp(&b.time));
        for e in events.iter() {
            sink.record(e);
        }
    }
}
