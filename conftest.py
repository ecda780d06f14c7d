"""Fixtures shared by every test folder (at the root: --doctest-modules collects tests/)."""

from __future__ import annotations

import pytest


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
