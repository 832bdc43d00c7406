"""The words that tell, in a complaint's account, of an earlier report
(answers.tells_of_earlier_report): every entry of the lexicon has a sentence it must
find and a near miss it must not. Written for these tests; none comes from an evaluation
set. A complaint filed through the real actions and the real intake API carries the flag.
"""

from __future__ import annotations

import pytest
from conversation import Conversation
from helpers import reading
from test_conversation_answers import answer_the_rest

from actions.answers import tells_of_earlier_report

# One pair per entry of _EARLIER_REPORT, in its order: (found, near miss).
PAIRS = [
    ("the drain by the back door is blocked agen", "the drain by the back door is blocked"),
    ("this is the fourth time the bin store has overflowed", "this is a bad time of year"),
    ("I emailed your office three times about the fence", "I sent my sister a photo of the fence"),
    ("two visits and the damp is still spreading", "the damp is spreading up the wall"),
    ("your plumber came and just taped the pipe", "the pipe under the sink is dripping"),
    ("my stage 1 reply did not mention the fence", "the fence fell over in the storm"),
    ("I rang on Monday about the lift", "the lift is out on the ninth floor"),
    ("every time I phone I'm told it's with the contractor", "the contractor works weekdays"),
    ("I tell housing before the window is loose", "the window catch is loose"),
    ("the handrail is still not fitted", "the handrail is wobbly on the stairs"),
]


@pytest.mark.parametrize("found, near_miss", PAIRS)
def test_each_entry_finds_its_words_and_not_a_near_miss(found, near_miss):
    assert tells_of_earlier_report(found)
    assert not tells_of_earlier_report(near_miss)


def test_telling_the_police_is_not_a_report_to_us():
    assert not tells_of_earlier_report("I told the police about the break-in")


@pytest.mark.asyncio
@pytest.mark.parametrize("opening, more, reported", [
    # The opening's learned reading misses it; the answer to "tell me more" says it.
    (("The fence panel between me and the path has been down for six weeks and my dog keeps "
     "getting out."), "A man came and measured up, then nothing.", True),
    ("The caretaker swore at me in the car park this morning when I asked about the bins.",
     "He told me to mind my own business and walked off.", False)])
async def test_a_complaint_is_filed_as_reported_before_when_its_account_says_so(
        intake_api, opening, more, reported):
    c = Conversation()
    await c.say(opening, "complaint", scores=reading())
    await c.say("yes", "affirm")
    await c.say(more, "complaint")
    await c.say("no", "deny")
    await answer_the_rest(c, {"complaint_started": "six weeks ago",
                              "desired_outcome": "put it right",
                              "acting_for": "no", "resident_name": "Jo Bloggs",
                              "contact_details": "07700 900123", "preferred_contact": "phone",
                              "postal_address": "4 Elm Road, LS6 2AB",
                              "linked_reference": "no"})
    assert intake_api.case(c.reference)["flags"]["prior_report"] is reported
