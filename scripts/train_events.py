#!/usr/bin/env python3
"""Train chronicler's event-trigger model from the TempEval-3 training corpus.

How to run (from the project root; python3, standard library only)::

    python3 scripts/train_events.py                 # train on all, write src/event/*.tsv
    python3 scripts/train_events.py --cv            # also cross-validate TimeBank <-> AQUAINT
    python3 scripts/train_events.py --train TimeBank --out /tmp/tb   # one half only

The corpus is TBAQ-cleaned (``../shared/corpora/tbaq-cleaned/{TimeBank,AQUAINT}/*.tml``;
``--corpus`` changes it).  Only the plain ``<TEXT>``, its ``EVENT`` tags and where its
``TIMEX3`` tags are (for the ``tx`` feature) are used.

What it learns
--------------
Every word token is a candidate trigger.  Tokens are maximal runs of
alphanumeric characters, where a hyphen between two alphanumerics continues the
word (``cease-fire``); every other non-space character is a one-character
token.  ``src/event/mod.rs`` tokenises the same way, and the two must stay in
step.  A token is positive when a gold EVENT starts inside it (the scorer's
rule).

1. ``lexicon.tsv``: for every lowercased word form that is annotated as an
   EVENT at least once, ``form<TAB>events<TAB>untagged<TAB>class``, where
   ``class`` is the form's majority TimeML class (ties broken by the order in
   ``CLASSES``).  Rust uses it for the class and for provenance, and backs
   off to the majority class of the form's crude stem (see ``stem``), then to
   OCCURRENCE.
2. ``model.tsv``: a binary logistic regression, ``feature<TAB>weight``, over
   these string features of a token (all lowercased; see ``features``):

   * ``b``                      bias
   * ``w=FORM`` ``st=STEM``     the form and its crude stem
   * ``s3= s4=SUFFIX``          its last 3 and 4 characters (words of 4+ chars)
   * ``p= n=TOKEN``             the previous and next tokens, punctuation
                                included (``<s>`` at the start of the text or
                                of a line, ``</s>`` at a line break or the end)
   * ``cap`` ``acap`` ``init``  capitalised inside a sentence (likely a name),
                                all capitals, first word of a sentence
   * ``dig`` ``hyph``           contains a digit, contains a hyphen
   * ``ncap``                   the next token is capitalised (inside a name)
   * ``tx1 tx2 tx3``            a time expression 1, 2 or 3 tokens away in
                                the same sentence (see ``timex_near``; the
                                gold TIMEX3 here, chronicler's own timexes in
                                Rust): events are written near their dates

   A token is an event when ``sigmoid(sum of weights) >= THRESHOLD`` (0.5,
   written to ``model.tsv`` as the feature ``#threshold``).  Training is
   AdaGrad on the log loss with L2 (``L2``), ``EPOCHS`` passes over the tokens
   in a fixed pseudo-random order (seed ``SEED``), so runs are reproducible;
   few epochs act as the regulariser (more epochs fit the training half
   better and the other half worse).  Form and stem features are kept from
   one occurrence; context, suffix and shape features need ``MIN_COUNT``
   occurrences.  Weights under ``PRUNE`` in magnitude are not written.

   The settings were chosen by the cross-validation below (mean F1 of the two
   directions): dropping the second-previous token, the previous token's stem
   and 2-letter suffixes raised it from 0.768 to 0.785; 12 or 25 epochs and
   L2 of 0.01 or more lowered it; a cross-fitted lexicon-ratio feature and a
   lower threshold for forms always tagged in training changed it by less
   than 0.003 and were left out.  The ``tx`` feature raised it from 0.7872
   to 0.7891 (TimeBank -> AQUAINT 0.8321 -> 0.8351, AQUAINT -> TimeBank
   0.7422 -> 0.7431) and finds 29 more of the 1,992 events annotators anchor
   to a time expression (1,805 -> 1,834, training on both halves).

No corpus text goes into the data files: each row holds one word form or one
neighbouring token, never a sequence.

Cross-validation (``--cv``) trains on one half and scores on the other, both
ways, at the token level with the scorer's rule (a gold event is found when a
predicted token starts in the same token), and reports class accuracy over
found events.  Numbers from the full Rust pipeline come from
``scripts/eval_tbaq.sh``; build with a model trained on one half (``--train
TimeBank --out src/event`` in a scratch copy of the project) to get them for
the other half.

Measured (token level, this script, with the gold time expressions; the Rust
pipeline, with its own, finds 10,116 events on both halves where this finds
10,121, with 11,130 predicted in both):

    train TimeBank  test AQUAINT   P 0.873  R 0.800  F1 0.835  class acc 0.819
    train AQUAINT   test TimeBank  P 0.747  R 0.740  F1 0.743  class acc 0.771
    train both      test both      P 0.909  R 0.910  F1 0.910  class acc 0.889
"""

