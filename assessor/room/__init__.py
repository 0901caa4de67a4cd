"""The room: each person in a workshop rates on their own phone or laptop, blind until the reveal.

`room.Room` holds a workshop's room over its conversation and store: who joined, each person's
signed token, what each device may see (the current question and their own rating until the
reveal, then the spread). It does no I/O of its own beyond the store; `assessor.web.room_server`
serves it over HTTP on the facilitator's event loop, and the faces show its roster and spread.
"""
