//! The dependency parser: arc-hybrid transitions (SHIFT, LEFT, RIGHT) over a
//! stack that starts with the root, scored by an averaged perceptron over
//! hashed Zhang & Nivre (2011)-style features (stack and buffer words, tags,
//! lemmas, children and their labels, valency, distance, label sets).
//! The arc label is chosen by a second perceptron once the arc is made.
//!
//! Two transition tables share that labeller. The greedy one is trained
//! with the dynamic oracle of Goldberg & Nivre (2013) with exploration:
//! after the first epoch the parser mostly follows its own (possibly wrong)
//! predictions and learns the best action from there. The beam's (`wide`,
//! optional) is trained globally for beam search (Zhang & Clark 2008) with
//! max-violation updates (Huang et al. 2012) and a few more templates; it is
//! more accurate and several times slower, so callers choose the width (the
//! event coder decodes greedily).

use crate::feat::{feat, hash_str, Rng, Trainer, Weights};

const NONE: usize = usize::MAX;
const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;
const NOLABEL: u16 = u16::MAX;

/// Hashed attributes of the words of one sentence; index 0 is the root.
pub struct Ctx {
    n: usize,
    w: Vec<u64>,
    p: Vec<u64>,
    f: Vec<u64>,
    m: Vec<u64>,
    /// Running counts of verbs and punctuation marks up to each word.
    verbs: Vec<u16>,
    puncts: Vec<u16>,
}

impl Ctx {
    /// Words (in lower case) with their UPOS, fine tags (indices) and lemmas.
    pub fn new(lower: &[String], upos: &[u8], fine: &[u16], lemmas: &[String]) -> Ctx {
        let n = lower.len();
        let mut w = Vec::with_capacity(n + 1);
        let mut p = Vec::with_capacity(n + 1);
        let mut f = Vec::with_capacity(n + 1);
        let mut m = Vec::with_capacity(n + 1);
        w.push(hash_str(10, "<root>"));
        p.push(hash_str(11, "<root>"));
        f.push(hash_str(13, "<root>"));
        m.push(hash_str(12, "<root>"));
        for (i, form) in lower.iter().enumerate() {
            w.push(hash_str(10, form));
            p.push(u64::from(upos.get(i).copied().unwrap_or(16)) + 100);
            f.push(u64::from(fine.get(i).copied().unwrap_or(0)) + 0x10000);
            m.push(hash_str(12, lemmas.get(i).map_or("", String::as_str)));
        }
        let mut verbs = vec![0u16; n + 1];
        let mut puncts = vec![0u16; n + 1];
        for i in 1..=n {
            let u = upos.get(i - 1).copied().unwrap_or(16);
            verbs[i] = verbs[i - 1] + u16::from(u == 15 || u == 3);
            puncts[i] = puncts[i - 1] + u16::from(u == 12);
        }
        Ctx {
            n,
            w,
            p,
            f,
            m,
            verbs,
            puncts,
        }
    }
}

const NW: u64 = 0x1111;
const NP: u64 = 0x2222;
const NL: u64 = 0x3333;

pub struct State {
    stack: Vec<usize>,
    b: usize,
    pub head: Vec<usize>,
    pub label: Vec<u16>,
    lc: Vec<[usize; 2]>,
    rc: Vec<[usize; 2]>,
    vl: Vec<u8>,
    vr: Vec<u8>,
    lset: Vec<u128>,
    rset: Vec<u128>,
}

// Written out so that `clone_from` reuses the vectors: the beam copies
// states at every step and must not allocate there.
impl Clone for State {
    fn clone(&self) -> State {
        State {
            stack: self.stack.clone(),
            b: self.b,
            head: self.head.clone(),
            label: self.label.clone(),
            lc: self.lc.clone(),
            rc: self.rc.clone(),
            vl: self.vl.clone(),
            vr: self.vr.clone(),
            lset: self.lset.clone(),
            rset: self.rset.clone(),
        }
    }

    fn clone_from(&mut self, o: &State) {
        self.stack.clone_from(&o.stack);
        self.b = o.b;
        self.head.clone_from(&o.head);
        self.label.clone_from(&o.label);
        self.lc.clone_from(&o.lc);
        self.rc.clone_from(&o.rc);
        self.vl.clone_from(&o.vl);
        self.vr.clone_from(&o.vr);
        self.lset.clone_from(&o.lset);
        self.rset.clone_from(&o.rset);
    }
}

