//! Hashed features and the averaged perceptron shared by the tagger and the
//! parser: features are 64-bit hashes, a model keeps one row of weights per
//! bucket (the hash's top bits); trained in f32 with lazy averaging, kept as
//! one companded byte a weight with one scale per model.

use std::io::{self, Read, Write};

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Murmur-style finaliser.
#[inline]
fn fin(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// FNV-1a of a string with a salt: stable across runs and platforms.
pub fn hash_str(salt: u64, s: &str) -> u64 {
    Fnv::new(salt).str(s).finish()
}

/// [`hash_str`] fed piece by piece, so that a string built only to be hashed
/// (a word shape) need not be allocated.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    pub fn new(salt: u64) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325 ^ salt.wrapping_mul(K))
    }

    #[inline]
    pub fn str(mut self, s: &str) -> Fnv {
        for b in s.bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    pub fn char(self, c: char) -> Fnv {
        self.str(c.encode_utf8(&mut [0u8; 4]))
    }

    pub fn finish(self) -> u64 {
        fin(self.0)
    }
}

/// The last `n` characters of `s` (all of it when shorter).
pub fn suffix(s: &str, n: usize) -> &str {
    n.checked_sub(1)
        .and_then(|k| s.char_indices().rev().nth(k))
        .and_then(|(i, _)| s.get(i..))
        .unwrap_or(if n == 0 { "" } else { s })
}

/// The first `n` characters of `s` (all of it when shorter).
pub fn prefix(s: &str, n: usize) -> &str {
    s.char_indices()
        .nth(n)
        .and_then(|(i, _)| s.get(..i))
        .unwrap_or(s)
}

/// A feature from a template number and its parts (already hashed values).
#[inline]
pub fn feat(template: u64, parts: &[u64]) -> u64 {
    let mut h = template.wrapping_add(1).wrapping_mul(0xA24B_AED4_963E_E407);
    for &p in parts {
        h = (h ^ p).wrapping_mul(K).rotate_left(31);
    }
    fin(h)
}

/// Weights being trained: f32, with totals and time stamps for averaging.
pub struct Trainer {
    classes: usize,
    bits: u32,
    w: Vec<f32>,
    total: Vec<f32>,
    stamp: Vec<u32>,
    step: u32,
}

impl Trainer {
    pub fn new(classes: usize, bits: u32) -> Trainer {
        let n = (1usize << bits) * classes;
        Trainer {
            classes,
            bits,
            w: vec![0.0; n],
            total: vec![0.0; n],
            stamp: vec![0; n],
            step: 0,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    #[inline]
    fn row(&self, f: u64) -> usize {
        ((f >> (64 - self.bits)) as usize) * self.classes
    }

    pub fn score(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|v| *v = 0.0);
        for &f in feats {
            let r = self.row(f);
            if let Some(row) = self.w.get(r..r + self.classes) {
                for (o, w) in out.iter_mut().zip(row) {
                    *o += *w;
                }
            }
        }
    }

    /// One training example seen (the clock of the averaging).
    pub fn tick(&mut self) {
        self.step += 1;
    }

    pub fn update(&mut self, feats: &[u64], class: usize, delta: f32) {
        for &f in feats {
            let k = self.row(f) + class;
            if k < self.w.len() {
                self.total[k] += (self.step - self.stamp[k]) as f32 * self.w[k];
                self.stamp[k] = self.step;
                self.w[k] += delta;
            }
        }
    }

    /// The averaged weights so far, quantised (training can go on).
    pub fn snapshot(&self) -> Weights {
        let step = self.step.max(1);
        let avg: Vec<f32> = (0..self.w.len())
            .map(|k| (self.total[k] + (step - self.stamp[k]) as f32 * self.w[k]) / step as f32)
            .collect();
        Weights::quantise(self.classes, self.bits, &avg)
    }

    /// The averaged weights, quantised.
    pub fn finish(self) -> Weights {
        self.snapshot()
    }
}

/// Trained weights: i16 each, one scale (irrelevant to the arg-max, kept for
/// reference).
pub struct Weights {
    classes: usize,
    bits: u32,
    q: Vec<i16>,
}

impl Weights {
    fn quantise(classes: usize, bits: u32, w: &[f32]) -> Weights {
        let max = w.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-9);
        let scale = max / 32000.0;
        let q = w
            .iter()
            .map(|v| (v / scale).round().clamp(-32000.0, 32000.0) as i16)
            .collect();
        Weights { classes, bits, q }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// How many weights are not zero, and how many are at most `small` in size.
    pub fn census(&self, small: i16) -> (usize, usize) {
        let nz = self.q.iter().filter(|v| **v != 0).count();
        let sm = self
            .q
            .iter()
            .filter(|v| **v != 0 && v.abs() <= small)
            .count();
        (nz, sm)
    }

    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [i32]) {
        if let ([a, b, c], 3) = (&mut *out, self.classes) {
            // The transitions: a loop without an inner one lets the CPU
            // overlap the cache misses of many rows.
            let (mut x, mut y, mut z) = (0i32, 0i32, 0i32);
            for &f in feats {
                let r = ((f >> (64 - self.bits)) as usize) * 3;
                if let Some(&[p, q, w]) = self.q.get(r..r + 3) {
                    x += i32::from(p);
                    y += i32::from(q);
                    z += i32::from(w);
                }
            }
            (*a, *b, *c) = (x, y, z);
            return;
        }
        out.iter_mut().for_each(|v| *v = 0);
        for &f in feats {
            let r = ((f >> (64 - self.bits)) as usize) * self.classes;
            if let Some(row) = self.q.get(r..r + self.classes) {
                for (o, w) in out.iter_mut().zip(row) {
                    *o += i32::from(*w);
                }
            }
        }
    }

