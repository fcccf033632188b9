"""Closing rules for a table left open on one side, from its strokes: shared by the text layer's vector
rules (stages/text.py) and the rules found in a page image (stages/ocr.py). Strokes are pdfplumber-style
edge dicts ("orientation", "x0", "x1", "top", "bottom") in points."""

from __future__ import annotations

OPEN_END = 10.0  # column rules reaching this far past the last row rule: a table that runs on past the page


def joined(edges: list[dict], orientation: str) -> list[dict]:
    """Strokes of one orientation with collinear pieces (one per row or cell, as many producers draw them)
    joined into one; each as {"at", "lo", "hi"}: its x (vertical) or y (horizontal) and its extent."""
    at, lo, hi = ("x0", "top", "bottom") if orientation == "v" else ("top", "x0", "x1")
    out: list[dict] = []
    for e in sorted((e for e in edges if e["orientation"] == orientation), key=lambda e: (round(e[at]), e[lo])):
        last = out[-1] if out else None
        if last and abs(last["at"] - e[at]) <= 1 and e[lo] <= last["hi"] + 3:
            last["hi"] = max(last["hi"], e[hi])
        else:
            out.append({"at": e[at], "lo": e[lo], "hi": e[hi]})
    return out


def _overhangs(edges: list[dict], along: str, snap: float) -> list[tuple[str, list[dict]]]:
    """Strokes (vertical for along="v") that run more than OPEN_END past the last stroke crossing them, by
    the side they run past and where they end (ends within `snap` of each other are one end)."""
    # a stroke drawn as a thin filled rectangle has two sides of its own width across it: not a crossing rule
    across = [c for c in joined(edges, "h" if along == "v" else "v") if c["hi"] - c["lo"] > 3]
    ends: dict[str, list[dict]] = {"hi": [], "lo": []}
    for e in joined(edges, along):
        crossing = [c["at"] for c in across if c["lo"] - 3 <= e["at"] <= c["hi"] + 3
                    and e["lo"] - 3 <= c["at"] <= e["hi"] + 3]
        if not crossing:
            continue
        if e["hi"] - max(crossing) > OPEN_END:
            ends["hi"].append(e)
        if min(crossing) - e["lo"] > OPEN_END:
            ends["lo"].append(e)
    out: list[tuple[str, list[dict]]] = []
    for side, es in ends.items():  # strokes ending together (within `snap` of the previous end)
        for e in sorted(es, key=lambda e: e[side]):
            if out and out[-1][0] == side and e[side] - out[-1][1][-1][side] <= snap:
                out[-1][1].append(e)
            else:
                out.append((side, [e]))
    return out


def open_ends(edges: list[dict], along: str, extent: float, snap: float = 3.0) -> list[dict]:
    """Closing rules for a table open on one side. Column rules that run past its last (or above its first)
    row rule: the part of a table that continues on the next page, or came from the previous one, often has
    no bottom (top) border. Row rules that run past its outer column rules: a table drawn without its left
    or right border. Without a closing rule the table finder drops that part of the table. Strokes running
    off the page (`extent`: its height for columns, width for rows) are cut by the sheet, not open: a web
    print's table continued from the previous sheet starts at its first row rule, under the sheet's running
    header, and a closing rule at the sheet's foot would take the running footer into the last cells.
    `snap`: how far apart the ends of one table's strokes may lie (wider on a scan: residual skew, blur)."""
    out = []
    for side, es in _overhangs(edges, along, snap):
        if len(es) < 3:  # one stray stroke is not a table's columns (rows)
            continue
        end = max(e[side] for e in es) if side == "hi" else min(e[side] for e in es)
        if end < 0 or end > extent:
            continue  # cut by the page's edge, not open
        lo, hi = min(e["at"] for e in es), max(e["at"] for e in es)
        if along == "v":  # a horizontal closing rule at the columns' common end
            out.append({"object_type": "line", "x0": lo, "x1": hi, "top": end, "bottom": end, "width": hi - lo,
                        "height": 0.0})
        else:
            out.append({"object_type": "line", "x0": end, "x1": end, "top": lo, "bottom": hi, "width": 0.0,
                        "height": hi - lo})
    return out