impl State {
    fn new(n: usize) -> State {
        State {
            stack: vec![0],
            b: 1,
            head: vec![NONE; n + 1],
            label: vec![NOLABEL; n + 1],
            lc: vec![[NONE; 2]; n + 1],
            rc: vec![[NONE; 2]; n + 1],
            vl: vec![0; n + 1],
            vr: vec![0; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
        }
    }

    fn n(&self) -> usize {
        self.head.len() - 1
    }

    fn s(&self, k: usize) -> usize {
        if k < self.stack.len() {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NONE
        }
    }

    fn bf(&self, k: usize) -> usize {
        if self.b + k <= self.n() {
            self.b + k
        } else {
            NONE
        }
    }

    fn terminal(&self) -> bool {
        self.b > self.n() && self.stack.len() <= 1
    }

    fn valid(&self) -> [bool; 3] {
        let buffer = self.b <= self.n();
        let depth = self.stack.len();
        let s0 = self.s(0);
        [
            buffer,
            buffer && depth >= 1 && s0 != 0,
            // One root: RIGHT onto the root only for the last word standing.
            depth >= 2 && (self.s(1) != 0 || (!buffer && depth == 2)),
        ]
    }

    fn attach(&mut self, h: usize, d: usize, l: u16) {
        self.head[d] = h;
        self.label[d] = l;
        let bit = 1u128 << (u32::from(l) % 128);
        if d < h {
            let c = &mut self.lc[h];
            if c[0] == NONE || d < c[0] {
                c[1] = c[0];
                c[0] = d;
            } else if c[1] == NONE || d < c[1] {
                c[1] = d;
            }
            self.vl[h] = self.vl[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            let c = &mut self.rc[h];
            if c[0] == NONE || d > c[0] {
                c[1] = c[0];
                c[0] = d;
            } else if c[1] == NONE || d > c[1] {
                c[1] = d;
            }
            self.vr[h] = self.vr[h].saturating_add(1);
            self.rset[h] |= bit;
        }
    }

    /// The arc an action would make: (head, dependent).
    fn arc(&self, action: usize) -> (usize, usize) {
        match action {
            LEFT => (self.b, self.s(0)),
            RIGHT => (self.s(1), self.s(0)),
            _ => (NONE, NONE),
        }
    }

    fn apply(&mut self, action: usize, l: u16) {
        match action {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            _ => {
                let (h, d) = self.arc(action);
                self.stack.pop();
                self.attach(h, d, l);
            }
        }
    }
}

fn dist(a: usize, b: usize) -> u64 {
    if a == NONE || b == NONE {
        return 99;
    }
    let d = a.abs_diff(b);
    match d {
        0..=4 => d as u64,
        5..=9 => 5,
        _ => 6,
    }
}

struct View<'a> {
    c: &'a Ctx,
    st: &'a State,
}

impl View<'_> {
    fn w(&self, i: usize) -> u64 {
        if i == NONE {
            NW
        } else {
            self.c.w[i]
        }
    }
    fn p(&self, i: usize) -> u64 {
        if i == NONE {
            NP
        } else {
            self.c.p[i]
        }
    }
    fn f(&self, i: usize) -> u64 {
        if i == NONE {
            NP
        } else {
            self.c.f[i]
        }
    }
    fn m(&self, i: usize) -> u64 {
        if i == NONE {
            NW
        } else {
            self.c.m[i]
        }
    }
    fn l(&self, i: usize) -> u64 {
        if i == NONE || self.st.label[i] == NOLABEL {
            NL
        } else {
            u64::from(self.st.label[i]) + 7000
        }
    }
    fn lc(&self, i: usize, k: usize) -> usize {
        if i == NONE {
            NONE
        } else {
            self.st.lc[i][k]
        }
    }
    fn rc(&self, i: usize, k: usize) -> usize {
        if i == NONE {
            NONE
        } else {
            self.st.rc[i][k]
        }
    }
    fn vl(&self, i: usize) -> u64 {
        if i == NONE {
            99
        } else {
            u64::from(self.st.vl[i])
        }
    }
    fn vr(&self, i: usize) -> u64 {
        if i == NONE {
            99
        } else {
            u64::from(self.st.vr[i])
        }
    }
    fn lset(&self, i: usize) -> u64 {
        if i == NONE {
            1
        } else {
            let s = self.st.lset[i];
            (s as u64) ^ ((s >> 64) as u64).rotate_left(7)
        }
    }
    fn rset(&self, i: usize) -> u64 {
        if i == NONE {
            1
        } else {
            let s = self.st.rset[i];
            (s as u64) ^ ((s >> 64) as u64).rotate_left(7)
        }
    }
    /// The word just before/after i in the sentence (not the stack).
    fn near(&self, i: usize, after: bool) -> usize {
        if i == NONE {
            NONE
        } else if after {
            if i < self.c.n {
                i + 1
            } else {
                NONE
            }
        } else if i > 1 {
            i - 1
        } else {
            NONE
        }
    }
}

