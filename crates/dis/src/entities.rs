//! DIS entity types (SISO-REF-010) of the things iadsim simulates.
//!
//! | iadsim | DIS entity type | SISO-REF-010 entry |
//! |---|---|---|
//! | 55K6E command post | 1:1:222:28:24:3:0 | SA-21 Command Post (55K6E) |
//! | 91N6E acquisition radar | 1:1:222:28:24:5:0 | SA-21 Acquisition Radar (91N6E) |
//! | 92N6E engagement radar | 1:1:222:28:24:4:0 | Grave Stone Engagement Radar (92N2E; 92N6E is its export name) |
//! | 96L6E radar | 1:1:222:28:21:6:0 | SA-20 Cheese Board (96L6E) |
//! | 5P85TE2 launcher | 1:1:222:28:24:1:0 | SA-21 Towed TEL (5P85TE2) |
//! | 5P85SE2 launcher | 1:1:222:28:24:0:0 | none: the SA-21 system, specific unspecified |
//! | 48N6E3 | 2:1:222:1:44:3:0 | 48N6DM/48N6E3 (SA-21) |
//! | 40N6E | 2:1:222:1:44:5:0 | 40N6E (SA-21) |
//! | 9M96E | 2:1:222:1:44:1:0 | Gambler Mod 0 (9M96/9M96E) |
//! | 9M96E2 | 2:1:222:1:44:2:0 | Gambler Mod 1 (9M96D/9M96E2) |
//! | 48N6E2 | 2:1:222:1:22:5:0 | 48N6E2 (SA-10 Grumble) |
//!
//! The catalogue's threats are generic (no nation, no model), so they get generic types:
//! country 0 (Other), subcategory 0.
//!
//! | iadsim threat type | DIS entity type | meaning |
//! |---|---|---|
//! | fighter, stealth_fighter | 1:2:0:1:0:0:0 | air platform, Fighter/Air Defense |
//! | stealth_bomber | 1:2:0:3:0:0:0 | air platform, Bomber |
//! | large_aircraft | 1:2:0:8:0:0:0 | air platform, Surveillance/C2 (AEW) |
//! | other aircraft | 1:2:0:0:0:0:0 | air platform, Other |
//! | cruise missiles | 2:11:0:1:0:0:0 | munition, Tactical, Guided |
//! | ballistic missiles | 2:11:0:2:0:0:0 | munition, Tactical, Ballistic |
//!
//! A radar, launcher or missile type the tables do not know gets the SA-21 system
//! (1:1:222:28:24:0:0) or the SA-21 missile (2:1:222:1:44:0:0) with specific 0.

use dis_rs::enumerations::{Country, EntityKind, PlatformDomain};
use dis_rs::model::EntityType;
use iadsim_sim::setup::ThreatClass;

/// The seven fields of a DIS entity type.
pub type TypeCode = [u16; 7];

const SA21: TypeCode = [1, 1, 222, 28, 24, 0, 0];
const SA21_MISSILE: TypeCode = [2, 1, 222, 1, 44, 0, 0];

/// The DIS entity type of a regiment site by catalogue type name.
pub fn site_type(type_name: &str) -> TypeCode {
    match type_name {
        "55K6E" => [1, 1, 222, 28, 24, 3, 0],
        "91N6E" => [1, 1, 222, 28, 24, 5, 0],
        "92N6E" => [1, 1, 222, 28, 24, 4, 0],
        "96L6E" => [1, 1, 222, 28, 21, 6, 0],
        "5P85TE2" => [1, 1, 222, 28, 24, 1, 0],
        _ => SA21,
    }
}

/// The DIS entity type of an interceptor by catalogue missile type name.
pub fn missile_type(type_name: &str) -> TypeCode {
    match type_name {
        "48N6E3" => [2, 1, 222, 1, 44, 3, 0],
        "40N6E" => [2, 1, 222, 1, 44, 5, 0],
        "9M96E" => [2, 1, 222, 1, 44, 1, 0],
        "9M96E2" => [2, 1, 222, 1, 44, 2, 0],
        "48N6E2" => [2, 1, 222, 1, 22, 5, 0],
        _ => SA21_MISSILE,
    }
}

/// The DIS entity type of a threat by class and catalogue type name.
pub fn threat_type(class: ThreatClass, type_name: &str) -> TypeCode {
    match class {
        ThreatClass::Aircraft => match type_name {
            "fighter" | "stealth_fighter" => [1, 2, 0, 1, 0, 0, 0],
            "stealth_bomber" => [1, 2, 0, 3, 0, 0, 0],
            "large_aircraft" => [1, 2, 0, 8, 0, 0, 0],
            _ => [1, 2, 0, 0, 0, 0, 0],
        },
        ThreatClass::CruiseMissile => [2, 11, 0, 1, 0, 0, 0],
        ThreatClass::BallisticMissile => [2, 11, 0, 2, 0, 0, 0],
    }
}

/// The dis-rs record of a type code.
pub fn entity_type(code: TypeCode) -> EntityType {
    let [
        kind,
        domain,
        country,
        category,
        subcategory,
        specific,
        extra,
    ] = code;
    let byte = |v: u16| u8::try_from(v).unwrap_or(0);
    EntityType::default()
        .with_kind(EntityKind::from(byte(kind)))
        .with_domain(PlatformDomain::from(byte(domain)))
        .with_country(Country::from(country))
        .with_category(byte(category))
        .with_subcategory(byte(subcategory))
        .with_specific(byte(specific))
        .with_extra(byte(extra))
}
