"""`kiyaku serve`: a local web application over the same library the CLI uses.

- ``server``: the command — binding (127.0.0.1 unless told otherwise, then a shared token), warm-up, uvicorn.
- ``app``: the Starlette routes (input, analysis, comparison, downloads, progress).
- ``jobs``: the documents in memory and the one warm analysing thread that works on them.
- ``downloads``: which renderer gives each download — the CLI's own, so the bytes are the CLI's.
- ``guard``: the safety headers (Content-Security-Policy), the token, the bounded request body.
Nothing is written to disk: uploads are parsed in memory and analyses live in memory while the server runs
(the per-article cache is written only with ``--cache``).
"""