/// `wide`: with the templates only the beam's weights have (the greedy
/// weights stay as they were trained before them).
fn trans_features(c: &Ctx, st: &State, f: &mut Vec<u64>, wide: bool) {
    f.clear();
    let v = View { c, st };
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (b0, b1, b2) = (st.bf(0), st.bf(1), st.bf(2));
    let (s0w, s0p, s0m) = (v.w(s0), v.p(s0), v.m(s0));
    let (s1w, s1p, s1m) = (v.w(s1), v.p(s1), v.m(s1));
    let (s2w, s2p) = (v.w(s2), v.p(s2));
    let (b0w, b0p, b0m) = (v.w(b0), v.p(b0), v.m(b0));
    let (b1w, b1p, b1m) = (v.w(b1), v.p(b1), v.m(b1));
    let (b2w, b2p) = (v.w(b2), v.p(b2));
    let (s0l, s0r, s0l2, s0r2) = (v.lc(s0, 0), v.rc(s0, 0), v.lc(s0, 1), v.rc(s0, 1));
    let (b0l, b0l2) = (v.lc(b0, 0), v.lc(b0, 1));
    let (s1l, s1r) = (v.lc(s1, 0), v.rc(s1, 0));
    let d = dist(s0, b0);
    let d1 = dist(s1, s0);
    let t = [
        (1, [s0w, s0p, 0]),
        (2, [s0w, 0, 0]),
        (3, [s0p, 0, 0]),
        (4, [b0w, b0p, 0]),
        (5, [b0w, 0, 0]),
        (6, [b0p, 0, 0]),
        (7, [b1w, b1p, 0]),
        (8, [b1w, 0, 0]),
        (9, [b1p, 0, 0]),
        (10, [b2w, b2p, 0]),
        (11, [b2p, 0, 0]),
        (12, [s1w, s1p, 0]),
        (13, [s1w, 0, 0]),
        (14, [s1p, 0, 0]),
        (15, [s2p, 0, 0]),
        (16, [s2w, s2p, 0]),
        (17, [s0m, 0, 0]),
        (18, [b0m, 0, 0]),
        (19, [b1m, 0, 0]),
        (20, [s1m, 0, 0]),
        (21, [s0w ^ s0p.rotate_left(17), b0w, b0p]),
        (22, [s0w, s0p, b0w]),
        (23, [s0w, b0w, b0p]),
        (24, [s0w, s0p, b0p]),
        (25, [s0p, b0w, b0p]),
        (26, [s0w, b0w, 0]),
        (27, [s0p, b0p, 0]),
        (28, [b0p, b1p, 0]),
        (29, [s1p, s0p, 0]),
        (30, [s1w, s0w, 0]),
        (31, [s1w, s1p, s0p]),
        (32, [s1p, s0w, s0p]),
        (33, [s0m, b0m, 0]),
        (34, [s1m, s0m, 0]),
        (35, [s1p, b0p, 0]),
        (36, [s1w, b0w, 0]),
        (37, [s1m, b0m, 0]),
        (38, [s0m, b0p, 0]),
        (39, [s0p, b0m, 0]),
        (40, [b0p, b1p, b2p]),
        (41, [s0p, b0p, b1p]),
        (42, [s1p, s0p, b0p]),
        (43, [s0p, v.p(s0l), b0p]),
        (44, [s0p, v.p(s0r), b0p]),
        (45, [s0p, b0p, v.p(b0l)]),
        (46, [s0p, v.p(s0l), v.p(s0l2)]),
        (47, [s0p, v.p(s0r), v.p(s0r2)]),
        (48, [b0p, v.p(b0l), v.p(b0l2)]),
        (49, [s2p, s1p, s0p]),
        (50, [s1p, v.p(s1l), s0p]),
        (51, [s1p, v.p(s1r), s0p]),
        (52, [s0w, b0p, b1p]),
        (53, [s0p, b0w, b1p]),
        (54, [s1p, s0p, b1p]),
        (55, [b0w, b1w, 0]),
        (56, [b0w, b1p, 0]),
        (57, [b0p, b1w, 0]),
        (60, [s0w, d, 0]),
        (61, [s0p, d, 0]),
        (62, [b0w, d, 0]),
        (63, [b0p, d, 0]),
        (64, [s0w, b0w, d]),
        (65, [s0p, b0p, d]),
        (66, [s1p, s0p, d1]),
        (67, [s1w, s0w, d1]),
        (68, [s1p, b0p, dist(s1, b0)]),
        (70, [s0w, v.vr(s0), 0]),
        (71, [s0p, v.vr(s0), 0]),
        (72, [s0w, v.vl(s0), 0]),
        (73, [s0p, v.vl(s0), 0]),
        (74, [b0w, v.vl(b0), 0]),
        (75, [b0p, v.vl(b0), 0]),
        (76, [s1p, v.vr(s1), 0]),
        (77, [s1p, v.vl(s1), 0]),
        (80, [v.w(s0l), 0, 0]),
        (81, [v.p(s0l), 0, 0]),
        (82, [v.l(s0l), 0, 0]),
        (83, [v.w(s0r), 0, 0]),
        (84, [v.p(s0r), 0, 0]),
        (85, [v.l(s0r), 0, 0]),
        (86, [v.w(b0l), 0, 0]),
        (87, [v.p(b0l), 0, 0]),
        (88, [v.l(b0l), 0, 0]),
        (89, [v.p(s1r), v.l(s1r), 0]),
        (90, [v.p(s1l), v.l(s1l), 0]),
        (91, [v.w(s0l2), 0, 0]),
        (92, [v.p(s0l2), 0, 0]),
        (93, [v.l(s0l2), 0, 0]),
        (94, [v.w(s0r2), 0, 0]),
        (95, [v.p(s0r2), 0, 0]),
        (96, [v.l(s0r2), 0, 0]),
        (97, [v.w(b0l2), 0, 0]),
        (98, [v.p(b0l2), 0, 0]),
        (99, [v.l(b0l2), 0, 0]),
        (100, [s0p, v.l(s0l), v.l(s0l2)]),
        (101, [s0p, v.l(s0r), v.l(s0r2)]),
        (102, [b0p, v.l(b0l), v.l(b0l2)]),
        (103, [s0w, v.rset(s0), 0]),
        (104, [s0p, v.rset(s0), 0]),
        (105, [s0w, v.lset(s0), 0]),
        (106, [s0p, v.lset(s0), 0]),
        (107, [b0w, v.lset(b0), 0]),
        (108, [b0p, v.lset(b0), 0]),
        (109, [s1p, v.rset(s1), 0]),
        (110, [s0p, b0p, v.l(b0l)]),
        (111, [s0p, v.l(s0r), b0p]),
        (112, [v.p(v.near(b0, false)), b0p, 0]),
        (113, [s0p, v.p(v.near(s0, true)), b0p]),
        (114, [b0p, (st.n().saturating_sub(st.b)).min(5) as u64, 0]),
        (115, [b0p, (st.stack.len() as u64).min(5), s0p]),
        (116, [s0p, v.lset(s0), v.rset(s0)]),
        (117, [s1p, s0p, v.l(s0l)]),
        (118, [s0m, v.l(s0l), v.l(s0r)]),
        (120, [v.f(s0), 0, 0]),
        (121, [v.f(b0), 0, 0]),
        (122, [v.f(s1), 0, 0]),
        (123, [v.f(b1), 0, 0]),
        (124, [v.f(s0), v.f(b0), 0]),
        (125, [v.f(s1), v.f(s0), 0]),
        (126, [v.f(s0), v.f(b0), v.f(b1)]),
        (127, [v.f(s1), v.f(s0), v.f(b0)]),
        (128, [s0w, v.f(b0), 0]),
        (129, [v.f(s0), b0w, 0]),
        (130, [v.f(s0), v.f(b0), d]),
        (131, [v.f(s0l), v.f(s0), v.f(b0)]),
        (132, [v.f(s0), v.f(s0r), v.f(b0)]),
        (133, [v.f(b0), v.f(b0l), 0]),
        (134, [v.f(s2), v.f(s1), v.f(s0)]),
    ];
    f.push(feat(0, &[]));
    for (k, parts) in t {
        f.push(feat(k, &parts));
    }
    // Verbs and punctuation between s0 and b0, and between s1 and s0.
    let between = |a: usize, b: usize| -> (u64, u64) {
        if a == NONE || b == NONE || a >= b {
            return (9, 9);
        }
        let v = c.verbs[b - 1].saturating_sub(c.verbs[a]).min(3);
        let p = c.puncts[b - 1].saturating_sub(c.puncts[a]).min(3);
        (u64::from(v), u64::from(p))
    };
    let (v0, p0) = between(s0, b0);
    let (v1, p1) = between(s1, s0);
    f.push(feat(140, &[s0p, b0p, v0 * 16 + p0]));
    f.push(feat(141, &[s1p, s0p, v1 * 16 + p1]));
    f.push(feat(142, &[s0w, v0 * 16 + p0]));
    f.push(feat(143, &[b0w, v0 * 16 + p0, d]));
    if !wide {
        return;
    }
    // LEFT and RIGHT choose between b0 and s1 as s0's head: the two
    // candidates together, with s0 (punctuation, conjunctions).
    f.push(feat(150, &[s0w, s1p, b0p]));
    f.push(feat(151, &[s0w, v.f(s1), v.f(b0)]));
    f.push(feat(152, &[s1p, b0w, 0]));
    f.push(feat(153, &[s1w, b0p, 0]));
    f.push(feat(154, &[s2p, s0p, b0p]));
    f.push(feat(155, &[s1p, v.p(s1r), b0p]));
    f.push(feat(156, &[s0p, s1p, b0p, dist(s1, b0)]));
    f.push(feat(157, &[s0w, s1w, b0w]));
}

