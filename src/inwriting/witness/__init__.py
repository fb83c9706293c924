"""witness: a C2SP tlog-witness server, a process of its own that talks to logs over HTTP only.

A party (or anyone) runs ``inwriting witness serve`` beside the record. The record's operator,
or anyone holding a checkpoint, posts it to ``/add-checkpoint`` with a consistency proof from
the last checkpoint this witness cosigned; the witness cosigns only if the new one extends it.
The decision is ``inwriting.tlog.witness`` (pure); this package is its shell: the key file, the
per-log state on disk (written atomically before any cosignature leaves), and the HTTP server.

It must not import the database, the services or the web app: a witness trusts nothing but
the bytes it is sent and what it wrote itself.
"""
