"""Panels other apps add to the home page, so that the page stays below them in the dependency order.

An app registers a function (request, person, role) → dict or None in its AppConfig.ready(); the dict
names a `template` and carries that template's context.
"""

_panels = []


def register_home_panel(function):
    _panels.append(function)
    return function


def home_panels(request, person, role) -> list[dict]:
    panels = []
    for function in _panels:
        panel = function(request, person, role)
        if panel:
            panels.append(panel)
    return panels
