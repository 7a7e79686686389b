//! Terminal homing types and laws, and the periods they work at.
//!
//! * **Active**: the seeker has its own transmitter: after lock-on the missile needs
//!   nothing from the ground; commands at the seeker rate.
//! * **Semi-active (SARH)**: the seeker homes on the engagement radar's illumination: the
//!   radar must keep tracking (illuminating) the target until intercept; without it there
//!   is no signal, the seeker gets no measurement and the autopilot holds a zero command.
//! * **Track-via-missile (TVM)**: the seeker receives the radar's returns and downlinks
//!   them; the ground computes the commands and uplinks them at [`TVM_PERIOD`]: needs the
//!   radar throughout, and commands are held between uplinks.
//!
//! A missile whose seeker loses its target past the gimbal limit stops homing and coasts;
//! the fuze still works, so it may yet pass close, but in general it misses. A seeker sees
//! objects, not fates: one whose target was destroyed by a salvo mate homes on the debris
//! nearest where the target was going (unless the command post orders it destroyed); one
//! that finds nothing there self-destructs (`self-destruct: seeker lost the target`).

/// Seeker sample (and homing command) period, s.
pub const SEEKER_PERIOD: f64 = 0.01;

/// Command period of track-via-missile homing (ground computation and uplink), s \[P\].
pub const TVM_PERIOD: f64 = 0.05;

/// Terminal seeker type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Homing {
    /// Active radar seeker: autonomous after lock-on.
    Active,
    /// Semi-active: needs the engagement radar illuminating the target until intercept.
    SemiActive,
    /// Track-via-missile: needs the engagement radar throughout; commands computed on the
    /// ground and uplinked at [`TVM_PERIOD`].
    TrackViaMissile,
}

impl Homing {
    /// Whether terminal homing needs the engagement radar to keep tracking the target.
    pub fn needs_radar(self) -> bool {
        !matches!(self, Homing::Active)
    }

    /// Period at which terminal commands are updated, s.
    pub fn command_period(self) -> f64 {
        match self {
            Homing::TrackViaMissile => TVM_PERIOD,
            _ => SEEKER_PERIOD,
        }
    }
}

/// Terminal guidance law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuidanceLaw {
    /// Proportional navigation with compensation of known accelerations.
    Pn,
    /// Augmented proportional navigation (compensation weighted N′/2).
    Apn,
}
