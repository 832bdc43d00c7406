"""Reading residents' answers."""

from __future__ import annotations

from datetime import date

import pytest

from actions import answers

# References the system makes carry this year (the test's own clock), never a fixed one.
YEAR = date.today().year


@pytest.mark.parametrize("text, phone", [
    ("07700 900123", "07700 900123"),
    ("call me on 07700900123 please", "07700 900123"),
    ("+44 7700 900123", "07700 900123"),
    ("0113 496 0000", "0113 496 0000"),
    ("my number is 12345", None),
])
def test_phone_numbers_are_found_in_free_text(text, phone):
    assert answers.find_phone(text) == phone


def test_email_postcode_and_reference_are_found():
    assert answers.find_email("it's jo.bloggs@example.org thanks") == "jo.bloggs@example.org"
    assert answers.find_postcode("12 High St, ls1 4ab") == "LS1 4AB"
    assert answers.find_reference(f"my ref is cmp-{YEAR}-000123") == f"CMP-{YEAR}-000123"


def test_a_list_of_complaints_becomes_separate_points():
    # Code 6.7: every point raised must be answered, so each is kept separately.
    assert answers.split_points("1. nobody came\n2. rude on the phone") == [
        "nobody came", "rude on the phone"]
    assert answers.split_points("- mould\n- leak") == ["mould", "leak"]
    assert answers.split_points("The leak is back; the contractor never returned") == [
        "The leak is back", "the contractor never returned"]
    assert answers.split_points("The boiler broke and nobody came") == [
        "The boiler broke and nobody came"]


@pytest.mark.parametrize("text, consent", [
    ("yes", "given"), ("Yes I have it signed", "given"), ("not yet", "pending"),
    ("no", "pending"), ("I'm her solicitor", "not_needed"), ("legal representative", "not_needed"),
    ("banana", None),
])
def test_consent_is_given_pending_or_not_needed(text, consent):
    assert answers.read_consent(text) == consent


def test_how_long_ago_something_started_is_estimated():
    today = date(2026, 11, 30)
    assert answers.estimate_started("about 2 years ago", today).months_ago == 24
    assert answers.estimate_started("3 weeks ago", today).months_ago < 1
    # A date is worked out from words too ("i told you, 3 weeks ago"), as near as they say.
    assert answers.estimate_started("i told you, 3 weeks ago", today).started_on == \
        date(2026, 11, 9)
    assert answers.estimate_started("yesterday", today).started_on == date(2026, 11, 29)
    assert answers.estimate_started("since March", today).started_on == date(2026, 3, 1)
    assert answers.estimate_started("since December", today).started_on == date(2025, 12, 1)
    assert answers.estimate_started("back in 2023", today).months_ago > 12
    assert answers.estimate_started("ages", today).months_ago is None


def test_asking_for_a_person_is_recognised_in_short_messages_only():
    assert answers.asks_for_person("person")
    assert answers.asks_for_person("can I talk to a real person")
    assert not answers.asks_for_person("the person who came to fix the boiler was rude to "
                                       "me and left a mess in the kitchen")


def test_the_residents_own_yes_or_no_wins_over_the_intent():
    assert answers.is_yes("yes", "deny") and not answers.is_no("yes", "deny")
    assert answers.is_no("no", "affirm") and not answers.is_yes("no", "affirm")
    assert answers.is_yes("/affirm", "affirm")
    assert answers.is_yes("Yes, that's right", "complaint")
    assert answers.is_no("no, the outcome is wrong", "complaint")
    assert not answers.is_no("No one came to fix the heating", "deny", short=True)
    assert answers.is_no("no thanks", "deny", short=True)


def test_a_representatives_organisation_is_kept_apart_from_the_relationship():
    assert answers.split_relationship("Support worker at Leeds Advocacy") == (
        "Support worker", "Leeds Advocacy")
    assert answers.split_relationship("I'm an advocate from Mind") == ("advocate", "Mind")
    assert answers.split_relationship("daughter") == ("daughter", None)


