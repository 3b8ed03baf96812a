"""What apps above people add to a person's page, so that the page stays below them in the dependency order.

An app registers a function (request, person) → dict or None in its AppConfig.ready(). The dict carries the
context of its templates and names where they go: `aside` beside the positions, `below` under them. Its
`actions` (PersonAction) join the page's own links for those who may write the person, in `order`.
"""

from typing import NamedTuple

_sections = []


class PersonAction(NamedTuple):
    order: int
    label: str
    url: str
    primary: bool = False


def register_person_section(function):
    _sections.append(function)
    return function


def person_sections(request, person) -> list[dict]:
    sections = []
    for function in _sections:
        section = function(request, person)
        if section:
            sections.append(section)
    return sections
