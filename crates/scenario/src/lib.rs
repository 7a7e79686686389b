//! # iadsim-scenario
//! SKELETON