@pytest.mark.parametrize("said, priority", [
    ("not urgent", "routine"), ("it's not an emergency", "routine"), ("can wait", "routine"),
    ("no rush", "routine"), ("urgent please", "urgent"), ("asap", "urgent"),
    ("emergency", "emergency"), ("it's dangerous", "emergency"), ("hmm", None),
])
def test_priority_reads_negations(said, priority):
    assert answers.read_priority(said) == priority


def test_numbers_before_full_stops_are_kept_in_the_points():
    from actions.answers import split_points

    points = split_points("I live in flat 3. The lift has been broken since August 2023.")
    assert points == ["I live in flat 3.", "The lift has been broken since August 2023."]


@pytest.mark.parametrize("courtesy", ["Hello dear, I hope you're well.",
                                      "Hi there! I'm hoping you can help.",
                                      "sorry if this is the wrong place.",
                                      "Sorry to bother you.", "Please help me.",
                                      "I'm Dev from the tenancy support team at Oak Trust.",
                                      "I look forward to hearing from you.",
                                      "I'm a tenancy sustainment worker with Fresh Start.",
                                      "Name: Paul Okoro.", "Right, I've got a few things.",
                                      "I don't even know where to start.",
                                      "Thank you for your time."])
def test_courtesy_in_a_sentence_of_its_own_is_not_a_point(courtesy):
    matter = "Nobody has come to fix the gutter since March."
    assert answers.split_points(f"{courtesy} {matter}") == [matter]
    if not courtesy.startswith(("Hello", "Hi")):  # a greeting comes first
        assert answers.split_points(f"{matter} {courtesy}") == [matter]


def test_a_pasted_letter_gives_its_matters_not_its_greeting_sign_off_or_signature():
    from actions.answers import split_points

    letter = ("Dear Sir/Madam,\n\nThe damp in my bedroom is back. It has been there since "
              "March.\n\nAlso the fence is down.\n\nYours faithfully,\nJo Bloggs\n"
              "12 Acacia Avenue\n07700 900123")
    assert split_points(letter) == [
        "The damp in my bedroom is back. It has been there since March.",
        "The fence is down."]


def test_separate_matters_in_running_text_are_separate_points():
    from actions.answers import split_points

    assert len(split_points("There is mould in the bathroom. The front door lock is broken. "
                            "The hallway light is out. The staff were rude when I called.")) == 4


def test_a_long_message_loses_none_of_its_words():
    from actions.answers import split_points

    text = " ".join(f"In August {2000 + n}. the repair number {n} was not done, and "
                    f"nobody came on {n}.{n}.{2000 + n}." for n in range(1, 40))
    assert len(text) > 2000
    points = split_points(text)
    assert " ".join(points).split() == text.split()


def test_the_segmenter_beats_the_old_regex_on_the_examples():
    from points_examples import old_split_points, score

    from actions.answers import split_points

    new, old = score(split_points), score(old_split_points)
    assert new["words_kept"] == 1.0
    assert new["exact"] >= 0.9 > old["exact"]


def test_a_start_date_with_a_day_keeps_the_day():
    from datetime import date

    from actions.answers import estimate_started

    today = date.today()
    for said in ("3 September", "since the 3rd of Sept", "September 3rd"):
        started = estimate_started(said, today).started_on
        assert (started.month, started.day) == (9, 3), said
        assert started <= today


def test_earlier_references_in_the_residents_words_are_found():
    from actions.answers import find_references

    assert find_references(f"it was ASB-1182 last year and then CMP-{YEAR}-000012") == [
        f"CMP-{YEAR}-000012", "ASB-1182"]
    assert find_references("I live at flat 3, 12 High St") == []


def test_a_sign_off_on_its_own_is_nothing_more_to_add():
    from actions.answers import nothing_more

    assert nothing_more("Yours faithfully,") and nothing_more("Kind regards")
    assert not nothing_more("The fence is down too")


def test_no_one_came_is_an_account_not_a_no():
    from actions.answers import is_no, is_reply

    assert not is_no("No one came")
    assert not is_no("no heating for a week")
    assert is_no("no thanks") and is_no("No, that covers it")
    assert not is_reply("No one came, I rang three times", "complaint", "reported_before")


