//! Arrivals: a threat that reaches the end of its trajectory on an aim point over a
//! defended asset ([`reaches_asset`]) has leaked; it hits every defended asset whose radius contains its aim
//! point (a threat ending anywhere else has left, see [`crate::truth::threats::Fate`]).
//! One rule, used by the truth's fates, the `leak` and `asset_hit` events and the
//! summary's counts.

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

/// Whether a threat whose flight ends at `aim` (ECEF) reaches one of the `assets`: the
/// point on the ground under its aim point (at the asset's height) lies within the
/// asset's radius. An aircraft attacking from 8 km above an asset reaches it (it leaks)
/// though it hits it only if its aim point itself is within the radius ([`assets_hit`]).
pub fn reaches_asset(aim: &Ecef, assets: &[AssetView]) -> bool {
    let under = aim.to_geodetic();
    assets.iter().any(|asset| {
        let at = asset.position.to_geodetic();
        under
            .with_height(at.height)
            .to_ecef()
            .distance(&asset.position)
            <= asset.radius
    })
}
