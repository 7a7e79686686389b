//! Problem data ([`Instance`]), solutions ([`Assignment`]) and the objective.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Upper limit on the total number of shots `Σ_w μ_w` of an instance.
///
/// The solvers keep one record per shot, so a capacity such as `u32::MAX` in a hostile file
/// would otherwise exhaust memory; [`Instance::new`] rejects such instances instead.
pub const MAX_TOTAL_SHOTS: u64 = 1 << 22;

/// Upper limit on the number of kill probabilities `m · n` of an instance (the solvers keep
/// two copies; ten times the largest published benchmark, 300 × 600).
pub const MAX_PK_ENTRIES: u64 = 1 << 21;

/// Why an instance is invalid: which entry and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum InstanceError {
    /// A target value is negative, NaN or infinite.
    #[error("value of target {target} is {value}: target values must be finite and >= 0")]
    BadValue {
        /// Target index (0-based).
        target: usize,
        /// The offending value.
        value: f64,
    },
    /// A kill probability is outside `[0, 1]` or NaN.
    #[error(
        "kill probability of weapon {weapon} against target {target} is {value}: it must lie in [0, 1]"
    )]
    BadProbability {
        /// Weapon index (0-based).
        weapon: usize,
        /// Target index (0-based).
        target: usize,
        /// The offending probability.
        value: f64,
    },
    /// A row of the kill-probability matrix does not have one entry per target.
    #[error(
        "kill-probability row of weapon {weapon} has {found} entries, expected {expected} (one per target)"
    )]
    RowLength {
        /// Weapon index (0-based).
        weapon: usize,
        /// Entries found in the row.
        found: usize,
        /// Number of targets (length of `values`).
        expected: usize,
    },
    /// The kill-probability matrix and the shot list disagree on the number of weapons.
    #[error(
        "{pk_rows} kill-probability rows but {shots} shot counts: expected one of each per weapon"
    )]
    WeaponCount {
        /// Rows of `pk`.
        pk_rows: usize,
        /// Entries of `shots`.
        shots: usize,
    },
    /// More than [`crate::MAX_DIMENSION`] weapons or targets, or more than
    /// [`MAX_PK_ENTRIES`] kill probabilities.
    #[error(
        "{weapons} weapons × {targets} targets: at most {max} kill probabilities are supported"
    )]
    TooManyPairs {
        /// Weapons.
        weapons: usize,
        /// Targets.
        targets: usize,
        /// [`MAX_PK_ENTRIES`].
        max: u64,
    },
    /// The target values add up to more than a 64-bit float holds, so no objective could be
    /// reported.
    #[error("the target values add up to more than {max:e}: scale them down")]
    ValueSum {
        /// `f64::MAX`.
        max: f64,
    },
    /// The total number of shots exceeds [`MAX_TOTAL_SHOTS`].
    #[error("{total} shots in total: at most {max} are supported")]
    TooManyShots {
        /// `Σ_w μ_w`.
        total: u64,
        /// [`MAX_TOTAL_SHOTS`].
        max: u64,
    },
}

/// A validated static weapon-target assignment instance.
///
/// Minimise `Σ_t V_t · Π_w (1 − p_wt)^x_wt` subject to `Σ_t x_wt ≤ μ_w` with integer
/// `x_wt ≥ 0`: `V_t` is the value of target `t` (any non-negative unit, e.g. expected
/// damage it would do), `p_wt` the single-shot kill probability of weapon `w` against
/// target `t`, `μ_w` the number of shots weapon `w` may fire. The objective is the expected
/// surviving target value.
///
/// The fields are private so that every `Instance` in existence is valid; build one with
/// [`Instance::new`], deserialise one (validation runs then too) or read a file with
/// [`crate::read_instance`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawInstance", into = "RawInstance")]
pub struct Instance {
    values: Vec<f64>,
    pk: Vec<Vec<f64>>,
    shots: Vec<u32>,
}

/// The unvalidated serde form of [`Instance`], `{"values": [...], "pk": [[...]], "shots": [...]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawInstance {
    pub(crate) values: Vec<f64>,
    pub(crate) pk: Vec<Vec<f64>>,
    pub(crate) shots: Vec<u32>,
}