import argparse
import glob
import math
import os
import random
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

CLASSES = ("OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION")
THRESHOLD = 0.5
EPOCHS = 5
L2 = 1e-5
RATE = 0.2
MIN_COUNT = 5
PRUNE = 0.05
SEED = 7

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "corpora", "tbaq-cleaned")


# --------------------------------------------------------------------------
# Reading the corpus
# --------------------------------------------------------------------------

def text_with_spans(element):
    """Plain text of `element` and (child, start, end) for every descendant."""
    parts, spans, length = [], [], 0

    def walk(el):
        nonlocal length
        if el.text:
            parts.append(el.text)
            length += len(el.text)
        for child in el:
            start = length
            slot = len(spans)
            spans.append((child, start, start))
            walk(child)
            spans[slot] = (child, start, length)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)

    walk(element)
    return "".join(parts), spans


def read_doc(path):
    """(text, events, timexes, root): events are dicts with start, end, eid, class."""
    root = ET.parse(path).getroot()
    text_el = root.find(".//TEXT")
    text, spans = text_with_spans(text_el)
    events, timexes = [], []
    for el, start, end in spans:
        if el.tag == "EVENT":
            events.append({"start": start, "end": end, "eid": el.get("eid"), "class": el.get("class")})
        elif el.tag == "TIMEX3":
            timexes.append({"start": start, "end": end, "tid": el.get("tid"), "type": el.get("type"),
                            "value": el.get("value")})
    return text, events, timexes, root


def corpus_files(corpus, parts):
    files = []
    for part in parts:
        found = sorted(glob.glob(os.path.join(corpus, part, "*.tml")))
        if not found:
            sys.exit(f"error: no .tml files in {os.path.join(corpus, part)}")
        files.extend(found)
    return files


# --------------------------------------------------------------------------
# Tokens and features (mirrored in src/event/mod.rs)
# --------------------------------------------------------------------------

def is_word_char(c):
    return c.isalnum()


def tokenize(text):
    """[(start, end, is_word, newline_before)] over `text` (code point offsets)."""
    out, i, n, newline = [], 0, len(text), True
    while i < n:
        c = text[i]
        if c.isspace():
            if c == "\n":
                newline = True
            i += 1
            continue
        if is_word_char(c):
            j = i + 1
            while j < n:
                if is_word_char(text[j]):
                    j += 1
                elif text[j] == "-" and j + 1 < n and is_word_char(text[j + 1]):
                    j += 2
                else:
                    break
            out.append((i, j, True, newline))
        else:
            j = i + 1
            out.append((i, j, False, newline))
        newline = False
        i = j
    return out


def stem(w):
    """A crude stem: drop -s, -ed, -ing, a final -e and a doubled final consonant."""
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


SENTENCE_END = {".", "!", "?"}
QUOTES = {'"', "'", "`", "\u201c", "\u2018", "(", "["}


def sentence_initial(tokens, texts, k):
    """Whether token k opens a sentence: first token, after a line break, or
    after . ! ? (skipping opening quotes and brackets)."""
    j = k
    while True:
        if tokens[j][3] or j == 0:
            return True
        prev = texts[j - 1]
        if prev in SENTENCE_END:
            return True
        if prev in QUOTES and not tokens[j - 1][2]:
            j -= 1
            continue
        return False


