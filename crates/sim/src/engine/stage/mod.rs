//! The stages of one step, each a function over the [`World`](super::world::World): it
//! reads the state the stages before it left, runs the stage's models, records its
//! events and tallies.

pub(crate) mod assess;
pub(crate) mod decide;
pub(crate) mod engage;
pub(crate) mod fire_control;
pub(crate) mod observe;
pub(crate) mod sense;
pub(crate) mod track;
pub(crate) mod truth;
