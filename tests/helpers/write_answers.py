"""Records answers through the store one by one, printing each id once it is committed.

Used by the durability tests: run as `python write_answers.py DB ASSESSMENT PREFIX COUNT`.
"""

from __future__ import annotations

import sys

from assessor.answers import AnswerValue
from assessor.continuum import Stage
from assessor.store import Store, resolve_path


def main() -> None:
    db, assessment_id, prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with Store(resolve_path(db)) as store:
        for number in range(count):
            question_id = f"{prefix}.q{number}"
            stage = Stage.from_number(number % 5 + 1)
            store.record_answer(
                assessment_id, question_id, AnswerValue.of(stage), words=str(number)
            )
            print(question_id, flush=True)


if __name__ == "__main__":
    main()