NEAR = 3


def timex_near(tokens, texts, timexes):
    """For each token, the distance (1 to NEAR tokens) to the nearest token
    inside a time expression in its sentence, or 0: none that near, or the
    token is inside one itself.  The count stops at a sentence end (a ``.``,
    ``!`` or ``?`` token strictly between the two) and at a line break.  The
    time expressions are the gold TIMEX3 here and chronicler's own in Rust
    (``Model::near`` in ``src/event/model.rs``)."""
    inside = [any(t["start"] < e and s < t["end"] for t in timexes) for s, e, _, _ in tokens]
    out = [0] * len(tokens)
    for k in range(len(tokens)):
        if inside[k]:
            continue
        for d in range(1, NEAR + 1):
            hit = False
            for j in (k - d, k + d):
                if not 0 <= j < len(tokens) or not inside[j]:
                    continue
                lo, hi = min(j, k), max(j, k)
                if any(texts[m] in SENTENCE_END for m in range(lo + 1, hi)):
                    continue
                if any(tokens[m][3] for m in range(lo + 1, hi + 1)):
                    continue
                hit = True
            if hit:
                out[k] = d
                break
    return out


def features(tokens, texts, lowers, k, near=None):
    w = lowers[k]
    raw = texts[k]
    f = ["b", "w=" + w, "st=" + stem(w)]
    if len(w) >= 4:
        f += ["s3=" + w[-3:], "s4=" + w[-4:]]
    init = sentence_initial(tokens, texts, k)
    prev = "<s>" if k == 0 or tokens[k][3] else lowers[k - 1]
    f.append("p=" + prev)
    nxt = lowers[k + 1] if k + 1 < len(tokens) and not tokens[k + 1][3] else "</s>"
    f.append("n=" + nxt)
    if raw[0].isupper():
        f.append("init" if init else "cap")
    if len(raw) > 1 and raw.isupper():
        f.append("acap")
    if any(c.isdigit() for c in raw):
        f.append("dig")
    if "-" in raw:
        f.append("hyph")
    if k + 1 < len(tokens) and tokens[k + 1][2] and texts[k + 1][0].isupper():
        f.append("ncap")
    if near is not None and near[k]:
        f.append("tx%d" % near[k])
    return f


def examples(files):
    """[(features, label, class, form)] for every word token of `files`."""
    out = []
    for path in files:
        text, events, timexes, _ = read_doc(path)
        tokens = tokenize(text)
        texts = [text[s:e] for s, e, _, _ in tokens]
        lowers = [t.lower() for t in texts]
        near = timex_near(tokens, texts, timexes)
        starts = {}
        for ev in events:
            starts[ev["start"]] = ev["class"]
        # map each gold event start to the token containing it
        tok_class = {}
        ti = 0
        for s in sorted(starts):
            while ti < len(tokens) and tokens[ti][1] <= s:
                ti += 1
            if ti < len(tokens) and tokens[ti][0] <= s:
                tok_class[ti] = starts[s]
        for k, (s, e, is_word, _) in enumerate(tokens):
            if not is_word:
                continue
            cls = tok_class.get(k)
            out.append((features(tokens, texts, lowers, k, near), cls is not None, cls, lowers[k]))
    return out


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------

def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def train(data):
    counts = Counter(f for feats, _, _, _ in data for f in feats)
    keep = {f for f, c in counts.items() if c >= MIN_COUNT or f.startswith(("w=", "st="))}
    rows = [([f for f in feats if f in keep], label) for feats, label, _, _ in data]
    w = defaultdict(float)
    g2 = defaultdict(lambda: 1e-8)
    order = list(range(len(rows)))
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            feats, label = rows[i]
            z = sum(w[f] for f in feats)
            grad = sigmoid(z) - (1.0 if label else 0.0)
            for f in feats:
                g = grad + L2 * w[f]
                g2[f] += g * g
                w[f] -= RATE * g / math.sqrt(g2[f])
    return {f: round(v, 3) for f, v in w.items() if abs(v) >= PRUNE}


