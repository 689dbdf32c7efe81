"""The default SLA plugin (P2, S22): registers calendars and packs through pluggy hooks."""

from __future__ import annotations

from collections.abc import Callable

import pluggy

from greenchannel_sdk import hookspecs
from greenchannel_sdk.domain import Complaint
from greenchannel_sdk.interfaces import BusinessCalendar, SlaPolicy
from greenchannel_sdk.settings import Settings
from greenchannel_sdk.sla import DefaultSlaPlugin, WorkingHoursCalendar


def collect(settings: Settings) -> tuple[dict[str, BusinessCalendar], dict[str, SlaPolicy]]:
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(DefaultSlaPlugin(settings))
    manager.check_pending()
    calendars: dict[str, BusinessCalendar] = {}
    policies: dict[str, SlaPolicy] = {}
    manager.hook.greenchannel_register_calendars(
        register=lambda item: calendars.__setitem__(item.name, item))
    manager.hook.greenchannel_register_sla_policies(
        register=lambda item: policies.__setitem__(item.name, item))
    return calendars, policies


def test_registers_every_calendar_and_pack() -> None:
    calendars, policies = collect(Settings(load_entry_points=False))
    assert {"24x7", "calendar-days", "cn-mainland", "cn-mainland-days", "uk-england",
            "uk-scotland-days", "uk-calendar-days", "us-federal-days",
            "us-calendar-days"} <= set(calendars)
    assert all(isinstance(item, BusinessCalendar) for item in calendars.values())
    assert {"scheme-default", "cn-nfra-2020", "uk-fca-disp", "uk-fca-disp-scotland",
            "us-cfpb", "us-reg-e"} <= set(policies)


def test_every_calendar_a_pack_names_is_registered(
        make_complaint: Callable[..., Complaint]) -> None:
    calendars, policies = collect(Settings(load_entry_points=False))
    for policy in policies.values():
        for goal in policy.goals(make_complaint()):
            assert not goal.business_time or goal.calendar in calendars, (policy.name, goal)


def test_mainland_calendars_use_the_configured_time_zone() -> None:
    calendars, _ = collect(Settings(load_entry_points=False, timezone="Asia/Hong_Kong"))
    mainland, england = calendars["cn-mainland"], calendars["uk-england"]
    assert isinstance(mainland, WorkingHoursCalendar)
    assert isinstance(england, WorkingHoursCalendar)
    assert (mainland.timezone, england.timezone) == ("Asia/Hong_Kong", "Europe/London")
