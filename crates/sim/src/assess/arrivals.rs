//! Arrivals: a threat that reaches the end of its trajectory has leaked; it hits every
//! defended asset whose radius contains its aim point. One rule, used by the `asset_hit`
//! events and by the summary's hit counts.

use iadsim_core::Ecef;

use crate::decide::manager::AssetView;

/// The indices of the `assets` a threat arriving at `aim` (ECEF) hits: those within whose
/// radius its aim point falls, in asset order.
pub fn assets_hit<'a>(aim: &'a Ecef, assets: &'a [AssetView]) -> impl Iterator<Item = usize> + 'a {
    assets
        .iter()
        .enumerate()
        .filter(move |(_, asset)| aim.distance(&asset.position) <= asset.radius)
        .map(|(a, _)| a)
}
