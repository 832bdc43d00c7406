"""Custom actions for the resident intake assistant (rasa-sdk action server).

Run from the repository root: ``rasa run actions --actions actions``.

- ``triage_slots``: the triage slots after every user turn (docs/architecture.md §3 contract).
- ``routing``: ``action_route``, what the bot does next with a message.
- ``forms``: validation for the complaint, service request, ASB, contact,
  correction and status forms; ``questions``: the forms' questions.
- ``handoff``: ``action_submit_case``, the case sent to the intake API.
- ``intake_client`` / ``outbox``: the HTTP client and the durable outbox.
- ``case``, ``answers``, ``wording``, ``policy``: pure helpers.
"""
