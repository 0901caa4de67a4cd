"""What 'help' lists in a workshop: everything the facilitator can say."""

from __future__ import annotations

from assessor.conversation.messages import Entry, Listing

HELP_COLUMN = 18  # the width of the workshop help's first column on a terminal
HELP = Listing(
    (
        "In a workshop everyone rates each question, we look at the spread, and you agree one "
        "answer.",
    ),
    (
        Entry("AB 3, CD 4", "rate for people by initials or name, one or many on a line"),
        Entry(
            "3",
            "a rating with no name is for the next person still to rate (in a\n"
            "room: without a device; after the reveal, 3 is the stage agreed)",
        ),
        Entry(
            "health 3",
            "rate for everyone from an organisation or sector (council, health,\n"
            "education, early years, voluntary)",
        ),
        Entry("EF abstain", "someone abstains;  'GH not sure' records don't know"),
        Entry(
            "EF thinks it's 4",
            "in words too ('CD: we only swap newsletters'); unclear ones are asked",
        ),
        Entry("add AB, ORG, ROLE", "someone joins;  'remove AB' someone leaves"),
        Entry(
            "done",
            "discuss with the ratings given so far (asks first while someone\nhas still to rate)",
        ),
        Entry("reveal", "in a room: show the spread now (it shows itself once all have rated)"),
        Entry("agree", "take the proposed median"),
        Entry("agree 3 because …", "agree another stage, with the reason (the rationale)"),
        Entry("agree because …", "take the median, with the reason"),
        Entry("no consensus", "park the question; the plan asks you to agree a shared view"),
        Entry("back", "revisit the previous question"),
        Entry("skip", "leave this question for now"),
        Entry("why / levels", "why it matters / what each stage looks like here"),
        Entry("note TEXT", "add evidence to the answer just agreed"),
        Entry("what is JSNA?", "what a term means; the question stays open"),
        Entry("progress / summary", "how far we are / the agreed profile so far"),
        Entry("pause", "save and stop; carry on later with 'assessor resume'"),
    ),
)
