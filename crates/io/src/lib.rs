//! # iadsim-io
//! SKELETON