fn label_features(c: &Ctx, st: &State, h: usize, d: usize, f: &mut Vec<u64>) {
    f.clear();
    let v = View { c, st };
    let dir = u64::from(d < h) + 11;
    let (dw, dp, dm) = (v.w(d), v.p(d), v.m(d));
    let (hw, hp, hm) = (v.w(h), v.p(h), v.m(h));
    let (dl, dr) = (v.lc(d, 0), v.rc(d, 0));
    let (hl, hr) = (v.lc(h, 0), v.rc(h, 0));
    let b0 = st.bf(if d < h { 1 } else { 0 });
    let t = [
        (1, [dw, dir, 0]),
        (2, [dp, dir, 0]),
        (3, [dm, dir, 0]),
        (4, [hw, dir, 0]),
        (5, [hp, dir, 0]),
        (6, [hm, dir, 0]),
        (7, [dp, hp, dir]),
        (8, [dw, hp, dir]),
        (9, [dp, hw, dir]),
        (10, [dm, hm, dir]),
        (11, [dw, hw, 0]),
        (12, [dist(h, d), dir, dp ^ hp.rotate_left(13)]),
        (13, [dp, dir, v.l(dl)]),
        (14, [dp, dir, v.l(dr)]),
        (15, [dp, dir, v.lset(d)]),
        (16, [dp, dir, v.rset(d)]),
        (17, [hp, dp ^ dir, v.lset(h)]),
        (18, [hp, dp ^ dir, v.rset(h)]),
        (19, [v.w(dl), dp, 0]),
        (20, [v.w(dl), hm, dir]),
        (21, [v.w(v.lc(d, 1)), dp, 0]),
        (22, [v.w(dr), dp, 0]),
        (23, [v.p(v.near(d, false)), dp, hp]),
        (24, [dp, v.p(v.near(d, true)), hp]),
        (25, [hp, v.p(v.near(h, false)), dp]),
        (26, [hp, v.p(v.near(h, true)), dp]),
        (27, [v.l(hl), hp, dir]),
        (28, [v.l(hr), hp, dir]),
        (29, [v.w(hl), dp, dir]),
        (30, [v.p(b0), dp, dir]),
        (31, [v.w(b0), dir, 0]),
        (32, [dm, hp, dir]),
        (33, [dp, hm, dir]),
        (34, [v.w(dl), v.w(dr), dp]),
        (35, [v.w(v.near(d, false)), dp, dir]),
        (36, [v.vl(d) ^ (v.vr(d) << 8), dp, dir]),
        (37, [v.f(d), dir, 0]),
        (38, [v.f(h), dir, 0]),
        (39, [v.f(d), v.f(h), dir]),
        (40, [v.f(d), hw, dir]),
        (41, [dw, v.f(h), dir]),
        (42, [v.f(d), v.f(h), v.l(dl)]),
        (43, [v.f(d), v.f(h), v.lset(h)]),
    ];
    f.push(feat(0, &[dir]));
    for (k, parts) in t {
        f.push(feat(k, &parts));
    }
}

