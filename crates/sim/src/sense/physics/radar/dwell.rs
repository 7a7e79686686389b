//! The physics radar's track revisits ([`Sensor::dwell`](crate::sense::sensor::Sensor::dwell)):
//! a beam pointed where the fire control's track predicts. A target inside the beam's
//! main lobe and the range gate is looked at with its mean SNR cut by the two-way beam
//! shape loss at its offset from the beam centre ([`beam_loss`]); the look is a track
//! revisit (no confirmation dwell) drawn from the target's own stream, measured with the
//! accuracy of the SNR it had. A target outside the beam or the gate, or one the radar
//! cannot see there (range, horizon, elevation, sector, terrain), is not detected.

use iadsim_core::{Ecef, Polar};
use nalgebra::Vector3;

use super::PhysicsRadar;
use crate::sense::dwell::{BEAM_SEARCH_LIMIT, Dwell, beam_loss};
use crate::sense::sensor::{Detection, Target};

impl PhysicsRadar {
    /// The dwells of one batch against `targets` (see the module notes).
    pub(super) fn look_in_dwells(
        &mut self,
        dwells: &[Dwell],
        targets: &[Target<'_>],
        out: &mut Vec<Detection>,
        answered: &mut Vec<usize>,
    ) {
        let Some(latest) = dwells.iter().map(|d| d.time).reduce(f64::max) else {
            return;
        };
        // Each target's position at the batch's latest dwell, for a cheap first cut: a
        // target farther from a dwell's beam centre than it can fly in the time between,
        // plus the gate and the beam's reach, is surely not in that beam.
        let near: Vec<Option<(Vector3<f64>, f64)>> = targets
            .iter()
            .map(|t| {
                let speed = t.trajectory.speed_bound();
                let p = t
                    .trajectory
                    .position_at(latest.min(t.trajectory.end_time()))?;
                speed.is_finite().then_some((p.0, speed))
            })
            .collect();
        let (bw_az, bw_el) = (
            self.config.accuracy.beamwidth_azimuth,
            self.config.accuracy.beamwidth_elevation,
        );
        let spread = BEAM_SEARCH_LIMIT * bw_az.max(bw_el) * 1.01;
        for (d, dwell) in dwells.iter().enumerate() {
            let centre = self.site.frame.position_to_ecef(
                &Polar {
                    range: dwell.range,
                    azimuth: dwell.azimuth,
                    elevation: dwell.elevation,
                }
                .to_enu(),
            );
            for (target, near) in targets.iter().zip(&near) {
                if dwell.time > target.until || dwell.time < target.trajectory.start_time() {
                    continue;
                }
                let Some((p, speed)) = near else {
                    continue;
                };
                let reach =
                    speed * (latest - dwell.time) + dwell.range_gate + 2.0 * dwell.range * spread;
                if (p - centre.0).norm() > reach + 1.0 {
                    continue;
                }
                self.look_in_dwell(d, dwell, target, out, answered);
            }
        }
    }

    /// One dwell's look at one target.
    fn look_in_dwell(
        &mut self,
        d: usize,
        dwell: &Dwell,
        target: &Target<'_>,
        out: &mut Vec<Detection>,
        answered: &mut Vec<usize>,
    ) {
        let Some(position) = target.trajectory.position_at(dwell.time) else {
            return;
        };
        let Some(sight) = self.observe(&Ecef(position.0)) else {
            return;
        };
        if (sight.polar.range - dwell.range).abs() > dwell.range_gate {
            return;
        }
        let accuracy = self.config.accuracy;
        let Some(loss) = beam_loss(
            dwell,
            sight.polar.azimuth,
            sight.polar.elevation,
            accuracy.beamwidth_azimuth,
            accuracy.beamwidth_elevation,
        ) else {
            return;
        };
        // The looks at a target draw from its own stream.
        std::mem::swap(&mut self.rng, self.looks.of(target));
        let measured = self.look(dwell.time, &sight, target.rcs * loss, false);
        std::mem::swap(&mut self.rng, self.looks.of(target));
        if let Some(m) = measured {
            out.push(Detection {
                measurement: m,
                threat: Some(target.index),
            });
            answered.push(d);
        }
    }
}
