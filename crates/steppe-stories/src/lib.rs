//! Across articles. Today: [`passages`], the syndicated copies and shared
//! passages between two texts, found through winnowed word shingles and
//! aligned to character offsets in both. Story clustering and threads come next.

pub mod passages;
