#!/usr/bin/env python3
"""Convert NewsReader MEANTIME (English, CAT XML) into TimeML for scoring.

Usage:
    python3 scripts/meantime2tml.py [MEANTIME_DIR] [OUT_DIR] [--keep-dateline] [--all-sentences]

MEANTIME_DIR defaults to ../shared/corpora/meantime-en and OUT_DIR to
/tmp/meantime-tml. The documents are read from MEANTIME_DIR/intra-doc_annotation
(120 Wikinews articles in 4 topic folders); each becomes OUT_DIR/<topic>/<doc_id>.tml,
which `chronicler eval --gold OUT_DIR` and ../shared/eval/timeml_score.py accept.

What a TimeML file holds:
* <TEXT>: the tokens of each sentence joined by single spaces, one sentence a
  line, starting with a newline (as in TBAQ). The title is the first line.
  MEANTIME annotates only the title, the dateline and the first four or five
  sentences of each article (sentences 0-5 of the CAT file); <TEXT> stops at
  the last annotated sentence (at least sentence 5), since a system is not to
  be scored on text nobody annotated. --all-sentences keeps the whole article
  (every timex found after that then counts as spurious).
* <DCT>: the CREATION_TIME TIMEX3 as tid "t0". MEANTIME anchors it to the
  dateline (the second sentence, "March 01 , 2008"); by default that sentence
  is left out of <TEXT>, as TBAQ keeps its DCT outside <TEXT>, so that 118 easy
  datelines do not inflate the scores. With --keep-dateline the dateline stays
  in <TEXT> as an ordinary TIMEX3 with the DCT's value. Two documents mark
  their dateline with functionInDocument="NONE"; there the DATE timex inside
  the second sentence is taken as the DCT.
* TIMEX3 with tid "t<m_id>", type, value (and mod, anchorTimeID when given).
  Timexes without tokens (MEANTIME's empty, non-text-consuming ones) are left out.
* EVENT for each EVENT_MENTION (eid "e<m_id>", class left out, since MEANTIME has
  no TimeML class), with MAKEINSTANCE, and TLINKs between events and timexes
  (MEANTIME's reltype as relType), so that anchoring can be scored too. An
  event that overlaps a timex or an earlier event, or a timex that overlaps
  an earlier timex, is left out (TimeML tags do
  not nest); the script prints how many.
"""

import glob
import os
import re
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr


