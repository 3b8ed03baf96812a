"""The registry of `diaban remind`: apps add functions (on: date) → list of (user, Reminder) from their
AppConfig.ready(), so that the command's home (meetings) never imports the apps that remind, and apps below
meetings (feedback) can remind too. Each reminder has a key; a key already sent to a user is never sent again."""

from dataclasses import dataclass


@dataclass
class Reminder:
    key: str
    text: str
    url: str


_sources = []


def register_reminders(function):
    _sources.append(function)
    return function


def reminder_sources() -> list:
    return list(_sources)
