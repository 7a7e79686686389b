//! scratch
pub mod tree;
