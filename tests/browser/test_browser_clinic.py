"""Clinic mode in Chromium: a practitioner adds a client, screens them and assigns a
routine with an edit; the client, on a phone-sized screen (390x844), logs in, opens the
routine, answers the safety questions again and completes the guided session; the
practitioner then sees the session against the assigned schedule."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from acupressure.clinic import Accounts
from acupressure.web import Settings, create_app
from conftest import axe_violations, csp_violations, serving, shoot

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
PHONE = {"width": 390, "height": 844}


@pytest.fixture()
def clinic_server(clinic_db_url: str) -> Iterator[str]:
    """The clinic app on a free localhost port, on its own clinic database."""
    app = create_app(Settings(db_url=clinic_db_url, clinic=True, port=0))
    Accounts(app.state.engine).add(
        email="pat@clinic.example", role="practitioner", password=PASSWORD
    )
    with serving(app, "the clinic server") as url:
        yield url
    app.state.engine.dispose()


def log_in(page: Any, server: str, email: str) -> None:
    page.goto(server + "/diary")
    page.wait_for_url(re.compile(r".*/login\?next=.*"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_practitioner_assigns_and_a_client_completes_it_on_a_phone(
    clinic_server: str, browser: Any
) -> None:
    server = clinic_server
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    practitioner = desk.new_page()
    practitioner.set_default_timeout(15_000)
    log_in(practitioner, server, "pat@clinic.example")
    practitioner.wait_for_url("**/diary")
    practitioner.get_by_role("link", name="Clients").click()
    practitioner.get_by_label("E-mail").fill("ann@home.example")
    practitioner.get_by_label("First password").fill(PASSWORD)
    practitioner.get_by_role("button", name="Add the client").click()
    practitioner.wait_for_url(re.compile(r".*/clients/\d+$"))
    client_page = practitioner.url
    practitioner.get_by_role("link", name="Screen and assign a routine").click()
    form = practitioner.locator("form.questions")
    form.locator("input[name=complaints][value=lower_back]").check()
    form.locator("input[name=age]").fill("52")
    form.locator("input[name=pregnant][value=false]").check()
    form.locator("input[name=red_flags][value=none]").check()
    form.locator("input[name=conditions][value=none]").check()
    form.locator("select[name=preset]").select_option("article-000")
    form.locator("button[type=submit]").click()
    practitioner.wait_for_url(re.compile(r".*/clients/\d+\?assigned=1$"))
    title = practitioner.locator("#routine-title + p").inner_text()
    assert "Using acupressure for back pain" in title
    hold = practitioner.get_by_label(re.compile(r"Hold for BL23"))
    assert hold.get_attribute("max") == "120"
    hold.fill("45")
    practitioner.get_by_label("Leave out BL52").check()
    practitioner.get_by_role("button", name="Save the changes").click()
    practitioner.wait_for_url(re.compile(r".*/clients/\d+\?assigned=1$"))
    assert practitioner.get_by_label(re.compile(r"Hold for BL23")).input_value() == "45"
    assert practitioner.get_by_label("Leave out BL52").count() == 0
    shoot(practitioner, "clinic-01-client-assigned")
    found = axe_violations(practitioner)
    assert found == [], found

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.add_init_script(
        path=str(__import__("pathlib").Path(__file__).with_name("record_cues.js"))
    )
    client = phone.new_page()
    client.set_default_timeout(15_000)
    client.console_errors = []  # type: ignore[attr-defined]
    client.on("console", lambda m: m.type == "error" and client.console_errors.append(m.text))
    log_in(client, server, "ann@home.example")
    client.wait_for_url("**/diary")
    client.goto(server + "/routine")
    assert "Using acupressure for back pain" in client.locator("h1").inner_text()
    steps = client.locator("ol.steps > li")
    assert "BL52" not in client.locator("ol.steps").inner_text()
    assert steps.count() >= 2
    assert client.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(client, "clinic-02-phone-routine")
    assert axe_violations(client) == []
    session_url = client.get_by_role("link", name="Start the guided session").get_attribute("href")
    client.goto(server + session_url + "?speed=200")
    client.locator(".pain-scale label").filter(has_text="6").first.click()
    client.get_by_role("button", name="Start the session").click()
    client.wait_for_selector("#running:not([hidden])")
    shoot(client, "clinic-03-phone-session", full_page=False)
    client.wait_for_selector("#after:not([hidden])", timeout=90_000)
    client.locator("#after .pain-scale label").filter(has_text="4").first.click()
    client.get_by_role("button", name="Save to my diary").click()
    client.wait_for_url(re.compile(r".*/diary\?saved=1$"))
    assert csp_violations(client) == []
    phone.close()

    practitioner.goto(client_page)
    assert practitioner.locator("#sessions-count").inner_text() == "1"
    assert practitioner.locator("#adherence").inner_text().startswith("1 of ")
    assert "3 a day as assigned" in practitioner.locator("#progress-title + .stats").inner_text()
    assert "6 → 4" in practitioner.locator("#sessions-title + ul").inner_text()
    desk.close()


def test_a_red_flag_at_the_rescreen_stops_the_session_and_alerts(
    clinic_server: str, browser: Any
) -> None:
    server = clinic_server
    desk = browser.new_context()
    setup = desk.request
    token = setup.post(
        f"{server}/api/token", data={"email": "pat@clinic.example", "password": PASSWORD}
    ).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    added = setup.post(
        f"{server}/api/clients",
        headers=headers,
        data={"email": "bo@home.example", "password": PASSWORD},
    ).json()
    profile = {
        "complaints": ["lower_back"],
        "age": 60,
        "pregnant": False,
        "red_flags": [],
        "conditions": [],
    }
    assigned = setup.put(
        f"{server}/api/clients/{added['id']}/assignment",
        headers=headers,
        data={"profile": profile, "preset": "article-000"},
    )
    assert assigned.ok
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    client = phone.new_page()
    log_in(client, server, "bo@home.example")
    client.wait_for_url("**/diary")
    client.goto(server + "/routine/session")
    client.locator("input[name=rescreen][value=saddle_numbness]").check()
    client.get_by_role("button", name="Start the session").click()
    alert = client.locator('[data-question="saddle_numbness"]')
    alert.wait_for()
    assert client.locator("#running").is_hidden()
    shoot(client, "clinic-04-phone-rescreen-stop")
    deadline = time.monotonic() + 10
    while True:
        seen = setup.get(f"{server}/api/clients/{added['id']}/overview", headers=headers).json()
        if seen["alerts"] or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert seen["alerts"][0]["kind"] == "red_flag"
    assert "saddle numbness" in seen["alerts"][0]["reason"]
    phone.close()
    desk.close()
