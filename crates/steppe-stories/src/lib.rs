//! Across articles: [`passages`], the syndicated copies and shared passages
//! between two texts (winnowed word shingles aligned to offsets in both), and
//! [`cluster`], the online clusterer that groups articles into stories and
//! stories into threads, estimates dates of undated articles, and finds each
//! article's copies within its window; [`encoder`], the static multilingual
//! article encoder (distilled from multilingual-e5-small) the clusterer
//! compares meanings with.
// Tests slice their own fixed strings; input paths use checked ranges.
#![cfg_attr(test, allow(clippy::string_slice))]

pub mod cluster;
pub mod encoder;
pub mod passages;
