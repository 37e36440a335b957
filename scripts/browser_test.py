#!/usr/bin/env python3
"""Browser test of `chronicler extract --format html`, run by .ci/run (not by
`cargo test`: it needs Chromium).

Writes the page for the seed fixture, for every other fixture at once (one
lane per document) and for a 200-entry article, opens each in headless
Chromium and checks in the DOM, against the timeline of `--format json`:

- one marker per timeline entry, each with its document and event id;
- markers in timeline order stand left to right on the axis (entries of the
  same day may differ: the timeline orders those by position in the text,
  the axis by time of day);
- vague entries in the vague lane, the others in the dated lane;
- no two markers overlap, nothing overflows the window sideways;
- the page asks for nothing over the network;
- a marker opens its details with Enter (the sentence with the time
  expression marked), Escape closes them;
- an entry the checker doubts is marked and carries the message.

Saves screenshots to target/browser-test/ (`--docs` also saves the seed's
to docs/timeline.png, the window's height). Talks to Chromium over the DevTools protocol on a
pipe (--remote-debugging-pipe): standard library only.

Usage: python3 scripts/browser_test.py [--docs]
Env: CHROMIUM (default /usr/bin/chromium), CHRONICLER (default: cargo build,
then target/debug/chronicler).
"""

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "browser-test")
WIDTH, HEIGHT = 1366, 900
failures = []
passed = 0


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)
        print("  FAIL:", what)


