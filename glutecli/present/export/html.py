"""The plan as one self-contained, printable HTML page (a page per week, inline SVG figures)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ...models import FUNCTION_LABELS
from ...safetext import safe
from ..text import (
    DISCLAIMER,
    LEVEL_DOWN,
    LEVELS_TEXT,
    NOT_ADVICE,
    SOURCES_NOTE,
    cautions_of,
    function_names,
    level_change_lines,
    levels_text,
    long_date,
    patient_text,
    plan_dates,
    session_items,
    session_line,
    sessions_text,
    week_dates,
    week_items,
    weeks_shown,
)

if TYPE_CHECKING:
    from ...catalogue import Catalogue
    from ...models import Plan
    from .options import Options

CSS = """
*{box-sizing:border-box}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#222;margin:0 auto;max-width:1100px;padding:16px 24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:18px 0 6px}h3{font-size:15px;margin:12px 0 4px}h4{font-size:14px;margin:0 0 4px}
.who{color:#444;margin:0 0 8px}
.disclaimer{border-left:4px solid #c0392b;background:#fdf2f0;padding:6px 10px;margin:8px 0}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3;font-weight:600}
table.levels{width:auto}
.rules ul{margin:4px 0 4px 18px;padding:0}
.week-head{display:flex;justify-content:space-between;align-items:baseline;border-bottom:2px solid #222;margin-top:24px}
.week-head h2{margin:0}
.meta{margin:4px 0;color:#333}
.levelup{color:#1e7b34;font-weight:600}
.leveldown{color:#9a5b00;font-weight:600}
.checkpoint{color:#1f5f8b;font-weight:600}
.sessions{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:10px;margin-top:8px}
.session{border:1px solid #999;border-radius:4px;padding:6px 8px;break-inside:avoid}
.session h3{margin:0 0 4px}
.session td.sets{white-space:nowrap}
.session small{color:#555}
.session input{width:15px;height:15px;margin:0 2px 0 0;vertical-align:middle}
.pain{margin:6px 0 0;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:10px}
.card{border:1px solid #ccc;border-radius:4px;padding:6px 8px;break-inside:avoid}
.card ul{margin:2px 0 2px 18px;padding:0}
.card p{margin:2px 0;font-size:13px}
.card .fig{display:block;width:100%;max-width:300px;height:auto;margin:4px 0}
.caution{color:#8a5a00}
.lvl{color:#555;font-size:12px}
footer{margin-top:24px;color:#666;font-size:12px;border-top:1px solid #ccc;padding-top:6px}
@page{size:A4;margin:10mm}
@media print{
 body{max-width:none;padding:0;font-size:10.5px}
 h2{font-size:16px}h3{font-size:12px;margin:8px 0 3px}h4{font-size:11px}
 .week{page-break-before:always;break-before:page}
 .session,.card{page-break-inside:avoid;break-inside:avoid}
 h3{break-after:avoid}
 .sessions{grid-template-columns:none;grid-auto-flow:column;grid-auto-columns:1fr;gap:6px}
 .cards{grid-template-columns:1fr 1fr;gap:6px}
 .card{display:grid;grid-template-columns:150px 1fr;column-gap:8px;align-items:start}
 .card>h4{grid-column:1/-1}
 .card>.fig{grid-column:1;grid-row:2/span 4;max-width:140px}
 .session h3{font-size:11px;white-space:nowrap}
 th,td{padding:2px 4px}
 .week-head{margin-top:0}
 .card>:not(h4):not(.fig){grid-column:2}
 .card p{font-size:10px}
 .card ul{margin:0 0 1px 14px}
 .pain{font-size:10px}
 input[type=checkbox]{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
""".strip()


def _h(text: object) -> str:
    # Control characters and bidi overrides shown escaped: a browser would hide or obey them.
    return escape(safe(patient_text(str(text)), newlines=True, tabs=True), quote=True)


def _checkboxes(n: int, label: str) -> str:
    return "".join(f'<input type="checkbox" aria-label="{_h(label)} set {i}">' for i in range(1, n + 1))


def render(plan: Plan, cat: Catalogue | None, options: Options) -> str:
    """The handout as HTML: a cover with the rules, then per week its sessions and exercise cards."""
    from .figures import figure_svg, placeholder_svg

    who = plan.generated_for or plan.profile
    o: list[str] = []
    o.append('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    o.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    o.append(f"<title>Gluteus medius program - {_h(who)}</title>")
    o.append(f"<style>\n{CSS}\n</style>\n</head>\n<body>")
    o.append('<header class="cover">')
    o.append(f"<h1>Gluteus medius program</h1>\n<p class=\"who\">For <b>{_h(who)}</b> · {_h(plan_dates(plan))} · "
             f"{_h(weeks_shown(plan))} · {_h(sessions_text(plan))}</p>")  # fmt: skip
    o.append(f'<p class="disclaimer"><b>{NOT_ADVICE}.</b> {_h(DISCLAIMER.removeprefix(NOT_ADVICE + ": "))}</p>')
    o.append('<table class="levels"><thead><tr><th>Function</th><th>Start level</th><th>Focus</th><th>Weaker side</th></tr></thead><tbody>')
    for f, lv in plan.start_levels.items():
        o.append(
            f"<tr><td>{_h(FUNCTION_LABELS[f])}</td><td>L{lv}</td><td>{'yes' if f in plan.focus else 'no'}</td>"
            f"<td>{_h(plan.weaker_side.get(f) or '-')}</td></tr>"
        )
    o.append(f"</tbody></table>\n<p>{_h(LEVELS_TEXT)}</p>")
    o.append('<section class="rules">')
    o.append(f"<h2>The gate: when to move up a level</h2>\n<p>{_h(plan.gate)}</p>")
    o.append("<h2>Pain rules</h2>\n<ul>" + "".join(f"<li>{_h(r)}</li>" for r in plan.pain_rules) + "</ul>")
    o.append("<h2>Why this plan</h2>\n<ul>" + "".join(f"<li>{_h(n)}</li>" for n in plan.notes) + "</ul>")
    o.append("<p>How to use it: print it (one week per page), tick a box for each set you finish, and note your pain "
             "during the session and the next morning. The figures show the start and the end position; the part that "
             "moves is drawn in red.</p>")  # fmt: skip
    o.append("</section>\n</header>")
    for week in plan.weeks:
        dates = week_dates(week)
        o.append(f'<section class="week" id="week-{week.number}">')
        o.append(
            f'<div class="week-head"><h2>Week {week.number} of {plan.weeks_total}: {_h(week.phase)}</h2><span>{_h(dates)}</span></div>'
        )
        if week.levels:
            o.append(f'<p class="meta">Levels: {_h(levels_text(week.levels))}</p>')
        if week.note:
            o.append(f'<p class="meta"><b>Note:</b> {_h(week.note)}</p>')
        for head, line in level_change_lines(plan, week):
            cls = "leveldown" if head == LEVEL_DOWN else "levelup"
            o.append(f'<p class="{cls}">{head}: {_h(line.replace(" -> ", " → "))}</p>')
        if week.checkpoint:
            o.append(f'<p class="checkpoint">Checkpoint: {_h(week.checkpoint)}</p>')
        o.append('<div class="sessions">')
        for i, session in enumerate(week.sessions, 1):
            o.append(f'<div class="session" data-date="{session.date.isoformat()}">')
            o.append(f'<h3>{_h(long_date(session.date))} <span class="lvl">session {i} of {len(week.sessions)}</span></h3>')
            if session_line(session):
                o.append(f'<p class="meta">{_h(session_line(session))}</p>')
            o.append("<table><thead><tr><th>Exercise and dose</th><th>Sets done</th></tr></thead><tbody>")
            for it in session_items(session, cat):
                name = _h(it.main.name) + (' <span class="caution" title="caution">⚠</span>' if it.main.caution else "")
                sets = _checkboxes(it.main.sets, it.main.name)
                for x in it.extras:
                    sets += f"<br><small>{_h(x.side)} extra</small> " + _checkboxes(x.sets, f"{it.main.name} {x.side} extra")
                o.append(
                    f'<tr data-exercise="{_h(it.main.id)}"><td><b>{name}</b> <span class="lvl">L{it.main.level}</span><br>'
                    f'{_h(it.dose)} <small>· {_h(it.side)}</small></td><td class="sets">{sets}</td></tr>'
                )
            o.append("</tbody></table>")
            o.append('<p class="pain">Pain 0-10: during ___ &nbsp;next morning ___</p>\n</div>')
        o.append("</div>")
        o.append('<h3>How to do this week\'s exercises</h3>\n<div class="cards">')
        for it in week_items(week, cat):
            label = safe(it.main.name, tabs=True)
            fig = figure_svg(it.figure, label) if it.figure is not None else placeholder_svg(label)
            o.append(f'<article class="card" data-exercise="{_h(it.main.id)}">')
            o.append(f'<h4>{_h(it.main.name)} <span class="lvl">L{it.main.level} · {_h(function_names(it.main.functions))}</span></h4>')
            o.append(fig)
            o.append("<ul>" + "".join(f"<li>{_h(c)}</li>" for c in it.cues) + "</ul>")
            if it.faults:
                o.append(f"<p><b>Watch for:</b> {_h('; '.join(it.faults))}</p>")
            for c in cautions_of(it.main):
                o.append(f'<p class="caution">⚠ {_h(c)}</p>')
            o.append("</article>")
        o.append("</div>\n</section>")
    o.append(f"<footer>Made with glute. {_h(DISCLAIMER)}<br>{_h(SOURCES_NOTE)}</footer>\n</body>\n</html>")
    return "\n".join(o) + "\n"