def test_asking_to_complain_at_the_end_of_an_account_is_not_a_point():
    assert answers.split_points("The heating has been off for two weeks and nobody has come. "
                                "I want to make a complaint.") == [
        "The heating has been off for two weeks and nobody has come."]
    # Said alone it stays what they said: the form asks what went wrong next.
    assert answers.split_points("I want to make a complaint.") == ["I want to make a complaint."]


@pytest.mark.parametrize("said, asks", [
    ("She's happy to speak to someone to confirm", False),
    ("he is willing to talk to your officer", False),
    ("I want to speak to a real person", True),
    ("can I talk to someone please", True)])
def test_a_person_is_asked_for_only_by_the_writer(said, asks):
    assert answers.asks_for_person_in_answer(said, None, "consent") is asks


LETTER = """Dear Sir/Madam,

Complaint on behalf of Mr John Okafor, 12 Elm Road

I am writing on behalf of my father, who has asked me to raise the following concerns:

1. The boiler has broken down four times since October. Each time an engineer resets it and leaves.
2. On 14 November nobody came to the appointment. My father waited in all day.
3. The call handler was rude when I rang to chase.

What we are asking for:
- A replacement boiler
- Compensation for the missed appointment

I look forward to your response within the timescales set out in the Code.

Yours faithfully,
Grace Okafor"""


def test_each_numbered_item_of_a_pasted_letter_is_one_point_however_many_sentences():
    assert answers.split_points(LETTER) == [
        ("The boiler has broken down four times since October. Each time an engineer resets "
        "it and leaves."),
        "On 14 November nobody came to the appointment. My father waited in all day.",
        "The call handler was rude when I rang to chase."]


def test_a_listed_outcome_is_its_items_without_the_heading_or_dashes():
    assert answers.outcome_sentences(LETTER) == (
        "A replacement boiler; compensation for the missed appointment.")


@pytest.mark.parametrize("opening", [
    "Hello, I am writing about my window in bedroom. It not close since 2 month.",
    "THIS IS THE 4TH TIME IM CONTACTING YOU ABOUT MY BOILER. NO HOT WATER AGAIN.",
])
def test_writing_about_my_home_is_not_writing_for_someone(opening):
    # Retired set v5: both were filed with a representative named "MY BOILER" or the writer.
    assert answers.writes_for_someone(opening) is None


@pytest.mark.parametrize("opening, relationship", [
    ("I am writing for my mum who is 84 and has no heating", "son or daughter"),
    ("I'm contacting you about my elderly neighbour Mrs Jones", "neighbour"),
])
def test_writing_for_a_person_is_still_read(opening, relationship):
    reading = answers.writes_for_someone(opening)
    assert reading is not None and reading.relationship == relationship


@pytest.mark.parametrize("reply, acting", [
    ("For me, my son help me write", False),
    ("For my family", False),
    ("Myself, and my neighbours are in the same boat", False),
    ("for my mum", True),
    ("For my son, he is 19", True),
])
def test_for_me_first_is_for_themselves_whoever_else_they_mention(reply, acting):
    assert answers.read_acting_for(reply).acting is acting


@pytest.mark.parametrize("reply, method", [
    ("In writing please, email is acceptable.", "email"),
    ("Please respond in writing to our office by email, and copy Ms Bello", "email"),
    ("In writing please, by post to my home", "letter"),
    ("in writing", "letter"),
])
def test_in_writing_by_email_is_email(reply, method):
    assert answers.read_contact_preference(reply).method == method


@pytest.mark.parametrize("text, points", [
    ("Hello sir. We have mouse in kitchen. Pest control came once and never came back.",
     ["We have mouse in kitchen.", "Pest control came once and never came back."]),
    (("The damp is bad. I should be grateful if you would investigate and respond to this "
     "office."), ["The damp is bad."]),
    ("The damp is bad. I would be grateful if you could fix the leak.",
     ["The damp is bad.", "I would be grateful if you could fix the leak."]),
])
def test_a_greeting_to_sir_and_a_request_for_a_reply_are_not_points(text, points):
    assert answers.split_points(text) == points