class Chromium:
    """Headless Chromium driven over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="chronicler-chromium-")
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        hi_cmd, hi_res = os.dup(cmd_r), os.dup(res_w)

        def fds():
            os.dup2(hi_cmd, 3)
            os.dup2(hi_res, 4)

        args = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--hide-scrollbars", "--force-color-profile=srgb",
            "--user-data-dir=" + self.profile, "--remote-debugging-pipe",
            "about:blank",
        ]
        self.proc = subprocess.Popen(
            args, preexec_fn=fds, pass_fds=(3, 4), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for fd in (cmd_r, res_w, hi_cmd, hi_res):
            os.close(fd)
        self.w, self.r = cmd_w, res_r
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def _read(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self.r], [], [], left)
            if ready:
                chunk = os.read(self.r, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe")
                self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            m = self._read(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read(deadline))

    def open_page(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        att = self.send("Target.attachToTarget",
                        {"targetId": target["targetId"], "flatten": True}, session=False)
        self.session = att["sessionId"]
        self.send("Page.enable")
        self.send("Network.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})

    def navigate(self, url):
        self.events = []
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def eval(self, expr):
        r = self.send("Runtime.evaluate",
                      {"expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"script error: {r['exceptionDetails']}")
        return r["result"].get("value")

    def key(self, key, code, vk, text=None):
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk}
        if text:
            down["text"] = text
        self.send("Input.dispatchKeyEvent", down)
        self.send("Input.dispatchKeyEvent",
                  {"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk})

    def screenshot(self, path, max_height=1600):
        h = self.eval("document.documentElement.scrollHeight")
        h = min(max(h, HEIGHT), max_height)
        shot = self.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": WIDTH, "height": h, "scale": 1},
        })
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self.w)
        os.close(self.r)
        shutil.rmtree(self.profile, ignore_errors=True)


MEASURE = r"""
(() => {
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  const ms = [...document.querySelectorAll('#chart .marker')];
  return {
    rendered: document.documentElement.getAttribute('data-rendered'),
    markers: ms.map(m => {
      const d = m.querySelector('.dot').getBoundingClientRect();
      return {doc: +m.dataset.doc, event: m.dataset.event, order: +m.dataset.order,
              x: d.left + d.width / 2, lane: m.closest('.lane').classList.contains('vague') ? 'vague' : 'dated',
              flagged: m.classList.contains('flagged'), title: m.title || '',
              box: box(m.getBoundingClientRect()), lanebox: box(m.closest('.lane').getBoundingClientRect())};
    }),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    outside: [...document.querySelectorAll('[src],[href],link,iframe,img')].length,
  };
})()
"""


def chronicler(binary, args):
    r = subprocess.run([binary] + args, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"chronicler {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r.stdout


def stress_article():
    """A 200-entry article: one dated sentence a day, plus many on one day."""
    lines = ["Published: 2020-12-31", ""]
    months = ["January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December"]
    for i in range(150):
        m, d = months[i % 12], 1 + (i * 7) % 28
        lines.append(f"The council met on {m} {d}, {2000 + i // 12} to discuss item {i}.")
    for h in range(50):
        lines.append(f"Officials reported update {h} at {1 + h % 12}:{(h * 7) % 60:02d} a.m. on Dec. 30.")
    return "\n".join(lines) + "\n"


def run_case(browser, binary, name, inputs, extra):
    print(f"== {name}")
    html = os.path.join(OUT, name + ".html")
    chronicler(binary, ["extract"] + inputs + extra + ["-f", "html", "-o", html])
    docs = json.loads(chronicler(binary, ["extract"] + inputs + extra + ["-f", "json"]))
    if isinstance(docs, dict):
        docs = [docs]
    total = sum(len(d["entries"]) for d in docs)
    browser.navigate("file://" + html)
    got = browser.eval(MEASURE)
    ms = got["markers"]
    check(got["rendered"] == str(total), f"{name}: page rendered {got['rendered']} markers, timeline has {total}")
    check(len(ms) == total, f"{name}: {len(ms)} markers in the DOM, {total} timeline entries")
    check(got["outside"] == 0, f"{name}: {got['outside']} elements point outside the page")
    requests = [e for e in browser.events if e.get("method") == "Network.requestWillBeSent"
                and not e["params"]["request"]["url"].startswith("file://")]
    check(not requests, f"{name}: network requests: {[e['params']['request']['url'] for e in requests]}")
    check(got["scrollWidth"] <= got["innerWidth"],
          f"{name}: page is {got['scrollWidth']}px wide in a {got['innerWidth']}px window")
    same_day_swaps = 0
    for di, d in enumerate(docs):
        mine = sorted((m for m in ms if m["doc"] == di), key=lambda m: m["order"])
        want = d["timeline"]
        check([m["event"] for m in mine] == want,
              f"{name}: document {di} markers {[m['event'] for m in mine]} != timeline {want}")
        entries = d["entries"]
        for m in mine:
            e = entries[m["order"]] if m["order"] < len(entries) else None
            if e is None:
                continue
            want_lane = "vague" if e["vague"] or e["first"] is None else "dated"
            check(m["lane"] == want_lane, f"{name}: {m['event']} in the {m['lane']} lane, want {want_lane}")
            if e.get("findings"):
                check(m["flagged"] and m["title"], f"{name}: {m['event']} has findings but is not marked")
        for a, b in zip(mine, mine[1:]):
            ea, eb = entries[a["order"]], entries[b["order"]]
            if b["x"] + 0.5 >= a["x"]:
                continue
            if ea["first"] is not None and ea["first"] == eb["first"]:
                same_day_swaps += 1
                continue
            check(False, f"{name}: {b['event']} ({eb['value']}) is left of {a['event']} ({ea['value']}) "
                         f"but follows it in the timeline ({b['x']:.1f} < {a['x']:.1f})")
    boxes = [m["box"] for m in ms]
    overlaps = 0
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            p, q = boxes[i], boxes[j]
            if p["left"] < q["right"] - 1 and q["left"] < p["right"] - 1 and \
                    p["top"] < q["bottom"] - 1 and q["top"] < p["bottom"] - 1:
                overlaps += 1
    check(overlaps == 0, f"{name}: {overlaps} pairs of markers overlap")
    print(f"  {len(ms)} markers, {len(docs)} document(s); same-day entries ordered by time of day: {same_day_swaps}")
    return docs, ms


def main():
    start = time.time()
    binary = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(binary):
        print(f"browser test: {binary} not found (apt-get install chromium)", file=sys.stderr)
        return 2
    exe = os.environ.get("CHRONICLER")
    if not exe:
        subprocess.run(["cargo", "build", "--quiet", "--bin", "chronicler"], cwd=ROOT, check=True)
        exe = os.path.join(ROOT, "target", "debug", "chronicler")
    os.makedirs(OUT, exist_ok=True)
    stress = os.path.join(OUT, "stress.txt")
    with open(stress, "w") as f:
        f.write(stress_article())
    fixtures = sorted(os.path.join("fixtures", f) for f in os.listdir(os.path.join(ROOT, "fixtures"))
                      if f.endswith(".txt") and f != "seed.txt")
    browser = Chromium(binary)
    try:
        browser.open_page()
        # The seed article, with the keyboard and the details panel.
        docs, ms = run_case(browser, exe, "seed", ["fixtures/seed.txt"], ["--published", "2017-05-05"])
        first = docs[0]["entries"][0]
        timex = next((t["text"] for t in docs[0]["timexes"] if t["id"] == first["timex"]), None)
        browser.eval("document.querySelector('#chart .marker[data-order=\"0\"]').focus()")
        browser.key("Enter", "Enter", 13, "\r")
        shown = browser.eval("""(() => { const d = document.getElementById('details');
            const m = d.querySelector('mark'); return {hidden: d.hidden, mark: m && m.textContent,
            expanded: document.activeElement.getAttribute('aria-expanded')}; })()""")
        check(not shown["hidden"] and shown["mark"] == timex and shown["expanded"] == "true",
              f"seed: Enter on the first marker shows {shown}, want its sentence with “{timex}” marked")
        browser.key("ArrowRight", "ArrowRight", 39)
        moved = browser.eval("document.activeElement.dataset.order")
        check(moved == "1", f"seed: ArrowRight moved the focus to marker {moved}, want 1")
        browser.key("Escape", "Escape", 27)
        check(browser.eval("document.getElementById('details').hidden"), "seed: Escape does not close the details")
        flagged = [m for m in ms if m["flagged"]]
        check(bool(flagged), "seed: no marker is marked as doubted by the checker")
        if flagged:
            browser.eval(f"document.querySelector('#chart .marker[data-event=\"{flagged[0]['event']}\"]').click()")
        browser.eval("document.activeElement && document.activeElement.blur()")
        shot = os.path.join(OUT, "seed.png")
        browser.screenshot(shot)
        if "--docs" in sys.argv:
            browser.screenshot(os.path.join(ROOT, "docs", "timeline.png"), max_height=HEIGHT)
        # Every other fixture at once.
        run_case(browser, exe, "fixtures", fixtures, [])
        browser.screenshot(os.path.join(OUT, "fixtures.png"), max_height=2400)
        # 200 entries.
        docs, _ = run_case(browser, exe, "stress", [stress], [])
        check(len(docs[0]["entries"]) >= 200, f"stress: only {len(docs[0]['entries'])} entries")
        browser.screenshot(os.path.join(OUT, "stress.png"), max_height=2400)
    finally:
        browser.close()
    print(f"screenshots in {os.path.relpath(OUT, ROOT)}/; took {time.time() - start:.1f}s")
    print(f"browser: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
