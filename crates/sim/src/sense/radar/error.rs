//! Why a radar model could not be built.

/// A radar model could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RadarError {
    /// A parameter is out of its domain.
    #[error("invalid radar parameter {name} = {value}: {reason}")]
    Invalid {
        /// Parameter name.
        name: &'static str,
        /// The offending value.
        value: f64,
        /// What would be valid.
        reason: &'static str,
    },
    /// A terrain file could not be read.
    #[error("terrain: {0}")]
    Terrain(String),
}

impl RadarError {
    pub(crate) fn invalid(name: &'static str, value: f64, reason: &'static str) -> Self {
        Self::Invalid {
            name,
            value,
            reason,
        }
    }
}
