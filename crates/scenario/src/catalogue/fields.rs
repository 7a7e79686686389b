//! The field tables: for each kind of catalogue entry, every numeric key with its unit,
//! meaning and valid range (the same table checks the data file, checks scenario
//! overrides and describes them in the JSON schema).

/// Description of one numeric catalogue field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    /// Key in the catalogue and in `overrides:`; its suffix names the unit.
    pub key: &'static str,
    /// Unit as written in the catalogue.
    pub unit: &'static str,
    /// What the value means.
    pub doc: &'static str,
    /// Smallest valid value.
    pub min: f64,
    /// Whether `min` itself is excluded (the value must be greater).
    pub min_exclusive: bool,
    /// Largest valid value.
    pub max: f64,
    /// Whether the value must be a whole number.
    pub integer: bool,
    /// Whether every catalogue entry of the kind must have it.
    pub required: bool,
}

const fn f(
    key: &'static str,
    unit: &'static str,
    doc: &'static str,
    min: f64,
    max: f64,
) -> FieldSpec {
    FieldSpec {
        key,
        unit,
        doc,
        min,
        min_exclusive: false,
        max,
        integer: false,
        required: true,
    }
}
const fn pos(key: &'static str, unit: &'static str, doc: &'static str, max: f64) -> FieldSpec {
    FieldSpec {
        min_exclusive: true,
        ..f(key, unit, doc, 0.0, max)
    }
}
const fn int(key: &'static str, unit: &'static str, doc: &'static str, max: f64) -> FieldSpec {
    FieldSpec {
        integer: true,
        ..f(key, unit, doc, 0.0, max)
    }
}
const fn opt(spec: FieldSpec) -> FieldSpec {
    FieldSpec {
        required: false,
        ..spec
    }
}

/// Fields of a command post type.
pub const COMMAND_POST_FIELDS: &[FieldSpec] = &[
    // Below 0.1 s the decision cycle is shorter than any engine step it could run in.
    f(
        "decision_period_s",
        "s",
        "period of the decision cycle (threat evaluation and assignment)",
        0.1,
        600.0,
    ),
    f(
        "reaction_time_s",
        "s",
        "delay from a decision to the first launch it orders",
        0.0,
        600.0,
    ),
];

/// Fields of a radar type.
pub const RADAR_FIELDS: &[FieldSpec] = &[
    pos(
        "instrumented_range_km",
        "km",
        "instrumented range: no detection beyond it",
        5000.0,
    ),
    pos(
        "reference_range_km",
        "km",
        "range at which a target of reference_rcs_m2 is detected with detection_probability",
        5000.0,
    ),
    pos(
        "reference_rcs_m2",
        "m2",
        "RCS the reference range refers to",
        1.0e4,
    ),
    FieldSpec {
        max: 1.0,
        ..pos(
            "detection_probability",
            "1",
            "single-look detection probability inside coverage",
            1.0,
        )
    },
    // Every look draws its false alarms: below 0.1 s the looks of a run (and the alarms
    // held in one step) grow without bound (1e-6 s reached 3.4 GB).
    f(
        "scan_period_s",
        "s",
        "time between looks in the same direction",
        0.1,
        600.0,
    ),
    f(
        "min_elevation_deg",
        "deg",
        "lowest beam elevation",
        -10.0,
        90.0,
    ),
    f(
        "max_elevation_deg",
        "deg",
        "highest beam elevation",
        -10.0,
        90.0,
    ),
    f(
        "sigma_range_m",
        "m",
        "1-sigma range measurement error",
        0.0,
        1.0e4,
    ),
    f(
        "sigma_azimuth_deg",
        "deg",
        "1-sigma azimuth measurement error",
        0.0,
        10.0,
    ),
    f(
        "sigma_elevation_deg",
        "deg",
        "1-sigma elevation measurement error",
        0.0,
        10.0,
    ),
    int("max_tracks", "count", "targets it can track at once", 1.0e5),
    int(
        "max_guided_missiles",
        "count",
        "missiles it can guide at once (0: guides none)",
        1.0e4,
    ),
    f(
        "mast_height_m",
        "m",
        "antenna phase-centre height above the site",
        0.0,
        200.0,
    ),
    opt(FieldSpec {
        max: 360.0,
        ..pos(
            "sector_width_deg",
            "deg",
            "width of the search sector of a sector-scanning (engagement) radar",
            360.0,
        )
    }),
    opt(f(
        "slew_rate_deg_s",
        "deg/s",
        "rate at which the antenna turns to move its sector (0: fixed)",
        0.0,
        360.0,
    )),
];

/// Fields of a launcher type.
pub const LAUNCHER_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        min: 1.0,
        ..int(
            "capacity_slots",
            "slot",
            "launch-tube slots; a large missile takes 1 slot",
            64.0,
        )
    },
    pos(
        "launch_interval_s",
        "s",
        "least time between two launches from one launcher",
        600.0,
    ),
];

