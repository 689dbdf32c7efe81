"""The dossier as one self-contained HTML page a person reads, files or prints (S16).

No script, no external style sheet or font: the page opens anywhere and
prints cleanly (a print style sheet drops the colours and keeps tables
whole).  Headings carry English and Chinese labels so one page serves
both readers; the document's ``lang`` is the complaint's language.  Every
value from the database goes through :func:`html.escape`, because a
customer's words or a channel's metadata may contain markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import Any

from ..domain import AuditEvent
from .model import Dossier

__all__ = ["render_dossier_html"]

_STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       margin: 2em; color: #222; line-height: 1.4; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.8em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; margin: .5em 0; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f5f7; } dl { display: grid; grid-template-columns: 14em auto; }
dt { font-weight: bold; } dd { margin: 0 0 .3em 0; white-space: pre-wrap; }
td.text { white-space: pre-wrap; } .note { color: #555; font-size: .9em; }
@media print { body { margin: 0; } th { background: none; } tr { break-inside: avoid; }
               h2 { break-after: avoid; } }
"""


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, bool):
        return "yes 是" if value else "no 否"
    if isinstance(value, (list, tuple, frozenset, set)):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in sorted(value.items()))
    return str(getattr(value, "value", value))


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{escape(title)}</h2>{body}</section>'


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]],
           text_columns: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    lines = []
    for row in rows:
        cells = "".join(
            f'<td class="text">{escape(_text(v))}</td>' if i in text_columns
            else f"<td>{escape(_text(v))}</td>" for i, v in enumerate(row))
        lines.append(f"<tr>{cells}</tr>")
    body = "".join(lines) or f'<tr><td colspan="{len(headers)}">none 無</td></tr>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _facts(pairs: Sequence[tuple[str, Any]]) -> str:
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(_text(v))}</dd>" for k, v in pairs)
    return f"<dl>{items}</dl>"


def _complaint(d: Dossier) -> str:
    c = d.complaint
    customer = [(f"Customer {name}", getattr(c.customer, name)) for name in (
        "customer_ref", "name", "phone", "id_number", "account_number", "card_number", "email",
        "address", "wechat_openid") if getattr(c.customer, name) is not None]
    return _facts([
        ("Number 編號", c.number), ("Status 狀態", c.status), ("Channel 渠道", c.channel),
        ("Received 受理時間", c.received_at), ("Registered 登記時間", c.registered_at),
        ("Category 類別", c.classification.category),
        ("Subcategory 子類別", c.classification.subcategory),
        ("Priority 優先級", c.priority.priority), ("Branch 網點", c.branch_code),
        ("Amount 金額", f"{c.amount} {c.currency or ''}".strip() if c.amount is not None
         else None),
        ("Escalation level 升級級別", c.escalation_level), ("Closed 結案時間", c.closed_at),
        *customer, ("Subject 主題", c.subject), ("Complaint 投訴內容", c.text)])


def _events(events: Sequence[AuditEvent]) -> str:
    return _table(["#", "At 時間", "Actor 操作人", "Action 動作", "From 從", "To 至",
                   "Reason 原因", "Details 詳情"],
                  ([e.seq, e.at, e.actor, e.action, e.from_status, e.to_status, e.reason,
                    dict(e.data)] for e in events), text_columns=(6, 7))


def render_dossier_html(d: Dossier) -> str:
    """The dossier as a complete HTML document (a ``str``; write it as UTF-8)."""
    lang = escape(d.complaint.language or "zh")
    privacy = ("Personal data shown decrypted; this export is in the access log. "
               "個人資料已解密顯示,本次導出已記錄。" if d.personal_data == "decrypted" else
               "Personal data masked. 個人資料已遮蔽。")
    chain = ("Audit chain verified. 審計鏈驗證完整。" if d.chain_intact else
             "AUDIT CHAIN BROKEN: run 'greenchannel audit verify'. 審計鏈已損壞。")
    sections = [
        _section("complaint", "Complaint 投訴", _complaint(d)),
        _section("assignments", "Assignments 分派", _table(
            ["At 時間", "By 操作人", "Step 步驟", "Team 團隊", "Assignee 處理人",
             "Strategy 策略", "Reason 原因"],
            ([a.at, a.actor, a.command, a.team, a.assignee, a.strategy, a.reason]
             for a in d.assignments), text_columns=(6,))),
        _section("communications", "Communications and notes 溝通與調查記錄", _table(
            ["At 時間", "Direction 方向", "Kind 類型", "By 操作人", "Channel 渠道",
             "Text 內容", "Evidence 證據"],
            ([m.at, m.direction, m.kind, m.actor, m.channel, m.text, m.evidence]
             for m in d.communications), text_columns=(5,))),
        _section("accountability", "Accountability 責任認定", _table(
            ["At 時間", "By 操作人", "Department 責任部門", "Person 責任人", "Upheld 成立",
             "Internal action 內部處理"],
            ([a.at, a.actor, a.department, a.person, a.upheld, a.internal_action]
             for a in d.accountability), text_columns=(5,))),
        _section("closures", "Closure, reopening and archive 結案、重開與歸檔", _table(
            ["At 時間", "By 操作人", "Step 步驟", "Reason 原因", "Root cause 根本原因",
             "Redress 賠付", "Approver 覆核人"],
            ([x.at, x.actor, x.outcome, x.reason, x.root_cause, x.redress, x.approver]
             for x in d.closures), text_columns=(3, 4))),
        _section("surveys", "Satisfaction surveys 滿意度回訪", _table(
            ["Answered 時間", "Collected by 收集人", "Channel 渠道", "Score 評分",
             "Solved 已解決", "Comments 意見"],
            ([s.answered_at, s.collected_by, s.channel, s.score, s.solved, s.comments]
             for s in d.surveys), text_columns=(5,))),
        _section("clocks", "SLA clocks 時限", _table(
            ["Clock 時限", "Cycle 輪次", "Started 開始", "Due 到期", "Stopped 停止",
             "Breached 超時", "Status 狀態", "History 記錄"],
            ([k.state.name, k.state.cycle, k.state.started_at, k.state.due_at,
              k.state.stopped_at, k.state.breached_at, k.state.status,
              "\n".join(f"{e.at.isoformat(timespec='seconds')} {e.action}: {e.reason}"
                        for e in k.history)]
             for k in d.clocks), text_columns=(7,))),
        _section("links", "Merges and linked messages 合併與關聯", _table(
            ["At 時間", "By 操作人", "Kind 類型", "Other 關聯", "Reason 原因"],
            ([x.at, x.actor, x.kind, x.other, x.reason] for x in d.links), text_columns=(4,))),
        _section("events", "Audit events 審計記錄", _events(d.events)),
    ]
    number = escape(d.number)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>Dossier 投訴檔案 {number}</title><style>{_STYLE}</style></head><body>"
            f"<h1>Complaint dossier 投訴檔案 {number}</h1>"
            f'<p class="note">Generated 生成於 {escape(_text(d.generated_at))} by 由 '
            f"{escape(d.generated_by)} · {escape(d.schema)}<br>{escape(privacy)}<br>"
            f"{escape(chain)}</p>{''.join(sections)}</body></html>\n")
