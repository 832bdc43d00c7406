"""Who a notice goes to and how (domain/outbound.py): pure rules, no I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from intake_api.domain import outbound
from intake_api.domain.outbound import Route

ADA = {"name": "Ada", "phone": "07700 900123", "email": "ada@example.org",
       "address": "1 High Street", "postcode": "AB1 2CD", "telegram_chat_id": "998877"}


def test_uk_and_international_numbers_are_written_in_e164() -> None:
    assert outbound.e164("07700 900123") == "+447700900123"
    assert outbound.e164("+44 (0)7700-900123".replace("(0)", "")) == "+447700900123"
    assert outbound.e164("0044 7700 900123") == "+447700900123"
    assert outbound.e164("whatsapp:+447700900123") == "+447700900123"
    assert outbound.e164("call me") is None and outbound.e164("") is None


def test_the_preferred_contact_comes_first_then_the_channel_used() -> None:
    assert outbound.routes_for({**ADA, "preferred_contact": "email"}, "email", "sms") == (
        Route("email", "ada@example.org"), Route("sms", "+447700900123"))
    assert outbound.routes_for(ADA, "letter", "web") == (Route("letter", "Ada\n1 High Street\nAB1 2CD"),)
    assert outbound.routes_for(ADA, None, "telegram") == (Route("telegram", "998877"),)
    # A phone call cannot be sent: the channel used, or a text as the written record.
    assert outbound.routes_for(ADA, "phone", "email") == (Route("email", "ada@example.org"),)
    assert outbound.routes_for(ADA, "phone", "web") == (Route("sms", "+447700900123"),)
    # No address for the channel: not a route.
    assert outbound.routes_for({"name": "Bo"}, "email", "web") == ()


def test_the_representative_is_written_to_only_with_consent() -> None:
    rep = {"name": "Sam", "email": "sam@advice.example"}
    given_ = outbound.recipient({**ADA, "preferred_contact": "email"}, rep, "given", "web")
    assert given_.role == "representative" and given_.routes[0].to == "sam@advice.example"
    legal = outbound.recipient({"preferred_contact": "email"}, rep, "not_needed", "web")
    assert legal.role == "representative"
    pending = outbound.recipient({**ADA, "preferred_contact": "email"}, rep, "pending", "web")
    assert pending.role == "complainant" and pending.routes[0].to == "ada@example.org"
    assert "pending" in pending.why


def test_whatsapp_needs_a_template_outside_the_24_hour_window() -> None:
    now = datetime(2026, 12, 4, 12, tzinfo=UTC)
    assert not outbound.needs_whatsapp_template(now - timedelta(hours=2), now)
    assert outbound.needs_whatsapp_template(now - timedelta(hours=23, minutes=45), now)
    assert outbound.needs_whatsapp_template(None, now)
    transcript = [{"sender": "resident", "at": "2026-12-04T09:00:00Z"},
                  {"sender": "bot", "at": "2026-12-04T11:00:00Z"}]
    assert outbound.last_inbound_at(transcript, None) == datetime(2026, 12, 4, 9, tzinfo=UTC)


def test_template_variables_are_one_line_and_within_metas_limit() -> None:
    assert outbound.template_variables("CMP-1", "Line one\n\nLine  two") == {
        "1": "CMP-1", "2": "Line one / Line two"}
    assert outbound.template_variables("CMP-1", "x" * 2000) is None


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=4000))
def test_sms_parts_keep_every_word_within_the_limit(text: str) -> None:
    parts = outbound.sms_parts(text)
    assert all(len(p) <= outbound.SMS_PART_CHARS for p in parts)
    if len(parts) > 1:
        assert parts[-1].endswith(f"({len(parts)}/{len(parts)})")
    original = text.translate(outbound._GSM_FRIENDLY).split()
    rebuilt = " ".join(p.rsplit(" (", 1)[0] if len(parts) > 1 else p for p in parts).split()
    assert "".join(rebuilt) == "".join(original)


def test_a_policys_whatsapp_templates_are_checked(tmp_path) -> None:
    import pytest

    from intake_api.domain.policy import PolicyError, load_policy

    good = tmp_path / "good.yaml"
    good.write_text("extends: code-2024\nname: Good\nwhatsapp_templates:\n"
                    f"  acknowledgement: HX{'a' * 32}\n")
    assert load_policy(good).whatsapp_templates == {"acknowledgement": "HX" + "a" * 32}
    for bad, field in ((f"  acknowledgement: SM{'a' * 32}\n", "whatsapp_templates.acknowledgement"),
                       (f"  welcome: HX{'a' * 32}\n", "whatsapp_templates.welcome")):
        path = tmp_path / "bad.yaml"
        path.write_text(f"extends: code-2024\nname: Bad\nwhatsapp_templates:\n{bad}")
        with pytest.raises(PolicyError, match=field):
            load_policy(path)
