#!/usr/bin/env python3
"""Browser test of the web UI: headless Chromium (Debian's package) on a store
of the seeds. It searches, opens the main story, an actor page and a relation
chart, the French story page, checks what each page shows (text and counts,
not only a status), and keeps a screenshot of each page.

usage: tools/browser_test.py STEPPE_BIN SEEDS_DIR ARTIFACTS_DIR

Exits 0 and says so when the seeds are absent (nothing to test on). Only the
standard library: the DOM is read from `chromium --dump-dom`.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def browser(url, profile, screenshot=None, height=2600):
    """The DOM of a page after load; a screenshot of it when asked."""
    args = [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size=1280,{height}",
            "--virtual-time-budget=3000"]
    if screenshot:
        subprocess.run(args + [f"--screenshot={screenshot}", url], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    out = subprocess.run(args + ["--dump-dom", url], check=True, capture_output=True, timeout=60)
    return out.stdout.decode("utf-8", "replace")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    binary, seeds, artifacts = sys.argv[1:]
    if not os.path.isdir(seeds):
        print(f"browser test skipped: no seeds at {seeds} (../shared absent)")
        return 0
    if not chromium():
        print("browser test: chromium not found (apt-get install -y chromium)")
        return 1
    os.makedirs(artifacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="steppe-browser-")
    db = os.path.join(work, "seeds.db")
    subprocess.run([binary, "ingest", seeds, "--db", db, "--quiet"], check=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--db", db, "--addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        profile = os.path.join(work, "profile")
        shot = lambda name: os.path.join(artifacts, name + ".png")

        dom = browser(base + "/en/", profile, shot("home"))
        check("Recent stories" in dom, "home: recent stories listed")
        check('data-chart="volume"' in dom and 'class="bar"' in dom, "home: volume chart drawn")

        dom = browser(base + "/en/search?q=Blinken", profile, shot("search"))
        total = re.search(r'<span id="total">(\d+)</span>', dom)
        check(total is not None and int(total.group(1)) >= 4, f"search Blinken: {total and total.group(1)} results (>= 4)")
        check("<b>Blinken</b>" in dom, "search: the word is highlighted in snippets")
        check('data-facet="lang"' in dom and 'data-facet="source"' in dom, "search: language and source facets")
        stories = re.findall(r'href="/en/story/([^"]+)"', dom)
        check(bool(stories), "search: hits link to their story")
        if not stories:
            return 1
        # The main story: the one most hits belong to.
        main_story = max(set(stories), key=stories.count)

        dom = browser(f"{base}/en/story/{main_story}", profile, shot("story"), height=7000)
        count = re.search(r'<span id="article-count">(\d+)</span>', dom)
        check(count is not None and count.group(1) == "4", f"story: four articles ({count and count.group(1)})")
        actors = re.findall(r'<li data-actor="([^"]+)">(.*?)</li>', dom, re.S)
        blinkens = [a for a in actors if "Blinken" in a[1]]
        check(len(blinkens) == 1, f"story: one Blinken in the actors ({len(blinkens)})")
        if blinkens:
            forms = blinkens[0][1]
            check("Anthony Blinken" in forms or "Antony Blinken" in forms, "story: Blinken's spellings listed under one actor")
        dots = dom.count('class="event-dot"')
        evidence = dom.count('class="evidence"')
        check(dots >= 1, f"story: {dots} event(s) on the timeline")
        check(evidence == dom.count('class="event q'), f"story: an evidence sentence under each of {evidence} event(s)")
        # Each event sits on its own resolved date when it has one (not its article's).
        placed = re.findall(r'class="event-dot" data-day="([^"]*)" data-date="([^"]*)"', dom)
        own = [(d, e) for d, e in placed if re.match(r"\d{4}-\d{2}-\d{2}", e)]
        check(all(d == e[:10] for d, e in own), f"story: events on their own dates ({len(own)} dated of {len(placed)})")
        check("<mark" in dom, "story: shared passages marked")
        # The comparison of sources (claims of the sources stage): shown with text.
        claims = re.findall(r'<li data-kind="([a-z]+)">(.*?)</li>', dom, re.S)
        check('id="claims"' in dom and len(claims) >= 1, f"story: comparison of sources ({len(claims)} claim(s))")
        check(any("Blinken" in c[1] for c in claims), "story: a claim about Blinken, with its sources")
        check('id="claims-agreed"' in dom, "story: something several sources report alike")
        check('id="sources"' in dom and dom.count('class="col"') >= 2, "story: sources side by side")

        if blinkens:
            dom = browser(f"{base}/en/actor/{blinkens[0][0]}", profile, shot("actor"))
            name = re.search(r'<h1 id="actor-name">(.*?)</h1>', dom)
            check(name is not None and "Blinken" in name.group(1), "actor page: Blinken's name")
            check('data-chart="actor-volume"' in dom, "actor page: timeline chart with its table")

        rel = re.search(r'href="/en/relation\?a=([^&"]+)&amp;b=([^"&]+)"', browser(f"{base}/en/story/{main_story}", profile))
        check(rel is not None, "story: a relation link")
        if rel:
            dom = browser(f"{base}/en/relation?a={rel.group(1)}&b={rel.group(2)}", profile, shot("relation"))
            n = re.search(r'<span id="relation-events">(\d+)</span>', dom)
            check(n is not None and int(n.group(1)) >= 1, f"relation: {n and n.group(1)} event(s) charted")
            check('data-chart="relation"' in dom and 'class="bar"' in dom, "relation: chart drawn")
            check('class="evidence"' in dom, "relation: the events behind the points")

        dom = browser(f"{base}/fr/story/{main_story}", profile, shot("story-fr"))
        check("Chronologie des événements" in dom and 'lang="fr"' in dom, "story in French")

        try:
            urllib.request.urlopen(f"{base}/api/events?limit=0x10")
            check(False, "API: a bad limit is refused")
        except urllib.error.HTTPError as e:
            body = json.load(e)
            check(e.code == 400 and body["error"]["param"] == "limit", "API: a bad limit is a 400 naming limit")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"browser: {sum(1 for _ in os.listdir(artifacts))} screenshot(s) in {artifacts}")
    if failures:
        print(f"browser test: {len(failures)} check(s) failed")
        return 1
    print("browser test: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