def convert(path, keep_dateline, all_sentences):
    root = ET.parse(path).getroot()
    tokens = []  # (t_id, sentence, text) in document order
    for t in root.iter("token"):
        tokens.append((t.get("t_id"), int(t.get("sentence")), t.text or ""))
    tokens.sort(key=lambda x: int(x[0]))
    position = {tid: i for i, (tid, _, _) in enumerate(tokens)}
    markables = root.find("Markables")
    stats = {"timex": 0, "event": 0, "timex3_skipped": 0, "event_skipped": 0, "empty_timex": 0}

    def span(el):
        ids = [a.get("t_id") for a in el.findall("token_anchor")]
        idx = sorted(position[i] for i in ids if i in position)
        return (idx[0], idx[-1]) if idx else None

    timexes = []
    dct = None
    for tx in markables.iter("TIMEX3"):
        s = span(tx)
        if s is None:
            stats["empty_timex"] += 1
            continue
        if tx.get("functionInDocument") == "CREATION_TIME" and dct is None:
            dct = (tx, s)
        else:
            timexes.append((tx, s))
    if dct is None:  # a dateline marked NONE: the DATE timex in sentence 1
        for tx, s in timexes:
            if tx.get("type") == "DATE" and tokens[s[0]][1] == 1 and tokens[s[1]][1] == 1:
                dct = (tx, s)
                timexes.remove((tx, s))
                break
    dct_value = dct[0].get("value", "") if dct is not None else ""
    if dct is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d(T.*)?", dct_value):
        # One document gives its DCT as "03-02-2009"; its dateline says
        # "February 03 , 2009": read the date from the dateline tokens.
        words = [tokens[i][2] for i in range(dct[1][0], dct[1][1] + 1)]
        months = ["january", "february", "march", "april", "may", "june", "july",
                  "august", "september", "october", "november", "december"]
        m = re.fullmatch(r"(\w+) (\d{1,2}) , (\d{4})", " ".join(words))
        if m and m.group(1).lower() in months:
            dct_value = "%s-%02d-%02d" % (m.group(3), months.index(m.group(1).lower()) + 1, int(m.group(2)))
            stats["dct_fixed"] = stats.get("dct_fixed", 0) + 1
    dateline = None
    if dct is not None:
        dateline = {tokens[i][1] for i in range(dct[1][0], dct[1][1] + 1)}
        if keep_dateline:
            timexes.append(dct)
            dateline = None

    events = []
    for ev in markables.iter("EVENT_MENTION"):
        s = span(ev)
        if s is not None:
            events.append((ev, s))

    # Tags by start token; drop whatever would overlap an earlier tag.
    taken = [None] * len(tokens)
    tags = []
    for kind, items in (("TIMEX3", timexes), ("EVENT", events)):
        for el, (a, b) in sorted(items, key=lambda x: x[1]):
            if dateline and tokens[a][1] in dateline:
                continue
            if any(taken[i] for i in range(a, b + 1)):
                stats[kind.lower() + "_skipped"] += 1
                continue
            for i in range(a, b + 1):
                taken[i] = kind
            tags.append((a, b, kind, el))
            stats["timex" if kind == "TIMEX3" else "event"] += 1
    starts = {a: (b, kind, el) for a, b, kind, el in tags}

    def attrs(kind, el):
        m = el.get("m_id")
        if kind == "TIMEX3":
            out = [("tid", "t" + m), ("type", el.get("type", "")), ("value", el.get("value", ""))]
            for key in ("mod", "anchorTimeID"):
                if el.get(key):
                    out.append((key, ("t" + el.get(key)) if key == "anchorTimeID" else el.get(key)))
            return out
        return [("eid", "e" + m)]

    # MEANTIME annotates only the title, the dateline and the first sentences
    # of each article (sentences 0-5; one document 0-6, where a photo caption
    # is a sentence of its own): the rest of the text is unannotated.
    last = 5
    for el in markables:
        for a in el.findall("token_anchor"):
            if a.get("t_id") in position:
                last = max(last, tokens[position[a.get("t_id")]][1])
    if all_sentences:
        last = None

    text = ["\n"]
    sentence = None
    open_until = None
    for i, (tid, sent, word) in enumerate(tokens):
        if dateline and sent in dateline or last is not None and sent > last:
            continue
        if sentence is not None and sent != sentence:
            text.append("\n")
        elif sentence is not None:
            text.append(" ")
        sentence = sent
        if i in starts:
            b, kind, el = starts[i]
            text.append("<%s %s>" % (kind, " ".join("%s=%s" % (k, quoteattr(v)) for k, v in attrs(kind, el))))
            open_until = (b, kind)
        text.append(escape(word))
        if open_until and open_until[0] == i:
            text.append("</%s>" % open_until[1])
            open_until = None
    text.append("\n")

    # Links between events and timexes that are in the text (or the DCT).
    in_text = {el.get("m_id"): kind for _, _, kind, el in tags}
    dct_id = dct[0].get("m_id") if dct is not None else None
    links = []
    for n, link in enumerate(root.iter("TLINK")):
        src = link.find("source")
        tgt = link.find("target")
        if src is None or tgt is None:
            continue
        s, t = src.get("m_id"), tgt.get("m_id")
        rel = link.get("reltype", "")

        def time_id(m):
            if m == dct_id and not keep_dateline:
                return "t0"
            return "t" + m if in_text.get(m) == "TIMEX3" else None

        if in_text.get(s) == "EVENT" and time_id(t):
            links.append('<TLINK lid="l%d" relType=%s eventInstanceID="ei%s" relatedToTime="%s"/>'
                         % (n, quoteattr(rel), s, time_id(t)))
        elif time_id(s) and in_text.get(t) == "EVENT":
            links.append('<TLINK lid="l%d" relType=%s timeID="%s" relatedToEventInstance="ei%s"/>'
                         % (n, quoteattr(rel), time_id(s), t))

    out = ['<?xml version="1.0" ?>\n<TimeML>\n']
    out.append("<DOCID>%s</DOCID>\n" % escape(root.get("doc_id", "")))
    if dct is not None:
        out.append('<DCT><TIMEX3 tid="t0" type=%s value=%s temporalFunction="false" '
                   'functionInDocument="CREATION_TIME">%s</TIMEX3></DCT>\n'
                   % (quoteattr(dct[0].get("type", "DATE")), quoteattr(dct_value), escape(dct_value)))
    out.append("<TEXT>" + "".join(text) + "</TEXT>\n")
    for _, _, kind, el in tags:
        if kind == "EVENT":
            m = el.get("m_id")
            out.append('<MAKEINSTANCE eiid="ei%s" eventID="e%s"/>\n' % (m, m))
    for link in links:
        out.append(link + "\n")
    out.append("</TimeML>\n")
    return "".join(out), stats, dct is not None


def main(argv):
    keep = "--keep-dateline" in argv
    args = [a for a in argv if not a.startswith("--")]
    src = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora", "meantime-en")
    dst = args[1] if len(args) > 1 else "/tmp/meantime-tml"
    files = sorted(glob.glob(os.path.join(src, "intra-doc_annotation", "*", "*.xml")))
    if not files:
        print("no MEANTIME files under %s/intra-doc_annotation" % src, file=sys.stderr)
        return 1
    total = {}
    no_dct = 0
    for path in files:
        tml, stats, has_dct = convert(path, keep, "--all-sentences" in argv)
        topic = os.path.basename(os.path.dirname(path))
        doc_id = os.path.basename(path).split("_", 1)[0]
        os.makedirs(os.path.join(dst, topic), exist_ok=True)
        with open(os.path.join(dst, topic, doc_id + ".tml"), "w", encoding="utf-8") as fh:
            fh.write(tml)
        for k, v in stats.items():
            total[k] = total.get(k, 0) + v
        no_dct += not has_dct
    print("%d documents -> %s: %d TIMEX3 in <TEXT> (%d overlapping left out), %d EVENT (%d overlapping left out), "
          "%d empty timexes left out, %d without DCT, %d DCT values read from the dateline%s"
          % (len(files), dst, total["timex"], total["timex3_skipped"], total["event"], total["event_skipped"],
             total["empty_timex"], no_dct, total.get("dct_fixed", 0), " (datelines kept in <TEXT>)" if keep else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
