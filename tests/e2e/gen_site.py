"""Write a generated site of N articles, for the browser tests of big pages.

Usage: python3 gen_site.py OUT_DIR [N]   (N defaults to 300)

The site has the repository's templates and static files, 45 outlets whose names mix upper
and lower case, about 40 events pinned with `event:` (so the pages do not depend on the
clustering), one of them big (two fifths of the articles, over several days), dates across
three months with every tenth article undated, and bodies with figures. Its search index is cut
into shards of about 40 articles, so the search page merges several. Outlets carry context
in site.toml (a country for all but the "Echo Daily" ones, a kind, a lean on the site's own
axis, an owner for some) and a few articles their own kind, so event pages show coverage mixes;
the event "strike-marlow" is covered only by "Daily Ledger" outlets, all in Norland, so it is
a blindspot. The output depends on N only: the same N gives the same
files.
"""

import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLACES = ["Marlow", "Kestrel Bay", "Ashford", "Lindholm", "Port Avery", "Caldera", "Norwick", "Elmstead"]
TOPICS = [
    ("floods", "Floods hit {p}", "Heavy rain flooded {p}; officials said {n} homes were damaged and {m} people were moved to shelters."),
    ("strike", "Rail strike halts trains in {p}", "Rail workers in {p} walked out; the union said {n} members joined and {m} trains were cancelled."),
    ("election", "{p} elects a new mayor", "Voters in {p} chose a new mayor; turnout was {n} percent and the winner took {m} votes more than the runner-up."),
    ("fire", "Wildfire near {p} forces evacuations", "A wildfire near {p} burned {n} hectares and forced {m} residents to leave their homes."),
    ("bridge", "Bridge in {p} closed after crack found", "Inspectors closed the bridge in {p} after finding a crack; {n} vehicles a day use it and repairs may take {m} weeks."),
]


def outlets():
    names = []
    for i in range(45):
        base = ["Daily Ledger", "morning wire", "Harbour Times", "zeta news", "Civic Post", "the Observer Desk", "apex report", "Valley Herald", "Echo Daily"][i % 9]
        names.append(f"{base} {i // 9 + 1}" if i >= 9 else base)
    return names


# Context per outlet name's base (index i % 9): country (None: not set), kind, owner.
COUNTRIES = ["Norland", "Sudria", "Norland", "Estmark", "Sudria", "Norland", "Estmark", "Sudria", None]
KINDS = ["news", "wire", "news", "news", "news", "opinion", "news", "aggregator", None]
OWNERS = [None, None, "Harbour Media", None, None, None, "Harbour Media", None, None]
LEANS = ["left", "centre", "right"]
# The outlets of the blindspot event: the "Daily Ledger" ones (all in Norland).
BLINDSPOT_OUTLETS = [0, 9, 18, 27, 36]


def outlet_context(i, name):
    """The site.toml table of outlet number `i`."""
    b = i % 9
    lines = [f'[outlets."{name}"]']
    if COUNTRIES[b]:
        lines.append(f'country = "{COUNTRIES[b]}"')
    if KINDS[b]:
        lines.append(f'kind = "{KINDS[b]}"')
    if OWNERS[b]:
        lines.append(f'owner = "{OWNERS[b]}"')
    lines.append(f'lean = "{LEANS[(i // 9) % 3]}"')
    return "\n".join(lines) + "\n"


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    if os.path.exists(out):
        shutil.rmtree(out)
    for d in ("templates", "static"):
        shutil.copytree(os.path.join(ROOT, d), os.path.join(out, d))
    os.makedirs(os.path.join(out, "articles"))
    with open(os.path.join(out, "site.toml"), "w") as f:
        f.write('title = "Generated news"\nbase_url = "https://example.org/"\n')
        f.write('description = "A generated site of many outlets and events, for tests of big pages."\n')
        # Small search shards, so the search page merges several (reader.test.mjs checks it).
        f.write("search_shard_articles = 40\n")
        f.write('[axes]\nlean = ["left", "centre", "right"]\n')
        for i, name in enumerate(outlets()):
            f.write(outlet_context(i, name))
    names = outlets()
    events = [(t, p) for p in PLACES for t in TOPICS][:40]
    big = n * 2 // 5
    for i in range(n):
        # The first two fifths cover event 0; the rest spread over the other events.
        e = 0 if i < big else 1 + (i * 7) % (len(events) - 1)
        (key, title, body), place = events[e]
        month, day = 1 + (e % 3), 1 + (e * 3) % 25
        if e == 0:
            day += i % 5  # the big story runs for five days
        date = "" if i % 10 == 9 else f"date: 2025-{month:02}-{day:02}T{6 + i % 14:02}:{i % 60:02}:00Z\n"
        o = BLINDSPOT_OUTLETS[i % 5] if e == 1 else (i * 11) % len(names)
        outlet = names[o]
        kind = "kind: opinion\n" if i % 23 == 5 else "kind: press release\n" if i % 29 == 7 else ""
        text = body.format(p=place, n=100 + i * 3, m=20 + i % 17)
        with open(os.path.join(out, "articles", f"a{i:04}.md"), "w") as f:
            f.write(f'---\ntitle: "{title.format(p=place)}, report {i}"\noutlet: "{outlet}"\n{date}{kind}')
            f.write(f"url: https://outlet{o}.example/{key}/{i}\nevent: {key}-{place.lower().replace(' ', '-')}\n---\n")
            f.write(f"{text}\n\nReporters in {place} spoke to residents and officials about what happens next.\n")
            if i == 0:
                # A word only the oldest article states (reader.test.mjs searches for it).
                f.write("The first ferry out was the Quillon.\n")


if __name__ == "__main__":
    main()