/// Gold-standard cost of each action (arcs it makes unreachable), for the
/// dynamic oracle; `gold_head` and `children` index words 0..=n.
fn costs(st: &State, gold_head: &[usize], children: &[Vec<usize>], on_stack: &[bool]) -> [u32; 3] {
    let n = st.n();
    let in_buffer = |x: usize| x != NONE && x >= st.b && x <= n;
    let s0 = st.s(0);
    let s1 = st.s(1);
    let b0 = st.bf(0);
    let mut c = [0u32; 3];
    if b0 != NONE {
        // SHIFT: b0 loses heads and children on the stack (but s0 can still
        // become its head) .
        let h = gold_head[b0];
        if h != NONE && on_stack[h] && h != s0 {
            c[SHIFT] += 1;
        }
        c[SHIFT] += children[b0].iter().filter(|&&k| on_stack[k]).count() as u32;
    }
    if s0 != NONE {
        let deps_in_buffer = children[s0].iter().filter(|&&k| in_buffer(k)).count() as u32;
        let h = gold_head[s0];
        // LEFT: s0 takes b0 as head; loses a head that is s1 or later in the buffer.
        if h != NONE && h != b0 && (h == s1 || in_buffer(h)) {
            c[LEFT] += 1;
        }
        c[LEFT] += deps_in_buffer;
        // RIGHT: s0 takes s1 as head; loses a head in the buffer.
        if in_buffer(h) {
            c[RIGHT] += 1;
        }
        c[RIGHT] += deps_in_buffer;
    }
    c
}

pub struct ArcParser {
    pub labels: Vec<String>,
    pub trans: Weights,
    pub lab: Weights,
    /// Beam width of decoding (1: greedy).
    pub beam: usize,
    /// Transition weights trained globally for a beam (of width `beam`);
    /// decoding wider than 1 uses them, greedy decoding uses `trans`, trained
    /// for it. Both share the label weights.
    pub wide: Option<Weights>,
}

/// What the beam needs from a model: transition scores and a label for an arc.
/// Decoding scores with the quantised weights, training with the live ones.
trait Scorer {
    fn trans(&self, f: &[u64], out: &mut [f64; 3]);
    fn label(&self, f: &[u64], scratch: &mut Scratch) -> u16;
    /// Whether the transition weights are the beam's (wider templates).
    fn wide(&self) -> bool;
}

/// Label score buffer, reused across arcs.
#[derive(Default)]
struct Scratch {
    i: Vec<i32>,
}

fn label_of(lab: &Weights, f: &[u64], scratch: &mut Scratch) -> u16 {
    scratch.i.resize(lab.classes(), 0);
    lab.score(f, &mut scratch.i);
    crate::tagger::argmax_i(&scratch.i) as u16
}

/// Trained weights, for decoding.
struct Frozen<'a> {
    trans: &'a Weights,
    lab: &'a Weights,
    wide: bool,
}

impl Scorer for Frozen<'_> {
    fn trans(&self, f: &[u64], out: &mut [f64; 3]) {
        let mut s = [0i32; 3];
        self.trans.score(f, &mut s);
        for (o, v) in out.iter_mut().zip(s) {
            *o = f64::from(v);
        }
    }
    fn label(&self, f: &[u64], scratch: &mut Scratch) -> u16 {
        label_of(self.lab, f, scratch)
    }
    fn wide(&self) -> bool {
        self.wide
    }
}

/// Transition weights in training, with the (fixed) labeller of the
/// greedy model.
struct Live<'a> {
    tr: &'a Trainer,
    lab: &'a Weights,
}

impl Scorer for Live<'_> {
    fn wide(&self) -> bool {
        true
    }
    fn trans(&self, f: &[u64], out: &mut [f64; 3]) {
        let mut s = [0f32; 3];
        self.tr.score(f, &mut s);
        for (o, v) in out.iter_mut().zip(s) {
            *o = f64::from(v);
        }
    }
    fn label(&self, f: &[u64], scratch: &mut Scratch) -> u16 {
        label_of(self.lab, f, scratch)
    }
}

/// One hypothesis of the beam: its state, total score, the actions (with
/// labels) that made it, and whether those actions are still the gold ones.
#[derive(Clone)]
struct Item {
    st: State,
    score: f64,
    hist: Vec<(u8, u16)>,
    gold: bool,
}

impl Item {
    fn copy_from(&mut self, o: &Item) {
        self.st.clone_from(&o.st);
        self.score = o.score;
        self.hist.clone_from(&o.hist);
        self.gold = o.gold;
    }
}

/// The gold actions a training beam follows, the gold prefix's score after
/// each, and whether to update at the first step the gold falls out of the
/// beam (early update) or at the step where the best item outscores the gold
/// prefix the most (max-violation, Huang et al. 2012).
#[derive(Clone, Copy)]
struct Gold<'a> {
    actions: &'a [u8],
    scores: &'a [f64],
    max_violation: bool,
}

/// How a beam search ended: with the best final item, or (training, given
/// gold actions) at the first step where the gold sequence fell out of the
/// beam, with the history of the best candidate there.
enum Outcome {
    Done(Box<Item>),
    Violation(Vec<(u8, u16)>),
}

