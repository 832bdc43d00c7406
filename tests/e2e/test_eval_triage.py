"""The triage evaluation's arithmetic (scripts/eval_triage.py), on hand-made predictions."""

from __future__ import annotations

from scripts.eval_triage import compute_report, format_side_by_side


def row(label: str, emergency: bool = False, clear: bool = True, **flags: bool) -> dict:
    return {"id": f"r-{label}-{emergency}-{clear}", "text": "…", "label": label,
            "emergency": emergency, "clear": clear, "on_behalf": False, "prior_report": False,
            "vulnerability": False, **flags}


def pred(label: str, emergency: bool = False, **flags: bool) -> dict:
    return {"triage_label": label, "emergency": emergency, "on_behalf": False,
            "prior_report": False, "vulnerability": False, **flags}


def test_complaint_versus_request_counts_clear_cases_only():
    rows = [row("complaint"), row("service_request"), row("complaint", clear=False)]
    preds = [pred("complaint"), pred("service_request"), pred("service_request")]
    assert compute_report(rows, preds)["metrics"]["complaint_vs_service_request_accuracy"] == 1.0


def test_false_alarms_are_counted_on_routine_messages_and_misses_are_named():
    rows = [row("emergency", emergency=True), row("complaint", emergency=True),
            row("service_request"), row("service_request"), row("enquiry"), row("enquiry")]
    preds = [pred("emergency", True), pred("complaint", False),
             pred("service_request", True), pred("service_request"), pred("enquiry"),
             pred("enquiry")]
    report = compute_report(rows, preds)
    assert report["metrics"]["emergency_recall"] == 0.5
    assert report["metrics"]["emergency_false_alarm_rate"] == 0.25
    assert report["emergencies_missed"] == [rows[1]["id"]]
    assert report["targets_met"]["emergency_false_alarm_rate"] is False


def test_praise_read_as_a_complaint_is_counted():
    rows = [row("compliment"), row("compliment")]
    report = compute_report(rows, [pred("complaint"), pred("compliment")])
    assert report["metrics"]["compliments_read_as_complaint"] == 1
    assert report["targets_met"]["compliments_read_as_complaint"] is False


def test_side_by_side_puts_each_set_in_its_own_column():
    rows = [row("complaint"), row("service_request")]
    good = compute_report(rows, [pred("complaint"), pred("service_request")])
    bad = compute_report(rows, [pred("service_request"), pred("complaint")])
    table = format_side_by_side({"dev": good, "blind v9": bad})
    line = next(x for x in table.splitlines() if "complaint vs service request" in x)
    assert line.split()[-2:] == ["1.000", "0.000"]
