"""Residents hear back: every staff step (and the filing) puts a notice in the outbox in
the same transaction, and the outbox worker delivers it to local stand-ins for Twilio
(SMS, WhatsApp), Telegram and SMTP — never the internet (docs/outbound.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from intake_api.core.config import Settings
from intake_api.models_outbound import Notice, SmsOptOut
from intake_api.services import outbox
from intake_api.services.providers import Providers
from tests.intake.api.outbound_standins import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    BOT_TOKEN,
    TWILIO_NUMBER,
    StandInSmtp,
    StandInTelegram,
    StandInTwilio,
)
from tests.intake.conftest import complaint

PUBLIC_URL = "https://intake.example.org"
RESIDENT = "+447700900123"


@dataclass
class Outbound:
    twilio: StandInTwilio
    telegram: StandInTelegram
    smtp: StandInSmtp
    settings: Settings
    sessions: object

    def deliver(self, now: datetime | None = None) -> dict[str, int]:
        return outbox.deliver_due(self.sessions, Providers(self.settings), now=now, base=30, cap=600)

    def notices(self, reference: str | None = None) -> list[Notice]:
        with self.sessions() as s:
            query = select(Notice).order_by(Notice.id)
            rows = list(s.execute(query).scalars())
        if reference is None:
            return rows
        from intake_api.models import Case

        with self.sessions() as s:
            case_id = s.execute(select(Case.id).where(Case.reference == reference)).scalar_one()
        return [n for n in rows if n.case_id == case_id]


@pytest.fixture
def outbound(api) -> Iterator[Outbound]:
    twilio, telegram, smtp = StandInTwilio(), StandInTelegram(), StandInSmtp()
    twilio.start()
    telegram.start()
    smtp.start()
    settings = api.settings.model_copy(update={
        "twilio_api_base": twilio.url, "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": AUTH_TOKEN, "twilio_number": TWILIO_NUMBER,
        "telegram_api_base": telegram.url, "telegram_bot_token": BOT_TOKEN,
        "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_security": "none",
        "smtp_from": "complaints@landlord.example", "public_url": PUBLIC_URL,
    })
    api.app.state.settings = settings  # the status callback checks signatures with its token
    yield Outbound(twilio, telegram, smtp, settings, api.app.state.db.sessionmaker)
    twilio.stop()
    telegram.stop()
    smtp.stop()


def file(api, **overrides) -> str:
    response = api.post("/api/v1/cases", complaint(**overrides))
    assert response.status_code == 201, response.text
    return response.json()["reference"]


def by_sms(**extra) -> dict:
    return {"name": "Ada Resident", "phone": "07700 900123", "preferred_contact": "sms", **extra}


def events(api, reference: str, type_: str) -> list[dict]:
    return [e for e in api.get(f"/api/v1/cases/{reference}").json()["events"] if e["type"] == type_]


def test_every_staff_step_sends_its_notice_by_sms_with_the_codes_contents(api, outbound) -> None:
    reference = file(api, channel="sms", complainant=by_sms())
    outbound.deliver()
    filed = outbound.twilio.to(RESIDENT)
    assert len(filed) == 1 and reference in filed[0]["Body"]
    assert filed[0]["From"] == TWILIO_NUMBER
    assert filed[0]["StatusCallback"].startswith(f"{PUBLIC_URL}/webhooks/twilio/status?notice=")

    steps = [
        ("acknowledge", {}, ["The boiler repair was missed twice", "Nobody called back",
                             "Fix the boiler and an apology"]),
        ("extend", {"days": 5, "reason": "We are waiting for the contractor's report"},
         ["waiting for the contractor's report", "Housing Ombudsman", "0300 111 3000"]),
        ("respond", {"decision": "Upheld", "reasons": "The repair was missed twice",
                     "points_answered": ["1", "2"]},
         ["Our decision: Upheld", "stage 2", "Housing Ombudsman"]),
        ("escalate", {"requested_by": "resident", "phone": "07700 900123"}, ["now at stage 2"]),
    ]
    for step, body, expected in steps:
        before = len(outbound.twilio.to(RESIDENT))
        response = api.post(f"/api/v1/cases/{reference}/{step}", body)
        assert response.status_code == 200, response.text
        outbound.deliver()
        sent = outbound.twilio.to(RESIDENT)[before:]
        text = "\n".join(m["Body"] for m in sent)
        for words in expected:
            assert words in text, (step, words)
        assert reference in text
    assert [n.kind for n in outbound.notices(reference)] == [
        "filed", "acknowledgement", "extension", "response", "escalation"]
    assert {n.status for n in outbound.notices(reference)} == {"sent"}
    sent_events = events(api, reference, "notice_sent")
    assert [e["data"]["kind"] for e in sent_events][-1] == "escalation"
    assert sent_events[0]["data"]["to"] == "+44…123"  # the timeline never shows the whole number


def test_a_long_notice_goes_as_numbered_sms_parts_without_curly_quotes(api, outbound) -> None:
    points = [f"Point {i}: the contractor’s visit on day {i} was missed — again" for i in range(1, 30)]
    reference = file(api, channel="sms", complainant=by_sms(),
                     definition={"points": points, "desired_outcome": "Fix it"})
    outbound.deliver()
    api.post(f"/api/v1/cases/{reference}/acknowledge", {})
    outbound.deliver()
    parts = [m["Body"] for m in outbound.twilio.to(RESIDENT)][1:]
    assert len(parts) > 1
    assert all(len(p) <= 765 for p in parts)
    assert parts[0].endswith(f"(1/{len(parts)})")
    joined = "\n".join(parts)
    assert "’" not in joined and "—" not in joined
    assert "Point 29" in joined


def test_email_and_telegram_get_theirs(api, outbound) -> None:
    by_email = file(api)  # preferred contact: email
    api.post(f"/api/v1/cases/{by_email}/acknowledge", {})
    api.post(f"/api/v1/cases/{by_email}/decline", {"reasons": "Legal proceedings have been filed"})
    outbound.deliver()
    mails = outbound.smtp.messages
    assert [m["To"] for m in mails] == ["ada@example.org"] * 3
    assert "acknowledgement" in mails[1]["Subject"] and by_email in mails[1]["Subject"]
    assert "The boiler repair was missed twice" in mails[1].get_content()
    assert "Housing Ombudsman" in mails[2].get_content()
    assert len({m["Message-ID"] for m in mails}) == 3

    on_telegram = file(api, channel="telegram", complainant={
        "name": "Tel Resident", "telegram_chat_id": "998877"})
    response = api.post(f"/api/v1/cases/{on_telegram}/close", {"reason": "Resolved by phone"})
    assert response.status_code == 200, response.text
    outbound.deliver()
    sent = outbound.telegram.sent
    assert [int(m["chat_id"]) for m in sent] == [998877, 998877]
    assert on_telegram in sent[0]["text"]
    assert "We have closed your complaint" in sent[1]["text"]
    assert "Resolved by phone" in sent[1]["text"]


def test_a_representative_gets_the_notice_only_with_consent(api, outbound) -> None:
    rep = {"name": "Sam Advocate", "phone": "07700 900456", "consent": "given"}
    with_consent = file(api, channel="sms", complainant={"name": "Jo", "preferred_contact": "sms"},
                        representative=rep)
    pending = file(api, channel="sms", complainant=by_sms(),
                   representative={**rep, "consent": "pending"})
    outbound.deliver()
    assert [with_consent in m["Body"] for m in outbound.twilio.to("+447700900456")] == [True]
    assert [pending in m["Body"] for m in outbound.twilio.to(RESIDENT)] == [True]


def test_whatsapp_uses_the_policys_template_outside_the_24_hour_window(api, outbound, monkeypatch) -> None:
    import dataclasses

    from intake_api.services import outbox as outbox_module
    from intake_api.services.policies import policy_for

    template = "HX" + "a" * 32
    real = policy_for("code-2024")
    monkeypatch.setattr(outbox_module, "policy_for", lambda slug=None: dataclasses.replace(
        real, whatsapp_templates={"acknowledgement": template}))
    old = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    reference = file(api, channel="whatsapp", complainant=by_sms(preferred_contact="whatsapp"),
                     transcript=[{"sender": "resident", "text": "My boiler", "at": old}],
                     received_at=old)
    outbound.deliver()
    session_message = outbound.twilio.to(RESIDENT)[0]
    # Filed by the assistant in the WhatsApp conversation: inside the window, a free message.
    assert session_message["To"] == f"whatsapp:{RESIDENT}" and reference in session_message["Body"]

    later = datetime.now(UTC) + timedelta(days=2)
    api.post(f"/api/v1/cases/{reference}/acknowledge", {})
    outbound.deliver(now=later)
    templated = outbound.twilio.to(RESIDENT)[1]
    assert templated["ContentSid"] == template and "Body" not in templated
    assert '"1": "' + reference in templated["ContentVariables"]
    assert "The boiler repair was missed twice" in templated["ContentVariables"]

    api.post(f"/api/v1/cases/{reference}/extend", {"days": 2, "reason": "Waiting for parts"})
    outbound.deliver(now=later)
    fallback = outbound.twilio.to(RESIDENT)[2]
    assert fallback["To"] == RESIDENT and fallback["From"] == TWILIO_NUMBER  # SMS
    kinds = {n.kind: n for n in outbound.notices(reference)}
    assert kinds["acknowledgement"].via == f"whatsapp template {template}"
    assert kinds["extension"].via == "sms"
    assert any("no approved template" in note for note in kinds["extension"].notes)
    assert any("no approved template" in n for e in events(api, reference, "notice_sent")
               for n in e["data"]["notes"])


def test_a_provider_outage_is_retried_with_backoff_and_delivered_exactly_once(api, outbound) -> None:
    outbound.twilio.script = [503, 429]
    reference = file(api, channel="sms", complainant=by_sms())
    now = datetime.now(UTC)
    assert outbound.deliver(now) == {"queued": 1}
    (notice,) = outbound.notices(reference)
    assert notice.status == "queued" and notice.next_attempt_at > now
    assert outbound.deliver(now) == {}  # not due yet: nothing is sent early
    assert outbound.deliver(now + timedelta(minutes=20)) == {"queued": 1}
    assert outbound.deliver(now + timedelta(hours=2)) == {"sent": 1}
    assert outbound.deliver(now + timedelta(hours=4)) == {}
    assert outbound.twilio.attempts == 3
    assert len(outbound.twilio.to(RESIDENT)) == 1
    (notice,) = outbound.notices(reference)
    assert notice.status == "sent" and notice.attempts == 3


def test_a_worker_that_died_mid_send_never_sends_twice(api, outbound) -> None:
    reference = file(api, channel="sms", complainant=by_sms())
    now = datetime.now(UTC)
    assert len(outbox.claim(outbound.sessions, now)) == 1  # claimed, then the worker died
    assert outbound.deliver(now + timedelta(minutes=10)) == {}
    assert outbound.twilio.attempts == 0
    (notice,) = outbound.notices(reference)
    assert notice.status == "failed" and "may or may not have reached" in notice.last_error


def _callback(api, notice: Notice, status: str, signature: str | None = None, **extra: str):
    sid = notice.provider_ids[0]
    path = f"/webhooks/twilio/status?{urlencode({'notice': notice.key, 'part': 0})}"
    params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": ACCOUNT_SID,
              "To": RESIDENT, **extra}
    if signature is None:
        signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_URL + path, params)
    return api.client.post(path, data=params, headers={"X-Twilio-Signature": signature})


def test_a_signed_status_callback_marks_the_notice_delivered_on_the_timeline(api, outbound) -> None:
    reference = file(api, channel="sms", complainant=by_sms())
    outbound.deliver()
    (notice,) = outbound.notices(reference)
    assert _callback(api, notice, "sent").status_code == 204
    assert outbound.notices(reference)[0].status == "sent"
    assert _callback(api, notice, "delivered").status_code == 204
    assert outbound.notices(reference)[0].status == "delivered"
    (delivered,) = events(api, reference, "notice_delivered")
    assert delivered["actor"] == "twilio" and delivered["data"]["kind"] == "filed"
    notices = api.get(f"/api/v1/cases/{reference}/notices").json()
    assert notices[0]["status"] == "delivered" and notices[0]["to"] == "+44…123"


def test_a_forged_status_callback_is_refused(api, outbound) -> None:
    reference = file(api, channel="sms", complainant=by_sms())
    outbound.deliver()
    (notice,) = outbound.notices(reference)
    forged = RequestValidator("not-the-auth-token").compute_signature(
        f"{PUBLIC_URL}/webhooks/twilio/status?notice={notice.key}&part=0",
        {"MessageSid": notice.provider_ids[0], "MessageStatus": "undelivered"})
    assert _callback(api, notice, "undelivered", signature=forged).status_code == 403
    assert _callback(api, notice, "undelivered", signature="").status_code == 403
    assert outbound.notices(reference)[0].status == "sent"
    assert events(api, reference, "notice_not_delivered") == []


def test_an_opted_out_number_gets_no_sms_and_staff_see_why(api, outbound) -> None:
    outbound.twilio.opted_out.add(RESIDENT)
    first = file(api, channel="sms", complainant=by_sms())
    outbound.deliver()
    assert outbound.twilio.attempts == 1 and outbound.twilio.messages == []
    with outbound.sessions() as s:
        assert s.get(SmsOptOut, RESIDENT) is not None
    (notice,) = outbound.notices(first)
    assert notice.status == "failed" and "opted out" in notice.last_error

    second = file(api, channel="sms", complainant=by_sms())
    outbound.deliver()
    assert outbound.twilio.attempts == 1  # the opted-out number was not even tried
    (notice,) = outbound.notices(second)
    assert notice.status == "failed" and "opted out (STOP)" in notice.last_error
    (failed,) = events(api, second, "notice_not_delivered")
    assert "opted out" in failed["data"]["reason"]


def test_an_undeliverable_notice_can_be_retried_or_sent_by_letter(api, outbound) -> None:
    outbound.twilio.script = [400]
    reference = file(api, channel="sms", complainant=by_sms(address="1 High Street, Town",
                                                            postcode="AB1 2CD"))
    outbound.deliver()
    (notice,) = api.get(f"/api/v1/cases/{reference}/notices").json()
    assert notice["status"] == "failed" and "refused" in notice["last_error"]

    retried = api.post(f"/api/v1/cases/{reference}/notices/{notice['id']}/retry")
    assert retried.status_code == 200 and retried.json()["status"] == "queued"
    outbound.deliver()
    assert len(outbound.twilio.to(RESIDENT)) == 1
    again = api.post(f"/api/v1/cases/{reference}/notices/{notice['id']}/retry")
    assert again.status_code == 409  # sent: nothing to retry

    outbound.twilio.script = [400]
    api.post(f"/api/v1/cases/{reference}/acknowledge", {})
    outbound.deliver()
    failed = api.get(f"/api/v1/cases/{reference}/notices").json()[-1]
    assert failed["status"] == "failed"
    letter = api.post(f"/api/v1/cases/{reference}/notices/{failed['id']}/letter")
    assert letter.status_code == 200, letter.text
    assert letter.json()["status"] == "awaiting_print" and letter.json()["channel"] == "letter"
    assert "1 High Street" in letter.json()["to"]
    notices = api.get(f"/api/v1/cases/{reference}/notices").json()
    assert [n["status"] for n in notices] == ["sent", "superseded", "awaiting_print"]
    assert api.post(f"/api/v1/cases/{reference}/notices/999/retry").status_code == 404


def test_notices_wait_in_the_outbox_written_with_the_case_change(api, outbound) -> None:
    # No worker has run: the notices are there, queued, with their case's changes.
    reference = file(api, channel="sms", complainant=by_sms())
    api.post(f"/api/v1/cases/{reference}/acknowledge", {})
    assert [(n.kind, n.status) for n in outbound.notices(reference)] == [
        ("filed", "queued"), ("acknowledgement", "queued")]
    # A refused step writes no notice.
    assert api.post(f"/api/v1/cases/{reference}/acknowledge", {}).status_code == 409
    assert len(outbound.notices(reference)) == 2


def test_the_outbox_worker_command_reads_the_provider_settings_from_the_environment(
        api, outbound, tmp_path) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    from sqlalchemy import update

    reference = file(api, channel="sms", complainant=by_sms())
    # Due whatever the date: the command runs on the real clock, this test maybe not
    # (tests/frozen_clock.py).
    with outbound.sessions() as s, s.begin():
        s.execute(update(Notice).values(next_attempt_at=datetime(2000, 1, 1, tzinfo=UTC)))
    env = {**os.environ, "INTAKE_DATABASE_URL": api.settings.database_url,
           "TWILIO_API_BASE": outbound.twilio.url, "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
           "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_NUMBER": TWILIO_NUMBER}
    intake = str(Path(sys.executable).parent / "intake")
    done = subprocess.run([intake, "outbox-worker", "--once"], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    (sent,) = outbound.twilio.to(RESIDENT)
    assert reference in sent["Body"]
    assert "07700" not in done.stderr + done.stdout and RESIDENT not in done.stderr + done.stdout


def test_a_provider_that_took_it_but_did_not_answer_is_never_sent_again(api, outbound,
                                                                       monkeypatch) -> None:
    from intake_api.services import providers

    monkeypatch.setattr(providers, "TIMEOUT", 0.3)
    outbound.twilio.hang = 1.0
    reference = file(api, channel="sms", complainant=by_sms())
    assert outbound.deliver() == {"failed": 1}
    outbound.twilio.hang = 0
    assert outbound.deliver(datetime.now(UTC) + timedelta(hours=2)) == {}
    assert len(outbound.twilio.to(RESIDENT)) == 1  # it did arrive, once
    (notice,) = outbound.notices(reference)
    assert notice.status == "failed" and "may or may not have reached them" in notice.last_error

    # Twilio's status callback for that message settles it: it was sent, once.
    path = f"/webhooks/twilio/status?{urlencode({'notice': notice.key, 'part': 0})}"
    params = {"MessageSid": outbound.twilio.sids[0], "MessageStatus": "delivered",
              "AccountSid": ACCOUNT_SID}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_URL + path, params)
    assert api.client.post(path, data=params, headers={"X-Twilio-Signature": signature}).status_code == 204
    (notice,) = outbound.notices(reference)
    assert notice.status == "delivered" and notice.provider_ids == outbound.twilio.sids
    assert events(api, reference, "notice_sent")[0]["actor"] == "twilio"
    assert outbound.deliver(datetime.now(UTC) + timedelta(hours=3)) == {}
    assert len(outbound.twilio.to(RESIDENT)) == 1


def test_a_notice_number_no_database_can_hold_is_a_clear_4xx(api, outbound) -> None:
    reference = file(api, channel="sms", complainant=by_sms())
    for number in ("0", str(2**31), str(2**70), "x"):
        response = api.post(f"/api/v1/cases/{reference}/notices/{number}/retry")
        assert response.status_code == 422, (number, response.text)
    assert api.post("/api/v1/cases/NOPE-1/notices/1/letter").status_code == 404


def test_a_number_that_says_start_again_can_be_opted_back_in(api, outbound, monkeypatch) -> None:
    from typer.testing import CliRunner

    from intake_api.cli import app
    from intake_api.core import config

    outbound.twilio.opted_out.add(RESIDENT)
    file(api, channel="sms", complainant=by_sms())
    outbound.deliver()
    outbound.twilio.opted_out.clear()
    monkeypatch.setenv("INTAKE_DATABASE_URL", api.settings.database_url)
    config.get_settings.cache_clear()
    try:
        done = CliRunner().invoke(app, ["sms-opt-in", "07700 900123"])
        assert done.exit_code == 0 and "may go to that number again" in done.output
        assert CliRunner().invoke(app, ["sms-opt-in", "not a number"]).exit_code == 2
    finally:
        config.get_settings.cache_clear()
    reference = file(api, channel="sms", complainant=by_sms())
    outbound.deliver()
    assert [reference in m["Body"] for m in outbound.twilio.to(RESIDENT)] == [True]