impl TryFrom<RawInstance> for Instance {
    type Error = InstanceError;
    fn try_from(raw: RawInstance) -> Result<Self, InstanceError> {
        Instance::new(raw.values, raw.pk, raw.shots)
    }
}

impl From<Instance> for RawInstance {
    fn from(i: Instance) -> Self {
        RawInstance {
            values: i.values,
            pk: i.pk,
            shots: i.shots,
        }
    }
}

impl Instance {
    /// Builds and validates an instance.
    ///
    /// `values[t]` is the value `V_t` of target `t`; `pk[w][t]` the kill probability of one
    /// shot of weapon `w` at target `t`; `shots[w]` the capacity `μ_w` of weapon `w`.
    /// Errors name the first offending entry: values must be finite and `>= 0` and add up
    /// to a finite sum, at most [`MAX_PK_ENTRIES`] weapon–target pairs,
    /// probabilities in `[0, 1]` (NaN rejected), every `pk` row must have one entry per
    /// target, `pk` and `shots` one entry per weapon, and `Σ μ_w <= MAX_TOTAL_SHOTS`.
    pub fn new(
        values: Vec<f64>,
        pk: Vec<Vec<f64>>,
        shots: Vec<u32>,
    ) -> Result<Self, InstanceError> {
        for (target, &value) in values.iter().enumerate() {
            if !(value.is_finite() && value >= 0.0) {
                return Err(InstanceError::BadValue { target, value });
            }
        }
        if !values.iter().sum::<f64>().is_finite() {
            return Err(InstanceError::ValueSum { max: f64::MAX });
        }
        if pk.len() > crate::MAX_DIMENSION
            || values.len() > crate::MAX_DIMENSION
            || (pk.len() as u64).saturating_mul(values.len() as u64) > MAX_PK_ENTRIES
        {
            return Err(InstanceError::TooManyPairs {
                weapons: pk.len(),
                targets: values.len(),
                max: MAX_PK_ENTRIES,
            });
        }
        if pk.len() != shots.len() {
            return Err(InstanceError::WeaponCount {
                pk_rows: pk.len(),
                shots: shots.len(),
            });
        }
        for (weapon, row) in pk.iter().enumerate() {
            if row.len() != values.len() {
                return Err(InstanceError::RowLength {
                    weapon,
                    found: row.len(),
                    expected: values.len(),
                });
            }
            for (target, &value) in row.iter().enumerate() {
                if !(0.0..=1.0).contains(&value) {
                    return Err(InstanceError::BadProbability {
                        weapon,
                        target,
                        value,
                    });
                }
            }
        }
        let total: u64 = shots.iter().map(|&s| u64::from(s)).sum();
        if total > MAX_TOTAL_SHOTS {
            return Err(InstanceError::TooManyShots {
                total,
                max: MAX_TOTAL_SHOTS,
            });
        }
        // Normalise -0.0 so that serialised output and comparisons are clean.
        let values = values.into_iter().map(|v| v + 0.0).collect();
        Ok(Instance { values, pk, shots })
    }

    /// Target values `V_t` (one per target).
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Kill probabilities, `pk()[w][t]` for weapon `w` against target `t`.
    pub fn pk(&self) -> &[Vec<f64>] {
        &self.pk
    }

    /// Shot capacities `μ_w` (one per weapon).
    pub fn shots(&self) -> &[u32] {
        &self.shots
    }

    /// Number of weapons.
    pub fn weapons(&self) -> usize {
        self.shots.len()
    }

    /// Number of targets.
    pub fn targets(&self) -> usize {
        self.values.len()
    }

    /// Total number of shots `Σ_w μ_w`.
    pub fn total_shots(&self) -> u64 {
        self.shots.iter().map(|&s| u64::from(s)).sum()
    }

    /// Sum of all target values: the objective when nothing is fired.
    pub fn total_value(&self) -> f64 {
        self.values.iter().sum()
    }
}

