"""Lifecycle states in the customer's words, for ``${status_label}`` in templates (S23).

A customer should read "being investigated", not ``investigating``.  The
renderer takes a bank's own table instead of this one when given.
"""

from __future__ import annotations

from collections.abc import Mapping

from .languages import SIMPLIFIED_CHINESE, TRADITIONAL_CHINESE

__all__ = ["STATUS_LABELS"]

STATUS_LABELS: Mapping[str, Mapping[str, str]] = {
    SIMPLIFIED_CHINESE: {
        "registered": "已受理",
        "assigned": "已分派专人处理",
        "contacted": "已与您联系",
        "investigating": "正在核查",
        "awaiting_customer": "等待您补充信息",
        "resolution_proposed": "已提出处理方案",
        "resolved": "已解决",
        "closed": "已办结",
        "archived": "已归档",
        "withdrawn": "已撤回",
        "merged": "已与同一事项合并处理",
        "rejected": "不属于投诉受理范围",
        "reopened": "已重新办理",
    },
    TRADITIONAL_CHINESE: {
        "registered": "已受理",
        "assigned": "已分派專人處理",
        "contacted": "已與您聯繫",
        "investigating": "正在核查",
        "awaiting_customer": "等待您補充資料",
        "resolution_proposed": "已提出處理方案",
        "resolved": "已解決",
        "closed": "已辦結",
        "archived": "已歸檔",
        "withdrawn": "已撤回",
        "merged": "已與同一事項合併處理",
        "rejected": "不屬於投訴受理範圍",
        "reopened": "已重新辦理",
    },
    "en": {
        "registered": "registered",
        "assigned": "assigned to a case handler",
        "contacted": "in contact with you",
        "investigating": "being investigated",
        "awaiting_customer": "waiting for information from you",
        "resolution_proposed": "resolution proposed",
        "resolved": "resolved",
        "closed": "closed",
        "archived": "archived",
        "withdrawn": "withdrawn",
        "merged": "handled together with a related complaint",
        "rejected": "not a complaint we can handle",
        "reopened": "reopened",
    },
}