def test_a_short_lead_in_to_a_letters_list_is_not_a_point():
    assert answers.split_points("Ms Bello reports that:\n1. Damp in two bedrooms\n2. No call "
                                "backs since April") == ["Damp in two bedrooms",
                                                        "No call backs since April"]


def test_details_with_call_me_and_see_above_are_not_points():
    assert answers.split_points(
        "Scaffolding has been up for ten weeks and nobody has done a thing. I'm Tony Marsh, "
        "0115 496 0391, 8 Cinderhill Walk NG6 8RE, call me.") == [
        "Scaffolding has been up for ten weeks and nobody has done a thing."]
    assert answers.split_points("see above. scaffold up, no roofers, leak in the back bedroom") \
        == ["scaffold up, no roofers, leak in the back bedroom"]


@pytest.mark.parametrize("reply, addition, outcome", [
    ("yes dont forget the asbestos", None, None),  # a reminder: nothing new to add
    ("Yes, and please make sure they actually go today",
     "Please make sure they actually go today.", True),
    ("yes, now please just get someone here", "Now please just get someone here.", True),
    ("Yes, and please note he was also never given a reason for the visits",
     "He was also never given a reason for the visits.", False),
])
def test_what_a_yes_to_the_read_back_adds(reply, addition, outcome):
    added = answers.addition_after_yes(reply)
    assert added == addition
    if added:
        assert answers.states_outcome(added) is outcome


@pytest.mark.parametrize("text, points", [
    ("Sent: 01 December 2026 16:42\nThe roof leaks.", ["The roof leaks."]),
    (("Cllr Smith has asked me to raise the following concerns:\n1. Damp\n2. Mould in the "
     "bedroom"), ["Damp", "Mould in the bedroom"]),
    ("The damp is bad. Please reply to this office.", ["The damp is bad."]),
])
def test_parts_of_a_letter_that_are_not_matters(text, points):
    # Played residents q-03 to q-08.
    assert answers.split_points(text) == points


@pytest.mark.parametrize("reply", ["It's all in my letter above - points 1 to 3.",
                                   "Otherwise no.", "see above"])
def test_replies_that_add_nothing_to_anything_else(reply):
    assert answers.nothing_more(reply)
    assert not answers.nothing_more("the bins are never emptied either")


def test_no_dear_it_is_just_me_is_for_themselves():
    assert answers.read_acting_for("No dear, it is just me. My son lives in Canada").acting \
        is False


def test_a_time_range_typed_with_n_or_ampersand_is_kept_whole():
    # Played resident p-06: "not between 1 n 3" was filed as "between 1".
    assert answers.read_contact_preference("text me, not between 1 n 3").avoid.strip() == \
        "between 1 n 3"
    assert answers.read_contact_preference("ring me between 10 & 12").when.strip() == \
        "between 10 & 12"


@pytest.mark.parametrize("reply, yes", [
    ("no i just want the door sorted. well... actually yes. the out of hours person was rude",
     True),  # played resident r-10
    ("no, on second thoughts yes please", True),
    ("no thanks", False),
    ("actually no", False),
])
def test_a_no_taken_back_is_a_yes(reply, yes):
    assert answers.is_yes(reply) is yes
    if yes:
        assert not answers.is_no(reply)


@pytest.mark.parametrize("reference, complaint", [
    (f"CMP-{date.today().year - 1}-00871", True), ("COMP-4471", True), ("COMPLAINT", True), ("cmp4471", True),
    (f"SR-{date.today().year - 1}-00012", False), ("ASB-1182", False), ("52208", False), ("COMPUTER-1", False),
    (None, False), ("", False)])
def test_a_complaint_reference_is_known_by_one_rule(reference, complaint):
    # filing (no repair carries on under a complaint's number) and case (an earlier
    # complaint named outside stage 2 is flagged for staff) ask the same question.
    assert answers.is_complaint_reference(reference) is complaint