/// Beam search over transitions (Zhang & Clark 2008): each step extends
/// every item by each valid action, keeps the `k` best by total score.
/// With `gold`, stops at the first step the gold prefix leaves the beam
/// (early update, Collins & Roark 2004).
fn beam_search(sc: &impl Scorer, c: &Ctx, k: usize, gold: Option<Gold>) -> Outcome {
    let n = c.n;
    let start = Item {
        st: State::new(n),
        score: 0.0,
        hist: Vec::with_capacity(2 * n),
        gold: gold.is_some(),
    };
    let mut worst: Option<(f64, Vec<(u8, u16)>)> = None;
    let mut items = vec![start];
    let mut next: Vec<Item> = Vec::with_capacity(k);
    let mut f = Vec::with_capacity(160);
    let mut scratch = Scratch::default();
    let mut cands: Vec<(f64, usize, usize, bool)> = Vec::with_capacity(3 * k);
    let mut s = [0f64; 3];
    let mut t = 0usize;
    while !items[0].st.terminal() {
        cands.clear();
        for (i, it) in items.iter().enumerate() {
            trans_features(c, &it.st, &mut f, sc.wide());
            sc.trans(&f, &mut s);
            let valid = it.st.valid();
            for a in 0..3 {
                if valid[a] {
                    let g = it.gold && gold.and_then(|g| g.actions.get(t)) == Some(&(a as u8));
                    cands.push((it.score + s[a], i, a, g));
                }
            }
        }
        if cands.is_empty() {
            break;
        }
        // Best first; ties by parent then action, for reproducibility.
        cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        cands.truncate(k);
        if let Some(g) = gold {
            let (best, p, a, is_gold) = cands[0];
            let history = || {
                let mut h = items[p].hist.clone();
                h.push((a as u8, 0));
                h
            };
            if !g.max_violation && !cands.iter().any(|c| c.3) {
                return Outcome::Violation(history());
            }
            if g.max_violation && !is_gold {
                let v = best - g.scores.get(t).copied().unwrap_or(0.0);
                if worst.as_ref().is_none_or(|(w, _)| v > *w) {
                    worst = Some((v, history()));
                }
            }
        }
        for (j, &(score, p, a, g)) in cands.iter().enumerate() {
            if next.len() <= j {
                next.push(items[p].clone());
            } else {
                next[j].copy_from(&items[p]);
            }
            let it = &mut next[j];
            let mut l = 0u16;
            if a != SHIFT {
                let (h, d) = it.st.arc(a);
                label_features(c, &it.st, h, d, &mut f);
                l = sc.label(&f, &mut scratch);
            }
            it.st.apply(a, l);
            it.hist.push((a as u8, l));
            it.score = score;
            it.gold = g;
        }
        next.truncate(cands.len());
        std::mem::swap(&mut items, &mut next);
        t += 1;
    }
    if let Some((_, h)) = worst {
        return Outcome::Violation(h);
    }
    items.truncate(1);
    Outcome::Done(Box::new(items.pop().unwrap_or_else(|| Item {
        st: State::new(n),
        score: 0.0,
        hist: Vec::new(),
        gold: false,
    })))
}

fn best_valid_i(s: &[i32; 3], valid: &[bool; 3]) -> usize {
    let mut best = NONE;
    for a in 0..3 {
        if valid[a] && (best == NONE || s[a] > s[best]) {
            best = a;
        }
    }
    best
}

impl ArcParser {
    /// Heads (0 = root) and label indices of words 1..=n.
    pub fn parse(&self, c: &Ctx) -> (Vec<usize>, Vec<u16>) {
        self.parse_beam(c, self.beam)
    }

    /// [`ArcParser::parse`] with a beam of `k` (1: greedy, the fastest).
    pub fn parse_beam(&self, c: &Ctx, k: usize) -> (Vec<usize>, Vec<u16>) {
        if k > 1 {
            let sc = Frozen {
                trans: self.wide.as_ref().unwrap_or(&self.trans),
                lab: &self.lab,
                wide: self.wide.is_some(),
            };
            let st = match beam_search(&sc, c, k, None) {
                Outcome::Done(it) => it.st,
                Outcome::Violation(_) => State::new(c.n),
            };
            return finish(&st);
        }
        let n = c.n;
        let mut st = State::new(n);
        let mut f = Vec::with_capacity(128);
        let mut s = [0i32; 3];
        let mut ls = vec![0i32; self.labels.len()];
        while !st.terminal() {
            trans_features(c, &st, &mut f, false);
            self.trans.score(&f, &mut s);
            let valid = st.valid();
            let a = best_valid_i(&s, &valid);
            if a == NONE {
                break;
            }
            let mut l = 0u16;
            if a != SHIFT {
                let (h, d) = st.arc(a);
                label_features(c, &st, h, d, &mut f);
                self.lab.score(&f, &mut ls);
                l = crate::tagger::argmax_i(&ls) as u16;
            }
            st.apply(a, l);
        }
        finish(&st)
    }

    pub fn write(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        crate::feat::write_u32(w, self.labels.len() as u32)?;
        for l in &self.labels {
            crate::feat::write_str(w, l)?;
        }
        self.trans.write(w)?;
        self.lab.write(w)?;
        crate::feat::write_u32(w, self.beam as u32)?;
        match &self.wide {
            Some(t) => {
                crate::feat::write_u32(w, 1)?;
                t.write(w)
            }
            None => crate::feat::write_u32(w, 0),
        }
    }

    pub fn read(r: &mut dyn std::io::Read) -> std::io::Result<ArcParser> {
        let n = crate::feat::read_u32(r)? as usize;
        if n == 0 || n > 1000 {
            return Err(crate::feat::bad("labels"));
        }
        let labels = (0..n)
            .map(|_| crate::feat::read_str(r))
            .collect::<std::io::Result<Vec<_>>>()?;
        let trans = Weights::read(r)?;
        let lab = Weights::read(r)?;
        if trans.classes() != 3 || lab.classes() != n {
            return Err(crate::feat::bad("parser weights"));
        }
        // Models written before the beam end here: they decode greedily.
        let beam = match crate::feat::read_u32(r) {
            Ok(b) if (1..=64).contains(&b) => b as usize,
            Ok(_) => return Err(crate::feat::bad("beam width")),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Ok(ArcParser {
                    labels,
                    trans,
                    lab,
                    beam: 1,
                    wide: None,
                })
            }
            Err(e) => return Err(e),
        };
        let wide = match crate::feat::read_u32(r)? {
            0 => None,
            1 => Some(Weights::read(r)?),
            _ => return Err(crate::feat::bad("beam weights flag")),
        };
        if wide.as_ref().is_some_and(|w| w.classes() != 3) {
            return Err(crate::feat::bad("beam weights"));
        }
        Ok(ArcParser {
            labels,
            trans,
            lab,
            beam,
            wide,
        })
    }
}