/// Why an assignment does not fit an instance.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AssignmentError {
    /// A pair names a weapon the instance does not have.
    #[error("pair {index} names weapon {weapon}, but the instance has {weapons} weapons")]
    WeaponOutOfRange {
        /// Position of the pair in the assignment.
        index: usize,
        /// Weapon named.
        weapon: usize,
        /// Number of weapons of the instance.
        weapons: usize,
    },
    /// A pair names a target the instance does not have.
    #[error("pair {index} names target {target}, but the instance has {targets} targets")]
    TargetOutOfRange {
        /// Position of the pair in the assignment.
        index: usize,
        /// Target named.
        target: usize,
        /// Number of targets of the instance.
        targets: usize,
    },
    /// A weapon fires more shots than its capacity.
    #[error("weapon {weapon} fires {used} shots but has {capacity}")]
    OverCapacity {
        /// Weapon index.
        weapon: usize,
        /// Shots assigned.
        used: u64,
        /// Capacity `μ_w`.
        capacity: u32,
    },
}

/// A solution: the list of shots as `(weapon, target)` pairs.
///
/// A weapon appears at most `μ_w` times (check with [`Assignment::check`]); a pair may repeat
/// (several shots of one weapon at one target). Serialises as `[[w, t], ...]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Assignment {
    /// The shots, `(weapon, target)`, 0-based indices.
    pub pairs: Vec<(usize, usize)>,
}

impl Assignment {
    /// Builds an assignment from `(weapon, target)` pairs.
    pub fn new(pairs: Vec<(usize, usize)>) -> Self {
        Assignment { pairs }
    }

    /// Number of shots `x_wt` of weapon `w` at target `t`, as a dense `[weapon][target]`
    /// matrix. Pairs outside the instance are ignored.
    pub fn counts(&self, instance: &Instance) -> Vec<Vec<u32>> {
        let mut x = vec![vec![0u32; instance.targets()]; instance.weapons()];
        for &(w, t) in &self.pairs {
            if w < instance.weapons() && t < instance.targets() {
                x[w][t] += 1;
            }
        }
        x
    }

    /// Checks that every pair is inside the instance and no weapon exceeds its capacity.
    pub fn check(&self, instance: &Instance) -> Result<(), AssignmentError> {
        let mut used = vec![0u64; instance.weapons()];
        for (index, &(weapon, target)) in self.pairs.iter().enumerate() {
            if weapon >= instance.weapons() {
                return Err(AssignmentError::WeaponOutOfRange {
                    index,
                    weapon,
                    weapons: instance.weapons(),
                });
            }
            if target >= instance.targets() {
                return Err(AssignmentError::TargetOutOfRange {
                    index,
                    target,
                    targets: instance.targets(),
                });
            }
            used[weapon] += 1;
        }
        for (weapon, (&u, &capacity)) in used.iter().zip(instance.shots()).enumerate() {
            if u > u64::from(capacity) {
                return Err(AssignmentError::OverCapacity {
                    weapon,
                    used: u,
                    capacity,
                });
            }
        }
        Ok(())
    }
}

/// Expected surviving value `Σ_t V_t · Π_{(w,t) ∈ a} (1 − p_wt)` of an assignment, computed
/// from scratch (same unit as the target values).
///
/// Capacities are not checked (see [`Assignment::check`]).
///
/// # Panics
/// If a pair names a weapon or target outside the instance; [`try_objective`] returns an
/// error instead.
pub fn objective(instance: &Instance, assignment: &Assignment) -> f64 {
    let mut survival = vec![1.0f64; instance.targets()];
    for &(w, t) in &assignment.pairs {
        survival[t] *= 1.0 - instance.pk[w][t];
    }
    instance
        .values
        .iter()
        .zip(&survival)
        .map(|(v, s)| v * s)
        .sum()
}

/// [`objective`] after [`Assignment::check`]: the objective of a feasible assignment, or why
/// it is not feasible.
pub fn try_objective(instance: &Instance, assignment: &Assignment) -> Result<f64, AssignmentError> {
    assignment.check(instance)?;
    Ok(objective(instance, assignment))
}