    /// Written one byte a weight, companded (the square root of the size is
    /// kept linear, so small weights keep their precision), class-major so
    /// that gzip finds the runs of zeros.
    /// The score of one class.
    #[inline]
    pub fn score_one(&self, feats: &[u64], class: usize) -> i32 {
        let mut s = 0i32;
        for &f in feats {
            let r = ((f >> (64 - self.bits)) as usize) * self.classes + class;
            s += self.q.get(r).map_or(0, |w| i32::from(*w));
        }
        s
    }

    pub fn write(&self, w: &mut dyn Write) -> io::Result<()> {
        write_u32(w, self.classes as u32)?;
        write_u32(w, self.bits)?;
        let rows = 1usize << self.bits;
        let mut buf = Vec::with_capacity(rows);
        for c in 0..self.classes {
            buf.clear();
            for r in 0..rows {
                let v = f32::from(self.q.get(r * self.classes + c).copied().unwrap_or(0));
                let q = (127.0 * (v.abs() / 32000.0).sqrt()).round().min(127.0) as i8;
                buf.push((if v < 0.0 { -q } else { q }) as u8);
            }
            w.write_all(&buf)?;
        }
        Ok(())
    }

    pub fn read(r: &mut dyn Read) -> io::Result<Weights> {
        let classes = read_u32(r)? as usize;
        let bits = read_u32(r)?;
        if classes == 0 || classes > 4096 || !(8..=26).contains(&bits) {
            return Err(bad("weights header"));
        }
        let table: Vec<i16> = (0..256)
            .map(|b| {
                let q = f32::from(b as u8 as i8);
                (q.signum() * 32000.0 * (q / 127.0) * (q / 127.0)).round() as i16
            })
            .collect();
        let rows = 1usize << bits;
        let mut q = vec![0i16; rows * classes];
        let mut buf = vec![0u8; rows];
        for c in 0..classes {
            r.read_exact(&mut buf)?;
            for (row, b) in buf.iter().enumerate() {
                q[row * classes + c] = table[*b as usize];
            }
        }
        Ok(Weights { classes, bits, q })
    }
}

pub fn bad(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("parser model: bad {what}"),
    )
}

pub fn write_u32(w: &mut dyn Write, v: u32) -> io::Result<()> {
    w.write_all(&v.to_le_bytes())
}

pub fn read_u32(r: &mut dyn Read) -> io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

pub fn write_str(w: &mut dyn Write, s: &str) -> io::Result<()> {
    write_u32(w, s.len() as u32)?;
    w.write_all(s.as_bytes())
}

pub fn read_str(r: &mut dyn Read) -> io::Result<String> {
    let n = read_u32(r)? as usize;
    if n > 1 << 20 {
        return Err(bad("string length"));
    }
    let mut b = vec![0u8; n];
    r.read_exact(&mut b)?;
    String::from_utf8(b).map_err(|_| bad("string"))
}

/// A tiny xorshift generator: training is reproducible with a fixed seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_count_characters_not_bytes() {
        assert_eq!(suffix("éléphant", 3), "ant");
        assert_eq!(suffix("été", 2), "té");
        assert_eq!(suffix("là", 5), "là");
        assert_eq!(suffix("là", 0), "");
        assert_eq!(prefix("écoles", 2), "éc");
        assert_eq!(prefix("où", 4), "où");
    }

    #[test]
    fn piecewise_hash_is_the_string_hash() {
        let h = Fnv::new(6).str("dé").char('j').char('à').finish();
        assert_eq!(h, hash_str(6, "déjà"));
        assert_ne!(h, hash_str(7, "déjà"));
    }
}