/// Heads (0 = root) and label indices of words 1..=n of a final state.
fn finish(st: &State) -> (Vec<usize>, Vec<u16>) {
    let n = st.n();
    let mut heads = Vec::with_capacity(n);
    let mut labels = Vec::with_capacity(n);
    for i in 1..=n {
        // Never reached by the transitions, kept total for safety.
        let h = if st.head[i] == NONE { 0 } else { st.head[i] };
        heads.push(h);
        labels.push(if st.label[i] == NOLABEL {
            0
        } else {
            st.label[i]
        });
    }
    (heads, labels)
}

/// A training sentence: its context and gold heads and labels, words 1..=n
/// (index 0 unused).
pub struct TrainSent {
    pub ctx: Ctx,
    pub heads: Vec<usize>,
    pub labels: Vec<u16>,
}

impl TrainSent {
    pub fn new(ctx: Ctx, heads: &[usize], labels: &[u16]) -> TrainSent {
        let mut h = vec![NONE];
        h.extend_from_slice(heads);
        let mut l = vec![NOLABEL];
        l.extend_from_slice(labels);
        TrainSent {
            ctx,
            heads: h,
            labels: l,
        }
    }
}

/// Trains for `epochs` passes (fixed seed) with tables of 2^`trans_bits` and
/// 2^`label_bits` rows; `after_epoch` is called after each epoch with the
/// averaged parser so far.
pub fn train(
    sents: &[TrainSent],
    labels: Vec<String>,
    (epochs, seed): (usize, u64),
    (trans_bits, label_bits): (u32, u32),
    mut after_epoch: impl FnMut(usize, f64, &ArcParser),
) -> ArcParser {
    let nl = labels.len();
    let mut tr = Trainer::new(3, trans_bits);
    let mut lt = Trainer::new(nl, label_bits);
    let mut rng = Rng(seed | 1);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut f = Vec::with_capacity(128);
    let mut s = [0f32; 3];
    // How often (percent) training follows its own prediction after epoch 1.
    let explore_pct = std::env::var("STEPPE_PARSE_EXPLORE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|p| *p <= 100)
        .unwrap_or(90);
    let mut ls = vec![0f32; nl];
    let mut parser = ArcParser {
        labels: labels.clone(),
        trans: Trainer::new(3, 8).finish(),
        lab: Trainer::new(nl, 8).finish(),
        beam: 1,
        wide: None,
    };
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut good, mut all) = (0usize, 0usize);
        for &si in &order {
            let ts = &sents[si];
            let (children, mut st, mut on_stack) = start(ts);
            while !st.terminal() {
                tr.tick();
                trans_features(&ts.ctx, &st, &mut f, false);
                tr.score(&f, &mut s);
                let valid = st.valid();
                let cost = costs(&st, &ts.heads, &children, &on_stack);
                let mut pred = NONE;
                let mut gold = NONE;
                let mut min = u32::MAX;
                for a in 0..3 {
                    if valid[a] {
                        min = min.min(cost[a]);
                    }
                }
                for a in 0..3 {
                    if !valid[a] {
                        continue;
                    }
                    if pred == NONE || s[a] > s[pred] {
                        pred = a;
                    }
                    if cost[a] == min && (gold == NONE || s[a] > s[gold]) {
                        gold = a;
                    }
                }
                if pred == NONE {
                    break;
                }
                if cost[pred] > min {
                    tr.update(&f, gold, 1.0);
                    tr.update(&f, pred, -1.0);
                }
                let explore = epoch > 0 && rng.below(100) < explore_pct;
                let a = if explore { pred } else { gold };
                let mut l = 0u16;
                if a != SHIFT {
                    let (h, d) = st.arc(a);
                    label_features(&ts.ctx, &st, h, d, &mut f);
                    lt.tick();
                    lt.score(&f, &mut ls);
                    let mut guess = 0;
                    for k in 1..nl {
                        if ls[k] > ls[guess] {
                            guess = k;
                        }
                    }
                    l = guess as u16;
                    if ts.heads[d] == h {
                        let truth = ts.labels[d] as usize;
                        all += 1;
                        if guess != truth {
                            lt.update(&f, truth, 1.0);
                            lt.update(&f, guess, -1.0);
                        } else {
                            good += 1;
                        }
                        if !explore {
                            l = truth as u16;
                        }
                    }
                    on_stack[d] = false;
                } else {
                    on_stack[st.b] = true;
                }
                st.apply(a, l);
            }
        }
        parser.trans = tr.snapshot();
        parser.lab = lt.snapshot();
        after_epoch(epoch + 1, good as f64 / all.max(1) as f64, &parser);
    }
    parser
}

/// A training sentence's gold children (words 0..=n), its first state and
/// which words are on the stack (the root) for the oracle.
fn start(ts: &TrainSent) -> (Vec<Vec<usize>>, State, Vec<bool>) {
    let n = ts.ctx.n;
    let mut children = vec![Vec::new(); n + 1];
    for d in 1..=n {
        let h = ts.heads[d];
        if h <= n {
            children[h].push(d);
        }
    }
    let mut on_stack = vec![false; n + 1];
    on_stack[0] = true;
    (children, State::new(n), on_stack)
}

