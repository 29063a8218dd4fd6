"""Safety questions and the plan: JSON twins, the stop path, handout, calendar, presets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from acupressure.safety.profile import CONDITION_IDS, RED_FLAG_IDS
from webapp import csrf_token, make_client, profile_query


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path)


COMPLETE_FORM = {
    "complaints": "lower_back",
    "age": "40",
    "pregnant": "false",
    "red_flags": "none",
    "conditions": "none",
    "minutes": "10",
    "position": "any",
}


def test_the_questions_are_the_screens_questions(client: TestClient) -> None:
    data = client.get("/api/questions").json()
    flags = [*data["red_flags"], *data["pregnancy_flags"]]
    assert sorted(q["id"] for q in flags) == sorted(RED_FLAG_IDS)
    assert all(q["id"].startswith("pregnancy_") for q in data["pregnancy_flags"])
    assert sorted(q["id"] for q in data["conditions"]) == sorted(CONDITION_IDS)
    assert data["red_flags"][0]["verdict"] == "emergency"
    html = client.get("/start").text
    for flag in RED_FLAG_IDS:
        assert f'value="{flag}"' in html


def test_the_form_redirects_to_a_plan_that_reopens_from_its_address(client: TestClient) -> None:
    token = csrf_token(client, "/start")
    form = {
        "csrf_token": token,
        "complaints": ["lower_back", "hip"],
        "age": "45",
        "pregnant": "false",
        "red_flags": "none",
        "minutes": "8",
        "position": "any",
        "conditions": ["varicose_veins"],
    }
    response = client.post("/start", data=form)
    assert response.status_code == 303
    location = response.headers["location"]
    assert "conditions=varicose_veins" in location and "minutes=8" in location
    page = client.get(location)
    assert page.status_code == 200
    assert 'class="step"' in page.text
    assert "with time to find each point" in page.text


def test_the_plan_json_keeps_the_contract(client: TestClient) -> None:
    data = client.get("/api/plan?" + profile_query(minutes=6, conditions=["varicose_veins"])).json()
    routine = data["routine"]
    assert routine["verdict"] in ("ok", "caution")
    assert routine["steps"]
    assert routine["total_seconds"] < routine["guided_seconds"] <= 6 * 60
    for step in routine["steps"]:
        assert {
            "point",
            "side",
            "position",
            "pressure",
            "motion",
            "seconds",
            "repetitions",
            "cue",
            "sources",
            "why",
        } <= set(step)
    excluded = {item["point"] for item in routine["excluded"]}
    assert excluded and not excluded & {step["point"] for step in routine["steps"]}
    assert all(item["reason"] for item in routine["excluded"])
    assert set(data["links"]) >= {"handout", "calendar", "session"}


def test_post_api_plan_takes_the_profile_contract(client: TestClient) -> None:
    body = {
        "complaints": ["lower_back"],
        "age": 45,
        "pregnant": False,
        "red_flags": [],
        "conditions": [],
        "minutes": 10,
        "position": "any",
    }
    response = client.post("/api/plan", json=body)
    assert response.status_code == 200
    assert response.json()["routine"]["total_seconds"] <= 600
    bad = client.post("/api/plan", json={**body, "red_flags": ["flu"]})
    assert bad.status_code == 422
    assert "red_flags" in bad.json()["detail"]


@pytest.mark.parametrize("flag", ["saddle_numbness", "fever"])
def test_a_stop_verdict_shows_only_the_advice(client: TestClient, flag: str) -> None:
    query = profile_query(red_flags=[flag])
    for api in ("/api/plan?", "/api/session?"):
        data = client.get(api + query).json()
        assert data["stop"] and data["routine"]["steps"] == []
        assert data["routine"]["advice"]
        assert data["presets"] == [], "no self-care routine may come with a stop verdict"
    for path in ("/plan?", "/plan/handout?", "/session?"):
        html = client.get(path + query).text
        main = html.split('<main id="main" tabindex="-1">')[1].split("</main>")[0]
        assert 'role="alert"' in main
        links = re.findall(r'<a [^>]*href="([^"]*)"', main)
        assert links and all(href.startswith("tel:") for href in links), "only tap-to-call"
        assert "<button" not in main and "<form" not in main
        assert '<nav aria-label="Main">' in html, "the site navigation is a way out"
    assert client.get("/plan.ics?" + query).status_code == 409


def test_the_calendar_file(client: TestClient) -> None:
    response = client.get("/plan.ics?" + profile_query(minutes=5) + "&start=2026-12-01")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "attachment" in response.headers["content-disposition"]
    assert b"BEGIN:VCALENDAR" in response.content


def test_the_handout_is_printable_with_numbered_charts(client: TestClient) -> None:
    html = client.get("/plan/handout?" + profile_query(minutes=5)).text
    assert 'href="/static/css/print.css" media="print"' in html
    assert re.search(r'class="mark-label"[^>]*>1\. ', html), "step numbers on the chart"
    assert "Safe use: limits and when to stop" in html and "Stop and get advice if" in html
    steps = re.findall(r'<li class="handout-step" id="step-(\d+)"', html)
    charts = re.findall(r'<figure class="handout-step-chart"[^>]*><svg[^>]*viewBox="[^"]*"', html)
    assert steps == [str(n) for n in range(1, len(steps) + 1)] and len(charts) == len(steps)
    assert all('viewBox="-100 0 700' not in chart for chart in charts), "close-ups, not the body"


def test_presets_are_offered_and_usable(client: TestClient) -> None:
    data = client.get("/api/plan?" + profile_query()).json()
    assert data["presets"]
    name = data["presets"][0]["name"]
    chosen = client.get("/api/plan?" + profile_query(preset=name)).json()
    assert chosen["routine"]["preset"] == name
    other = chosen["presets"][-1]
    switched = client.get(other["href"].replace("/plan?", "/api/plan?"))
    assert switched.status_code == 200
    assert switched.json()["routine"]["preset"] == other["name"]
    assert client.get(other["href"]).status_code == 200
    assert client.get("/api/plan?" + profile_query(preset="nope")).status_code in (400, 404)


@pytest.mark.parametrize(
    "query",
    [
        "minutes=0",
        "minutes=abc",
        "age=300",
        "complaints=flu",
        "position=upside_down",
        "red_flag=fever",
        "pregnant=maybe",
    ],
)
def test_bad_answers_get_a_clear_4xx(client: TestClient, query: str) -> None:
    api = client.get("/api/plan?" + query)
    assert api.status_code == 422
    assert api.json()["detail"]
    page = client.get("/plan?" + query)
    assert page.status_code == 422
    assert "Some answers could not be used" in page.text


def test_plan_handout_and_session_share_one_step_list(client: TestClient) -> None:
    """One _steps.html partial renders the steps, byte for byte the same on the plan and the
    session; the handout (each step beside its chart) has the same steps in the same order."""
    query = profile_query(conditions=["varicose_veins"], minutes=10)
    lists = []
    for path in ("/plan", "/session"):
        html = client.get(f"{path}?{query}").text
        [steps] = re.findall(r'<ol class="steps">.*?</ol>', html, flags=re.S)
        lists.append(steps)
    assert lists[0] == lists[1]
    assert lists[0].count('class="step"') >= 3
    order = re.compile(r'id="step-\d+" data-point="([^"]+)" data-side="([^"]+)"')
    handout = client.get(f"/plan/handout?{query}").text
    assert order.findall(handout) == order.findall(lists[0])


def test_the_form_with_no_complaint_ticked_asks_for_one(client: TestClient) -> None:
    """Unticking every complaint must not silently plan for the lower back."""
    token = csrf_token(client, "/start")
    typed = {**COMPLETE_FORM, "csrf_token": token, "age": "67", "conditions": "osteoporosis"}
    del typed["complaints"]
    response = client.post("/start", data=typed)
    assert response.status_code == 422
    assert 'id="complaints-problem"' in response.text
    assert "Choose at least one complaint" in response.text
    assert "Field required" not in response.text
    assert 'value="67"' in response.text  # what was typed is kept
    assert 'value="osteoporosis" checked' in response.text


def test_the_form_marks_each_unanswered_question_and_keeps_the_rest(client: TestClient) -> None:
    """Not answering is not "no": no tick and no "none of these" shows the form again."""
    token = csrf_token(client, "/start")
    typed = {"csrf_token": token, "complaints": "hip", "age": "abc", "minutes": "7"}
    response = client.post("/start", data=typed)
    assert response.status_code == 422
    for field in ("age", "pregnant", "red_flags", "conditions"):
        assert f'id="{field}-problem"' in response.text, field
    assert "complaints-problem" not in response.text
    assert 'value="hip" checked' in response.text
    assert 'value="abc"' in response.text and 'value="7"' in response.text
    assert "whole number from 1 to 120" in response.text
    assert "None of these" in response.text


def test_a_plan_link_without_every_answer_asks_for_them(client: TestClient) -> None:
    response = client.get("/plan?complaints=lower_back&age=40")
    assert response.status_code == 422
    assert 'id="red_flags-problem"' in response.text and 'class="step"' not in response.text
    api = client.get("/api/plan?complaints=lower_back&age=40")
    assert api.status_code == 400
    assert "missing (pregnant, red_flags, conditions)" in api.json()["detail"]


def test_the_api_asks_for_a_complaint_in_plain_words(client: TestClient) -> None:
    body = {"complaints": [], "age": 40, "pregnant": False, "red_flags": [], "conditions": []}
    response = client.post("/api/plan", json={**body, "minutes": 10})
    assert response.status_code == 422
    assert response.json()["problems"] == ["Choose at least one complaint"]


def test_a_bad_answer_is_named_once_on_the_error_page(client: TestClient) -> None:
    response = client.get("/plan?minutes=0")
    assert response.status_code == 422
    assert response.text.count("minutes: Input should be greater than or equal to 1") == 1
    api = client.get("/api/plan?minutes=0").json()
    assert "minutes" in api["detail"] and api["problems"]


def test_points_left_out_for_one_reason_share_one_line(client: TestClient) -> None:
    query = profile_query(pregnant=True, conditions=["varicose_veins"])
    data = client.get("/api/plan?" + query).json()
    excluded = data["routine"]["excluded"]
    assert sorted(p for group in data["left_out"] for p in group["points"]) == sorted(
        item["point"] for item in excluded
    )
    html = client.get("/plan?" + query).text
    section = html.split('id="excluded-title"')[1].split("</section>")[0]
    reasons = {item["reason"] for item in excluded}
    assert section.count("<li>") == len(reasons) < len(excluded)
    for item in excluded:
        assert f'href="/points/{item["point"]}"' in section


def test_the_form_refuses_an_unknown_preset_before_redirecting(client: TestClient) -> None:
    token = csrf_token(client, "/start")
    form = {**COMPLETE_FORM, "csrf_token": token, "preset": "article-999"}
    response = client.post("/start", data=form)
    assert response.status_code == 422
    assert 'id="preset-problem"' in response.text
    assert "Choose a preset routine from the list" in response.text


def test_a_plan_with_no_safe_point_offers_nothing_to_start(client: TestClient) -> None:
    """Everything left out: advice and reasons, no session, handout or calendar buttons."""
    query = profile_query(complaints=["knee"], conditions=["deep_vein_thrombosis"])
    data = client.get("/api/plan?" + query).json()
    assert data["routine"]["verdict"] == "caution" and data["routine"]["steps"] == []
    assert data["routine"]["advice"][0].startswith("None of the acupressure points")
    for path in ("/plan?", "/plan/handout?", "/session?"):
        html = client.get(path + query).text
        assert "No points to press with these answers" in html, path
        assert "Start the" not in html and ".ics" not in html and 'class="step"' not in html
        assert 'href="/points/BL40"' in html, "what was left out is still explained"


def test_a_plans_charts_mark_the_routine_alone(client: TestClient) -> None:
    """Every step's point is on a chart, numbered; no point outside the routine is drawn."""
    query = profile_query(complaints=["knee"], minutes=5)
    steps = client.get("/api/plan?" + query).json()["routine"]["steps"]
    html = client.get("/plan?" + query).text
    drawn = set(re.findall(r'<a href="/points/[^"]+" class="mark[^"]*" data-code="([^"]+)"', html))
    assert drawn == {step["point"] for step in steps}
    for number in range(1, len(steps) + 1):
        assert re.search(rf'class="mark-label"[^>]*>{number}\. ', html), number


def test_the_plan_says_how_much_of_the_session_is_pressing(client: TestClient) -> None:
    html = client.get("/plan?" + profile_query(minutes=10)).text
    data = client.get("/api/plan?" + profile_query(minutes=10)).json()["routine"]
    share = round(100 * data["total_seconds"] / data["guided_seconds"])
    short = round(100 * data["total_seconds"] / data["short_guided_seconds"])
    assert f"Pressing is {share}% of the guided session" in html
    assert f"{short}% pressing" in html and short > share