def predict(model, feats):
    return sigmoid(sum(model.get(f, 0.0) for f in feats)) >= THRESHOLD


def lexicon(data):
    ev, un = Counter(), Counter()
    cls = defaultdict(Counter)
    for _, label, c, form in data:
        if label:
            ev[form] += 1
            cls[form][c] += 1
        else:
            un[form] += 1
    out = {}
    for form in ev:
        best = max(CLASSES, key=lambda k: (cls[form][k], -CLASSES.index(k)))
        out[form] = (ev[form], un[form], best)
    return out


def class_of(lex, stems, form):
    if form in lex:
        return lex[form][2]
    return stems.get(stem(form), "OCCURRENCE")


def stem_classes(lex):
    by = defaultdict(Counter)
    for form, (n, _, c) in lex.items():
        by[stem(form)][c] += n
    return {s: max(CLASSES, key=lambda k: (cnt[k], -CLASSES.index(k))) for s, cnt in by.items()}


def evaluate(model, lex, data):
    tp = fp = fn = cls_ok = 0
    stems = stem_classes(lex)
    for feats, label, c, form in data:
        p = predict(model, feats)
        if p and label:
            tp += 1
            cls_ok += class_of(lex, stems, form) == c
        elif p:
            fp += 1
        elif label:
            fn += 1
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"P": prec, "R": rec, "F1": f1, "class_acc": cls_ok / tp if tp else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def fmt(r):
    return "P %.4f  R %.4f  F1 %.4f  class acc %.4f  (tp %d fp %d fn %d)" % (
        r["P"], r["R"], r["F1"], r["class_acc"], r["tp"], r["fp"], r["fn"])


def write(out_dir, model, lex, parts):
    os.makedirs(out_dir, exist_ok=True)
    header = "# generated by scripts/train_events.py from TBAQ-cleaned %s; do not edit\n" % "+".join(parts)
    with open(os.path.join(out_dir, "lexicon.tsv"), "w", encoding="utf-8") as fh:
        fh.write(header)
        fh.write("# form\tevents\tuntagged\tclass\n")
        for form in sorted(lex):
            n, u, c = lex[form]
            fh.write("%s\t%d\t%d\t%s\n" % (form, n, u, c))
    with open(os.path.join(out_dir, "model.tsv"), "w", encoding="utf-8") as fh:
        fh.write(header)
        fh.write("# feature\tweight (logistic regression; event when sigmoid(sum) >= threshold)\n")
        fh.write("#threshold\t%s\n" % THRESHOLD)
        for f in sorted(model):
            fh.write("%s\t%s\n" % (f, model[f]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--train", default="TimeBank,AQUAINT", help="comma-separated corpus parts")
    ap.add_argument("--out", default=os.path.join(ROOT, "src", "event"))
    ap.add_argument("--cv", action="store_true", help="cross-validate TimeBank <-> AQUAINT first")
    args = ap.parse_args(argv)
    if args.cv:
        halves = {p: examples(corpus_files(args.corpus, [p])) for p in ("TimeBank", "AQUAINT")}
        for tr, te in (("TimeBank", "AQUAINT"), ("AQUAINT", "TimeBank")):
            model = train(halves[tr])
            print("train %-8s test %-8s %s" % (tr, te, fmt(evaluate(model, lexicon(halves[tr]), halves[te]))))
    parts = args.train.split(",")
    data = examples(corpus_files(args.corpus, parts))
    model = train(data)
    lex = lexicon(data)
    print("train %-17s on itself %s" % ("+".join(parts), fmt(evaluate(model, lex, data))))
    write(args.out, model, lex, parts)
    print("wrote %s/lexicon.tsv (%d forms), model.tsv (%d weights)" % (args.out, len(lex), len(model)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
