"""monitor: follows a record over HTTP (C2SP tlog-tiles) and reports forks and rollbacks.

``inwriting record monitor URL --key LOGKEY --state DIR`` is meant for cron, run by a party on
its own machine: each run fetches the record's signed checkpoint and tiles, checks the
checkpoint against the last one it kept (same size: same root; smaller: a rollback; larger: a
consistency proof computed from the fetched tiles), checks every new entry against its leaf
hash, and only then keeps the new checkpoint. It must not import the database, the services
or the web app: it sees the record exactly as an outsider does.
"""