/// Fields of an interceptor missile type.
pub const MISSILE_FIELDS: &[FieldSpec] = &[
    pos(
        "max_range_km",
        "km",
        "maximum engagement range against aerodynamic targets",
        2000.0,
    ),
    f(
        "max_range_ballistic_km",
        "km",
        "maximum engagement range against ballistic targets (0: cannot engage them)",
        0.0,
        2000.0,
    ),
    f("min_range_km", "km", "minimum engagement range", 0.0, 100.0),
    f(
        "min_altitude_m",
        "m",
        "lowest target height it engages",
        0.0,
        1.0e4,
    ),
    pos(
        "max_altitude_km",
        "km",
        "highest target height it engages",
        200.0,
    ),
    pos("average_speed_m_s", "m/s", "average fly-out speed", 1.0e4),
    pos(
        "max_target_speed_m_s",
        "m/s",
        "fastest target it can engage",
        2.0e4,
    ),
    f(
        "single_shot_pk",
        "1",
        "probability of kill given the missile passes within lethal_radius_m",
        0.0,
        1.0,
    ),
    pos(
        "lethal_radius_m",
        "m",
        "miss distance within which the warhead can kill",
        1000.0,
    ),
    pos(
        "max_flight_time_s",
        "s",
        "flight time after which the missile self-destructs",
        3600.0,
    ),
    // At most 16 rounds to a slot: 64 slots then hold the 1,024 rounds a load may count.
    f(
        "slots",
        "slot",
        "launcher slots one round takes (a quad-packed small missile: 0.25)",
        0.0625,
        64.0,
    ),
    opt(f(
        "unit_cost_musd",
        "MUSD",
        "unit cost, millions of US dollars",
        0.0,
        1.0e4,
    )),
];

/// Fields of a threat type.
pub const THREAT_FIELDS: &[FieldSpec] = &[
    pos("rcs_m2", "m2", "mean radar cross-section", 1.0e4),
    opt(pos(
        "speed_m_s",
        "m/s",
        "typical speed (ground speed on a route; ballistic: terminal speed, for information)",
        1.0e4,
    )),
    opt(f(
        "altitude_m",
        "m",
        "typical flight altitude (cruise missiles: above ground)",
        0.0,
        1.0e5,
    )),
    opt(pos(
        "max_turn_rate_deg_s",
        "deg/s",
        "maximum turn rate on a route",
        90.0,
    )),
    opt(pos(
        "max_range_km",
        "km",
        "range class (ballistic missiles: the longest ground range)",
        2.0e4,
    )),
    // Below ~1 kg/m² the drag descent of a 400 km shot never reaches the ground and the run
    // fails after validation; 100 keeps a wide margin (re-entry vehicles: 1,000–20,000).
    opt(f(
        "ballistic_coefficient_kg_m2",
        "kg/m2",
        "ballistic coefficient m/(Cd*A) for re-entry drag; absent: no drag",
        100.0,
        1.0e6,
    )),
    FieldSpec {
        min: 1.0,
        ..int(
            "debris_fragments",
            "1",
            "fragments a killed threat leaves (each seen by radars and seekers)",
            8.0,
        )
    },
    // Below ~10 kg/m² a fragment drifts rather than falls (terminal speed < 13 m/s at sea
    // level); the debris model has no wind.
    f(
        "debris_ballistic_coefficient_kg_m2",
        "kg/m2",
        "ballistic coefficient m/(Cd*A) of a debris fragment (the fragments spread from half to twice it)",
        10.0,
        1.0e5,
    ),
    f(
        "debris_separation_speed_m_s",
        "m/s",
        "speed at which the fragments leave the killed threat's path, each in a random direction",
        0.0,
        500.0,
    ),
    pos(
        "debris_rcs_decay_s",
        "s",
        "time constant of a fragment's RCS fading from its share of the threat's RCS to its floor",
        600.0,
    ),
    f(
        "debris_rcs_floor_ratio",
        "1",
        "floor of a fragment's mean RCS, as a fraction of the intact threat's RCS",
        0.0,
        1.0,
    ),
];

impl FieldSpec {
    /// Whether `v` is within the valid range.
    pub fn accepts(&self, v: f64) -> bool {
        v.is_finite()
            && (if self.min_exclusive {
                v > self.min
            } else {
                v >= self.min
            })
            && v <= self.max
            && (!self.integer || v.fract() == 0.0)
    }

    /// The valid range in words, e.g. "> 0 and ≤ 600".
    pub fn range_text(&self) -> String {
        let lo = if self.min_exclusive { ">" } else { "≥" };
        let kind = if self.integer { "a whole number " } else { "" };
        format!("{kind}{lo} {} and ≤ {}", self.min, self.max)
    }
}
