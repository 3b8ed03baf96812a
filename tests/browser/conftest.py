"""Browser tests: headless Chromium through Playwright against the live server, with the Bến Tre demo loaded.

Every page a test looks at goes through `inspect`: a full-page screenshot in test-artifacts/screenshots/ and an
axe-core run that fails on serious or critical accessibility violations.
"""

from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

import diaban
from tests.conftest import unavailable

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(diaban.__file__).parent / "static" / "vendor" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
BLOCKING_IMPACTS = ("serious", "critical")


class OneRequestAtATime(WSGIServer):
    """The live server's WSGI server without threads; requests run in the server thread, which already uses the
    test database's connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time():
    """The test server answers one request at a time. Its request threads would share the one connection of the
    in-memory SQLite database, so a draft's autosave still running beside the submission of that report could
    fail there (though never on a real server, where each request has its own connection)."""
    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = OneRequestAtATime
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture(scope="package", autouse=True)
def _restore_migration_data(django_db_blocker):
    """Put back the rows the migrations created once the browser tests are done.

    live_server tests flush the database after each test; serialized_rollback restores the migrations' data
    (the unit levels) before the next browser test, but nothing does so after the last one, which would leave
    later transactional tests, or a database kept with --reuse-db, without unit levels.
    """
    yield
    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


# Package scope rather than session: Playwright's sync API keeps an asyncio loop running in this thread until it
# stops, which would break any asyncio.run() in the tests pytest-django orders after these.
@pytest.fixture(scope="package")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        unavailable("Playwright chưa được cài: {}".format(exc))
    if not Path(CHROMIUM).exists():
        unavailable("Không có Chromium ở " + CHROMIUM)
    test_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        # Django refuses ORM calls from a thread with a running event loop, which Playwright's sync API starts.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            # With that loop running, asgiref gives this thread a fresh set of database connections: keep the ones
            # the test database was set up on (they hold its serialized contents, and the live server shares them
            # when SQLite runs in memory).
            for alias, connection in test_connections.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def demo(browser, live_server, demo_images):
    """The Bến Tre demo, put back for each test: a live server's writes are committed. Taken out after the test,
    so that the flush that ends a transactional test has nothing left to empty."""
    demo_images.use("demo", again=True)
    yield
    demo_images.use("empty", again=True)


@pytest.fixture
def open_page(browser, live_server):
    """A page in a new browser context (its own cookies), desktop-sized unless told otherwise."""
    contexts = []

    def open_page(viewport=DESKTOP, **options):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="vi-VN", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def inspect(request):
    """`inspect(page, step)`: save a full-page screenshot, then run axe-core on the page as it is now."""
    directory = request.config.rootpath / "test-artifacts" / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)

    def inspect(page, step):
        # No button left hovered or mid-transition (Bootstrap fades colours over 0.15 s): axe judges the page at rest.
        page.mouse.move(0, 0)
        page.wait_for_timeout(300)
        # JPEG: half the time of a PNG on a long page at phone width, and as good to look at.
        page.screenshot(
            path=directory / "{}-{}.jpg".format(request.node.name, step), full_page=True, type="jpeg", quality=85
        )
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Run from outside the page: the Content Security Policy refuses a script tag added inline.
            page.evaluate(AXE.read_text())
        results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, "axe-core, {} ({}):\n{}".format(
            step,
            page.url,
            "\n".join(
                "  {} [{}] {}: {}".format(
                    v["id"], v["impact"], v["help"], ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"])
                )
                for v in blocking
            ),
        )

    return inspect