/// Global training of the beam's transition weights (`greedy.wide`), with
/// the greedy model's labeller: for each sentence, a gold action sequence (the
/// best-scoring of the least-cost actions at each step, so that
/// non-projective trees have one too); then a beam search that, where the
/// best item outscores the gold prefix the most (max-violation, or at the
/// first step the gold falls out of the beam with STEPPE_PARSE_UPDATE=early),
/// rewards the gold prefix's features and penalises the best item's.
pub fn train_wide(
    sents: &[TrainSent],
    mut greedy: ArcParser,
    (epochs, seed): (usize, u64),
    trans_bits: u32,
    beam: usize,
    mut after_epoch: impl FnMut(usize, &ArcParser),
) -> ArcParser {
    let mut tr = Trainer::new(3, trans_bits);
    let mut rng = Rng(seed | 1);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut f = Vec::with_capacity(160);
    let mut s = [0f32; 3];
    let mut gold_actions: Vec<u8> = Vec::new();
    let mut gfeats: Vec<u64> = Vec::new();
    let mut goff: Vec<usize> = Vec::new();
    let mut gscores: Vec<f64> = Vec::new();
    let max_violation = std::env::var("STEPPE_PARSE_UPDATE").map_or(true, |v| v != "early");
    greedy.beam = beam.max(2);
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let ts = &sents[si];
            let n = ts.ctx.n;
            let (children, mut st, mut on_stack) = start(ts);
            gold_actions.clear();
            gfeats.clear();
            goff.clear();
            gscores.clear();
            let mut total = 0f64;
            while !st.terminal() {
                trans_features(&ts.ctx, &st, &mut f, true);
                tr.score(&f, &mut s);
                let valid = st.valid();
                let cost = costs(&st, &ts.heads, &children, &on_stack);
                let min = (0..3)
                    .filter(|&a| valid[a])
                    .map(|a| cost[a])
                    .min()
                    .unwrap_or(u32::MAX);
                let mut gold = NONE;
                for a in 0..3 {
                    if valid[a] && cost[a] == min && (gold == NONE || s[a] > s[gold]) {
                        gold = a;
                    }
                }
                if gold == NONE {
                    break;
                }
                goff.push(gfeats.len());
                gfeats.extend_from_slice(&f);
                gold_actions.push(gold as u8);
                total += f64::from(s[gold]);
                gscores.push(total);
                let mut l = 0u16;
                if gold != SHIFT {
                    let (h, d) = st.arc(gold);
                    l = ts.labels[d];
                    if ts.heads[d] != h {
                        let mut scratch = Scratch::default();
                        label_features(&ts.ctx, &st, h, d, &mut f);
                        l = label_of(&greedy.lab, &f, &mut scratch);
                    }
                    on_stack[d] = false;
                } else {
                    on_stack[st.b] = true;
                }
                st.apply(gold, l);
            }
            goff.push(gfeats.len());
            tr.tick();
            let live = Live {
                tr: &tr,
                lab: &greedy.lab,
            };
            let g = Gold {
                actions: &gold_actions,
                scores: &gscores,
                max_violation,
            };
            let pred = match beam_search(&live, &ts.ctx, beam, Some(g)) {
                Outcome::Done(it) if it.gold => continue,
                Outcome::Done(it) => it.hist,
                Outcome::Violation(h) => h,
            };
            let len = pred.len().min(gold_actions.len());
            for (j, &a) in gold_actions.iter().enumerate().take(len) {
                if let Some(g) = goff.get(j..j + 2).and_then(|o| gfeats.get(o[0]..o[1])) {
                    tr.update(g, usize::from(a), 1.0);
                }
            }
            let mut st = State::new(n);
            for &(a, l) in pred.iter().take(len) {
                trans_features(&ts.ctx, &st, &mut f, true);
                tr.update(&f, usize::from(a), -1.0);
                st.apply(usize::from(a), l);
            }
        }
        greedy.wide = Some(tr.snapshot());
        after_epoch(epoch + 1, &greedy);
    }
    greedy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_parser(wide: bool) -> ArcParser {
        let labels = vec!["root".to_string(), "dep".to_string()];
        ArcParser {
            labels,
            trans: Trainer::new(3, 8).finish(),
            lab: Trainer::new(2, 8).finish(),
            beam: if wide { 4 } else { 1 },
            wide: wide.then(|| Trainer::new(3, 8).finish()),
        }
    }

    #[test]
    fn files_without_a_beam_read_as_greedy() {
        let mut buf = Vec::new();
        tiny_parser(false).write(&mut buf).unwrap();
        // A model of before the beam ends with its label weights.
        buf.truncate(buf.len() - 8);
        let p = ArcParser::read(&mut buf.as_slice()).unwrap();
        assert_eq!((p.beam, p.wide.is_some()), (1, false));

        let mut buf = Vec::new();
        tiny_parser(true).write(&mut buf).unwrap();
        let p = ArcParser::read(&mut buf.as_slice()).unwrap();
        assert_eq!((p.beam, p.wide.is_some()), (4, true));
        buf.truncate(buf.len() - 10);
        assert!(ArcParser::read(&mut buf.as_slice()).is_err());
    }

    #[test]
    fn beam_and_greedy_decoding_make_trees() {
        let words: Vec<String> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let c = Ctx::new(&words, &[7, 15, 7, 1, 7], &[7, 15, 7, 1, 7], &words);
        let p = tiny_parser(true);
        for k in [1, 2, 4, 9] {
            let (heads, labels) = p.parse_beam(&c, k);
            assert_eq!((heads.len(), labels.len()), (5, 5));
            assert_eq!(heads.iter().filter(|h| **h == 0).count(), 1, "beam {k}");
            assert!(heads
                .iter()
                .enumerate()
                .all(|(i, h)| *h != i + 1 && *h <= 5));
        }
    }
}
