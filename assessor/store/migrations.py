"""The database schema, as numbered migrations run in order on open.

A file records the version it has reached in `meta.schema_version`; a newer assessor brings an
older file up to date in one transaction and keeps its data. Never edit a released migration:
add a new one.

The numbers need not be contiguous (a branch may take a number before the ones below it are
merged): the migrations above a file's version run in order of their numbers.
"""

from __future__ import annotations

APPLICATION_ID = 0x41535352  # "ASSR" in the SQLite header: marks the file as an assessor database

MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE partnerships (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            area TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE TABLE assessments (
            id TEXT PRIMARY KEY,
            partnership_id INTEGER NOT NULL REFERENCES partnerships(id),
            mode TEXT NOT NULL CHECK (mode IN ('individual', 'workshop')),
            status TEXT NOT NULL CHECK (status IN ('in-progress', 'complete')),
            lead TEXT NOT NULL DEFAULT '',
            started_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE INDEX assessments_by_partnership ON assessments(partnership_id, started_at);
        CREATE TABLE assessment_banks (
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            bank_id TEXT NOT NULL,
            bank_version TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (assessment_id, bank_id)
        );
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            organisation TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL,
            removed_at TEXT
        );
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,
            value INTEGER CHECK (value BETWEEN 1 AND 5),
            special TEXT CHECK (special IN ('not-applicable', 'dont-know', 'skipped')),
            words TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            answered_at TEXT NOT NULL,
            CHECK ((value IS NULL) <> (special IS NULL))
        );
        CREATE UNIQUE INDEX one_answer_per_voice
            ON answers(assessment_id, question_id, COALESCE(participant_id, 0));
    """,
    # 2: revisions and bank changes. A changed answer keeps its earlier version in a history,
    # and answers to questions later removed from a bank stay on record, marked.
    2: """
        CREATE TABLE answer_history (
            id INTEGER PRIMARY KEY,
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            participant_id INTEGER,
            value INTEGER,
            special TEXT,
            words TEXT NOT NULL,
            note TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            changed_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX answer_history_by_question ON answer_history(assessment_id, question_id);
        ALTER TABLE answers ADD COLUMN in_bank INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE answers ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
    """,
    # 3: the questions each assessment was asked, with their wording then, so that comparing
    # assessments across bank versions can tell a reworded question from a changed answer.
    3: """
        CREATE TABLE assessment_questions (
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (assessment_id, question_id)
        );
    """,
    # 4: workshops. The agreed answer carries the group's rationale beside its evidence note.
    4: """
        ALTER TABLE answers ADD COLUMN rationale TEXT NOT NULL DEFAULT '';
        ALTER TABLE answer_history ADD COLUMN rationale TEXT NOT NULL DEFAULT '';
    """,
    # 5: a cache of each assessment's scored summary, so listing thousands stays quick; rebuilt
    # whenever the assessment's revision (raised by every change to it) or its banks change.
    5: """
        ALTER TABLE assessments ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE summaries (
            assessment_id TEXT PRIMARY KEY REFERENCES assessments(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            summary TEXT NOT NULL
        );
    """,
    # 6: a partnership's target stage per domain, with by when (free text) and when it was set;
    # plans and reports aim at these unless a target is given for one report.
    6: """
        CREATE TABLE partnership_targets (
            partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
            domain_id TEXT NOT NULL,
            stage TEXT NOT NULL CHECK (stage IN
                ('isolation', 'communication', 'coordination', 'collaboration', 'integration')),
            by_when TEXT NOT NULL DEFAULT '',
            set_at TEXT NOT NULL,
            PRIMARY KEY (partnership_id, domain_id)
        );
    """,
    # 7: each answer's revision, raised by every change to it, so that a write based on a stale
    # view of an answer (another process changed it meanwhile) is noticed, not applied blindly.
    7: """
        ALTER TABLE answers ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
    """,
    # 8: the indexes that deleting a workshop, its people or one person's ratings needs: without
    # them each such delete scanned every answer in the store.
    8: """
        CREATE INDEX answers_by_participant ON answers(participant_id);
        CREATE INDEX participants_by_assessment ON participants(assessment_id);
    """,
    # 9: the room, where each person rates on their own device: the sector they chose when they
    # joined (council, health, ...), and per workshop the room's address secret, short code and
    # the key its participants' tokens are signed with, kept so that a room reopened after the
    # facilitator's process stopped takes everyone back as themselves.
    9: """
        ALTER TABLE participants ADD COLUMN sector TEXT NOT NULL DEFAULT '';
        CREATE TABLE rooms (
            assessment_id TEXT PRIMARY KEY REFERENCES assessments(id),
            secret TEXT NOT NULL,
            code TEXT NOT NULL,
            signing_key TEXT NOT NULL,
            opened_at TEXT NOT NULL
        );
    """,
    # 10: whether a partnership has agreed to share its scores with the programme: only those that
    # have are counted in another partnership's peer benchmarks. Off until it is said.
    10: """
        ALTER TABLE partnerships ADD COLUMN shares_scores INTEGER NOT NULL DEFAULT 0;
    """,
    # 11: each wording of a question is stored once (`wordings`), not once per assessment: an
    # assessment keeps which wordings it was asked (`asked_questions`, two small keys a row).
    # Most assessments share a bank version's wordings, which took over half of a large store.
    11: """
        CREATE TABLE wordings (
            id INTEGER PRIMARY KEY,
            question_id TEXT NOT NULL,
            text TEXT NOT NULL
        );
        INSERT INTO wordings(question_id, text)
            SELECT DISTINCT question_id, text FROM assessment_questions
            ORDER BY question_id, text;
        CREATE INDEX wordings_by_question ON wordings(question_id);
        CREATE TABLE asked_questions (
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            wording_id INTEGER NOT NULL REFERENCES wordings(id),
            PRIMARY KEY (assessment_id, wording_id)
        ) WITHOUT ROWID;
        INSERT INTO asked_questions(assessment_id, wording_id)
            SELECT q.assessment_id, w.id FROM assessment_questions q
            JOIN wordings w ON w.question_id = q.question_id AND w.text = q.text;
        DROP TABLE assessment_questions;
    """,
    # 12: an answer keeps its question id and who changed it as small keys (`question_keys`,
    # `writers`), each text stored once: a store holds a few dozen question ids and a writer per
    # person and process, repeated in every answer and its index. The index on participants'
    # answers leaves out the own answers (NULL there), and a bank use is kept by its key alone
    # (WITHOUT ROWID). Tables are rebuilt, ids renumbered in their order (nothing outside the
    # store holds one). A writer is found by the start of its text (an index entry of a whole
    # text of any length would be too large for PostgreSQL).
    12: """
        CREATE TABLE question_keys (
            id INTEGER PRIMARY KEY,
            question_id TEXT NOT NULL UNIQUE
        );
        INSERT INTO question_keys(question_id)
            SELECT question_id FROM (
                SELECT question_id FROM answers UNION SELECT question_id FROM answer_history
            ) AS found ORDER BY question_id;
        CREATE TABLE writers (
            id INTEGER PRIMARY KEY,
            changed_by TEXT NOT NULL
        );
        INSERT INTO writers(id, changed_by) VALUES (0, '');
        INSERT INTO writers(changed_by)
            SELECT changed_by FROM (
                SELECT changed_by FROM answers UNION SELECT changed_by FROM answer_history
            ) AS found WHERE changed_by <> '' ORDER BY changed_by;
        CREATE INDEX writers_by_start ON writers(substr(changed_by, 1, 100));
        CREATE TABLE answers_keyed (
            id INTEGER PRIMARY KEY,
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            question_key INTEGER NOT NULL REFERENCES question_keys(id),
            participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,
            value INTEGER CHECK (value BETWEEN 1 AND 5),
            special TEXT CHECK (special IN ('not-applicable', 'dont-know', 'skipped')),
            words TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            answered_at TEXT NOT NULL,
            in_bank INTEGER NOT NULL DEFAULT 1,
            writer_key INTEGER NOT NULL DEFAULT 0 REFERENCES writers(id),
            rationale TEXT NOT NULL DEFAULT '',
            revision INTEGER NOT NULL DEFAULT 1,
            CHECK ((value IS NULL) <> (special IS NULL))
        );
        INSERT INTO answers_keyed(assessment_id, question_key, participant_id, value, special,
                words, note, answered_at, in_bank, writer_key, rationale, revision)
            SELECT a.assessment_id, q.id, a.participant_id, a.value, a.special, a.words, a.note,
                a.answered_at, a.in_bank, w.id, a.rationale, a.revision
            FROM answers a
            JOIN question_keys q ON q.question_id = a.question_id
            JOIN writers w ON substr(w.changed_by, 1, 100) = substr(a.changed_by, 1, 100)
                AND w.changed_by = a.changed_by
            ORDER BY a.id;
        DROP TABLE answers;
        ALTER TABLE answers_keyed RENAME TO answers;
        CREATE UNIQUE INDEX one_answer_per_voice
            ON answers(assessment_id, question_key, COALESCE(participant_id, 0));
        CREATE INDEX answers_by_participant ON answers(participant_id)
            WHERE participant_id IS NOT NULL;
        CREATE TABLE answer_history_keyed (
            id INTEGER PRIMARY KEY,
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            question_key INTEGER NOT NULL REFERENCES question_keys(id),
            participant_id INTEGER,
            value INTEGER,
            special TEXT,
            words TEXT NOT NULL,
            note TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            writer_key INTEGER NOT NULL DEFAULT 0 REFERENCES writers(id),
            rationale TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO answer_history_keyed(assessment_id, question_key, participant_id, value,
                special, words, note, answered_at, replaced_at, writer_key, rationale)
            SELECT h.assessment_id, q.id, h.participant_id, h.value, h.special, h.words, h.note,
                h.answered_at, h.replaced_at, w.id, h.rationale
            FROM answer_history h
            JOIN question_keys q ON q.question_id = h.question_id
            JOIN writers w ON substr(w.changed_by, 1, 100) = substr(h.changed_by, 1, 100)
                AND w.changed_by = h.changed_by
            ORDER BY h.id;
        DROP TABLE answer_history;
        ALTER TABLE answer_history_keyed RENAME TO answer_history;
        CREATE INDEX answer_history_by_question ON answer_history(assessment_id, question_key);
        CREATE TABLE assessment_banks_keyed (
            assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            bank_id TEXT NOT NULL,
            bank_version TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (assessment_id, bank_id)
        ) WITHOUT ROWID;
        INSERT INTO assessment_banks_keyed(assessment_id, bank_id, bank_version, position)
            SELECT assessment_id, bank_id, bank_version, position FROM assessment_banks;
        DROP TABLE assessment_banks;
        ALTER TABLE assessment_banks_keyed RENAME TO assessment_banks;
    """,
    # 13: how an answer came to be, as typed fields rather than words read back: a workshop's
    # agreed answer parked without consensus, a rating copied from a self-assessment (its id),
    # a rating given on a participant's own device in a room. Until now these were recognised
    # by the words recorded with them ("no consensus", "self-assessment <id>", "rated on own
    # device: ..."); those answers take the facts here, and their words stay as they were.
    # Written for both engines (no LIKE: SQLite's ignores case, PostgreSQL's does not), and
    # independent of any other migration's content.
    13: """
        ALTER TABLE answers ADD COLUMN parked INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE answers ADD COLUMN prefilled_from TEXT;
        ALTER TABLE answers ADD COLUMN on_device INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE answer_history ADD COLUMN parked INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE answer_history ADD COLUMN prefilled_from TEXT;
        ALTER TABLE answer_history ADD COLUMN on_device INTEGER NOT NULL DEFAULT 0;
        UPDATE answers SET parked = 1
            WHERE participant_id IS NULL AND special = 'skipped' AND words = 'no consensus';
        UPDATE answer_history SET parked = 1
            WHERE participant_id IS NULL AND special = 'skipped' AND words = 'no consensus';
        UPDATE answers SET prefilled_from = substr(words, 17)
            WHERE participant_id IS NOT NULL AND substr(words, 1, 16) = 'self-assessment '
            AND length(words) > 16 AND length(replace(words, ' ', '')) = length(words) - 1;
        UPDATE answer_history SET prefilled_from = substr(words, 17)
            WHERE participant_id IS NOT NULL AND substr(words, 1, 16) = 'self-assessment '
            AND length(words) > 16 AND length(replace(words, ' ', '')) = length(words) - 1;
        UPDATE answers SET on_device = 1
            WHERE participant_id IS NOT NULL AND substr(words, 1, 21) = 'rated on own device: ';
        UPDATE answer_history SET on_device = 1
            WHERE participant_id IS NOT NULL AND substr(words, 1, 21) = 'rated on own device: ';
    """,
    # 14: a workshop rating given after its question's spread was shown to the room: the rating
    # it replaced (kept in the history) is the one the room first saw, and a report shows who
    # moved after discussion. Ratings given until now are taken as given before the spread.
    14: """
        ALTER TABLE answers ADD COLUMN after_spread INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE answer_history ADD COLUMN after_spread INTEGER NOT NULL DEFAULT 0;
    """,
}

LATEST = max(MIGRATIONS)


def migrations_after(version: int) -> list[str]:
    """The migrations a file at schema `version` needs, in order of their numbers."""
    return [MIGRATIONS[n] for n in sorted(MIGRATIONS) if version < n <= LATEST]
