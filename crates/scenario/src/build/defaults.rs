//! Defaults, in one place (documented in docs/scenario.md).

/// Master seed.
pub const SEED: u64 = 1;
/// Base time step, s.
pub const TIME_STEP_S: f64 = 0.5;
/// Asset value.
pub const ASSET_VALUE: f64 = 1.0;
/// Asset radius, m.
pub const ASSET_RADIUS_M: f64 = 1000.0;
/// Regiment name.
pub const REGIMENT_NAME: &str = "regiment";
/// Command post type.
pub const COMMAND_POST_TYPE: &str = "55K6E";
/// Acquisition radar type.
pub const ACQUISITION_RADAR_TYPE: &str = "91N6E";
/// Engagement radar type.
pub const ENGAGEMENT_RADAR_TYPE: &str = "92N6E";
/// Launcher type.
pub const LAUNCHER_TYPE: &str = "5P85TE2";
/// Launchers per group.
pub const LAUNCHER_COUNT: u32 = 1;
/// Spacing of launchers in a positioned group, m.
pub const LAUNCHER_SPACING_M: f64 = 100.0;
/// Radius of the default launcher ring around the engagement radar, km.
pub const RING_RADIUS_KM: f64 = 2.0;
/// Threats per wave.
pub const WAVE_COUNT: u32 = 1;
/// Time between wave members, s.
pub const WAVE_INTERVAL_S: f64 = 5.0;
/// Salvo size.
pub const SALVO_SIZE: u32 = 2;
/// Shoot-look-shoot.
pub const SHOOT_LOOK_SHOOT: bool = true;
/// Ballistic reserve per battalion.
pub const BALLISTIC_RESERVE: u32 = 0;
/// Double engagement.
pub const ALLOW_DOUBLE_ENGAGEMENT: bool = false;
/// Turn rate when a route threat type gives none, deg/s.
pub const MAX_TURN_RATE_DEG_S: f64 = 3.0;
