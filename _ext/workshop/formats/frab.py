"""The program in the frab formats that conference apps (Giggity, ConfClerk, ...) read.

``schedule.json`` follows the c3voc schedule schema (frab's JSON, as pretalx writes it), and
``schedule.xml`` frab's XML: one day, one room, one event per slot with a stable guid.
"""

from __future__ import annotations

import hashlib
import json
import re
import typing as t
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..model.program import GUID_NAMESPACE, Schedule

SCHEMA = "https://c3voc.de/schedule/schema.json"


@dataclass(frozen=True)
class Presenter:
    name: str
    person_id: str  # the record id: the file name in people/


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def frab_data(
    schedule: Schedule,
    *,
    acronym: str,
    title: str,
    room: str,
    describe: dict[int, str],
    presenters: dict[int, list[Presenter]],
    page_url: str,
    base_url: str | None,
) -> dict[str, t.Any]:
    """The schedule as frab's JSON structure (``describe`` and ``presenters`` by slot position)."""
    year = schedule.day.year
    code = f"{acronym.lower()}{year}"  # frab acronyms are lowercase: "wsl2025"
    events = []
    for number, slot in enumerate(schedule.slots, start=1):
        events.append(
            {
                "guid": str(slot.guid(acronym)),
                "id": number,
                "date": slot.starts.isoformat(),
                "start": f"{slot.starts:%H:%M}",
                "duration": _hhmm(slot.minutes),
                "room": room,
                "slug": f"{code}-{number}-{_slug(slot.title)}",
                "url": f"{page_url}#{slot.anchor}",
                "title": slot.title,
                "subtitle": "",
                "track": slot.session_title,
                "type": slot.kind,
                "language": "en",
                "abstract": "",
                "description": describe.get(slot.index, ""),
                "persons": [
                    {
                        "guid": str(uuid.uuid5(GUID_NAMESPACE, f"person/{person.person_id}")),
                        "name": person.name,
                        "public_name": person.name,
                    }
                    for person in presenters.get(slot.index, [])
                ],
                "links": [],
                "attachments": [],
            }
        )
    day_start = schedule.first_start or schedule.ends_at
    day_end = schedule.last_end or day_start
    conference: dict[str, t.Any] = {
        "acronym": code,
        "title": title,
        "start": schedule.day.isoformat(),
        "end": schedule.day.isoformat(),
        "daysCount": 1,
        "timeslot_duration": "00:05",
        "time_zone_name": schedule.timezone,
        "url": page_url,
        "rooms": [{"name": room, "guid": str(uuid.uuid5(GUID_NAMESPACE, f"room/{room}"))}],
        "tracks": [{"name": session.title} for session in schedule.sessions.values()],
        "days": [
            {
                "index": 1,
                "date": schedule.day.isoformat(),
                "day_start": day_start.isoformat() if day_start else None,
                "day_end": day_end.isoformat() if day_end else None,
                "rooms": {room: events},
            }
        ],
    }
    # The version changes exactly when the content does, so apps know when to refresh.
    digest = hashlib.sha256(json.dumps(conference, sort_keys=True).encode()).hexdigest()[:12]
    content: dict[str, t.Any] = {"version": digest}
    if base_url:
        content["base_url"] = base_url
    content["conference"] = conference
    return {"$schema": SCHEMA, "schedule": content}


def frab_json(data: dict[str, t.Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def frab_xml(data: dict[str, t.Any]) -> bytes:
    """frab's XML from the same structure (element order as frab's schedule.xml.xsd)."""
    schedule = data["schedule"]
    conference = schedule["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "version").text = schedule["version"]
    head = ET.SubElement(root, "conference")
    for key, tag in (
        ("acronym", "acronym"),
        ("title", "title"),
        ("start", "start"),
        ("end", "end"),
        ("daysCount", "days"),
        ("timeslot_duration", "timeslot_duration"),
    ):
        ET.SubElement(head, tag).text = str(conference[key])
    for day in conference["days"]:
        day_node = ET.SubElement(
            root,
            "day",
            {
                "index": str(day["index"]),
                "date": day["date"],
                "start": day["day_start"],
                "end": day["day_end"],
            },
        )
        for room, events in day["rooms"].items():
            room_node = ET.SubElement(day_node, "room", {"name": room})
            for event in events:
                _xml_event(room_node, event)
    ET.indent(root)
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def _xml_event(parent: ET.Element, event: dict[str, t.Any]) -> None:
    node = ET.SubElement(parent, "event", {"guid": event["guid"], "id": str(event["id"])})
    # frab's XML has no event url; the JSON has it.
    for tag in (
        "date",
        "start",
        "duration",
        "room",
        "slug",
        "title",
        "subtitle",
        "track",
        "type",
        "language",
        "abstract",
        "description",
    ):
        ET.SubElement(node, tag).text = event[tag] or ""
    persons = ET.SubElement(node, "persons")
    for person in event["persons"]:
        # The XML knows only integer person ids: derived from the guid, so they are stable too.
        person_id = str(int(person["guid"].replace("-", "")[:7], 16) + 1)
        ET.SubElement(persons, "person", {"id": person_id}).text = person["name"]
    ET.SubElement(node, "links")
