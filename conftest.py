"""Fixtures shared by every test folder (at the root: --doctest-modules collects tests/)."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; the folders skip without it
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver per test process, shared by tests/browser, tests/hub, tests/site.

    Playwright's sync API refuses to start a second driver while one is running in the same
    thread ("Sync API inside the asyncio loop"); with xdist one worker can run all three
    folders, so each folder's ``browser`` fixture launches its Chromium from this one.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def launch_chromium(playwright_driver):
    """Start a headless Debian Chromium from the shared driver (the caller closes it)."""

    def launch():
        return playwright_driver.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=30_000
        )

    return launch


@pytest.fixture(scope="session")
def browser(launch_chromium):
    """One Chromium per test process for tests/browser and tests/site."""
    chromium = launch_chromium()
    try:
        yield chromium
    finally:
        chromium.close()
